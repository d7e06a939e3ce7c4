package dev.jvmws.bench.run;

import java.io.PrintStream;

/**
 * The running commentary of a run on the console: one line per server, then one per scenario with
 * the seconds since the run started, so a slow part stands out. Used by the runner's thread only.
 */
final class Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    /** A heading line, e.g. the server about to be measured. */
    void heading(String text) {
        out.printf("[%5.0f s] %s%n", elapsedSeconds(), text);
    }

    /** Starts a scenario line; {@link #finish} ends it. */
    void begin(Scenario scenario, String row) {
        out.printf("[%5.0f s]   %s %-15s ", elapsedSeconds(), scenario, row);
        out.flush();
    }

    void finish(String text) {
        out.println(text);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
