package dev.jvmws.bench.abuse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh {@code bin/testee server} child process for one attack: port 0, so the kernel picks a free
 * port and the testee prints it ({@code testee server listening on /127.0.0.1:P}) — no race between
 * finding a port and binding it. Optionally under {@code ulimit -n N} ({@code bash -c 'ulimit -n N &&
 * exec …'}: exec keeps the PID, so the PID we hold is the JVM's). Stopped by its PID only (SIGTERM, then
 * SIGKILL); a shutdown hook stops any left if this JVM exits early. Thread-safe.
 */
final class TesteeProcess implements AutoCloseable {
    /** A package-qualified class name ending in Error or Exception; group 1 is the simple name. */
    private static final Pattern QUALIFIED_THROWABLE =
            Pattern.compile("\\b[a-z]\\w*(?:\\.[a-z]\\w*)*\\.([A-Z]\\w*(?:Error|Exception))\\b");
    private static final Pattern LISTENING = Pattern.compile("listening on \\S*:(\\d+)");
    private static final long READY_TIMEOUT_MILLIS = 60_000;
    private static final long STOP_GRACE_MILLIS = 5_000;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "stop-testees"));
    }

    /** How the process ended: by itself (and how), or stopped by us. */
    record Exit(boolean byItself, int status, boolean killed, String firstError) {
        String describe() {
            if (byItself) {
                return "exited " + status;
            }
            return killed ? "hung: SIGKILL needed" : "stopped by us";
        }
    }

    private final Process process;
    private final Path log;
    private final int port;
    private Exit exit;

    private TesteeProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code root/bin/testee server} on 127.0.0.1, with compression on or off and an fd limit
     * (0: inherited), logging to {@code log}, and waits for its listening line.
     */
    static TesteeProcess start(Path root, boolean compression, int fdLimit, Path log)
            throws IOException, InterruptedException {
        List<String> testee = new ArrayList<>(List.of(root.resolve("bin/testee").toString(), "server",
                "--host", "127.0.0.1", "--port", "0"));
        if (!compression) {
            testee.add("--no-compression");
        }
        List<String> command = new ArrayList<>();
        if (fdLimit > 0) {
            // "$0" "$@" are the testee's own words, so no quoting of paths is needed in the script.
            command.addAll(List.of("bash", "-c", "ulimit -n " + fdLimit + " && exec \"$0\" \"$@\""));
        }
        command.addAll(testee);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        LIVE.add(process);
        return new TesteeProcess(process, log, awaitPort(process, log));
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /**
     * Stops the process by PID if it is still running and says how it ended. Idempotent: the first
     * call decides whether it had exited by itself.
     */
    synchronized Exit stop() throws InterruptedException {
        if (exit != null) {
            return exit;
        }
        boolean byItself = !process.isAlive();
        boolean killed = false;
        if (!byItself) {
            process.destroy();
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                killed = true;
                process.destroyForcibly();
                process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        LIVE.remove(process);
        exit = new Exit(byItself, process.isAlive() ? -1 : process.exitValue(), killed, firstError(readLog(log)));
        return exit;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(readLog(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                LIVE.remove(process);
                throw new IOException("testee exited with " + process.exitValue() + " before listening: "
                        + lastLine(readLog(log)));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        LIVE.remove(process);
        throw new IOException("testee printed no listening line within " + READY_TIMEOUT_MILLIS / 1000 + " s");
    }

    /** The first line of the log that names an error or exception (what killed or hurt it), or null. */
    static String firstError(String logText) {
        return logText.lines().map(String::strip)
                .filter(l -> l.contains("Error") || l.contains("Exception"))
                .findFirst().map(TesteeProcess::shorten).orElse(null);
    }

    /**
     * The simple name of the JDK error or exception a log line names ({@code java.lang.OutOfMemoryError}
     * → {@code OutOfMemoryError}), the line's start if it names none, or {@code –} for no line.
     */
    static String errorName(String line) {
        if (line == null) {
            return "–";
        }
        Matcher m = QUALIFIED_THROWABLE.matcher(line);
        if (m.find()) {
            return m.group(1);
        }
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }

    private static String lastLine(String logText) {
        List<String> lines = logText.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)" : shorten(lines.get(lines.size() - 1));
    }

    private static String shorten(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The log's first 4 MiB: a server that logs in a loop must not make us read gigabytes. */
    private static String readLog(Path log) {
        try (var in = Files.newInputStream(log)) {
            return new String(in.readNBytes(4 << 20), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
