package dev.jvmws.bench.run;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The processes this runner started and has not stopped yet. A shutdown hook stops them (by PID,
 * SIGTERM then SIGKILL) when the runner exits for any reason, so no server or client outlives a run.
 * Thread-safe.
 */
final class ChildProcesses {
    private static final long GRACE_MILLIS = 3_000;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::stopAll, "stop-child-processes"));
    }

    private ChildProcesses() {
    }

    static void add(Process process) {
        LIVE.add(process);
    }

    static void remove(Process process) {
        LIVE.remove(process);
    }

    /** SIGTERM, then SIGKILL if it is still there after {@code graceMillis}; waits for it to go. */
    static void stop(Process process, long graceMillis) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            remove(process);
        }
    }

    private static void stopAll() {
        for (Process process : LIVE) {
            stop(process, GRACE_MILLIS);
        }
    }
}
