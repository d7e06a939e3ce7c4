package dev.jvmws.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads wscat's input lines (UTF-8, split at LF, CRLF or CR like Node's readline) on a daemon thread,
 * so a blocked read of stdin never keeps the process alive after the connection is done.
 */
final class WscatInput {
    /** Where wscat's input lines come from: stdin read here, or a terminal's {@link WscatLineReader}. */
    @FunctionalInterface
    interface Source {
        /** Starts delivering lines to {@code onLine}; {@code onEnd} runs once when input ends. */
        void start(Consumer<String> onLine, Runnable onEnd);
    }

    private WscatInput() {}

    /** The lines of {@code in}, read on a daemon thread. */
    static Source of(InputStream in) {
        return (onLine, onEnd) -> start(in, onLine, onEnd);
    }

    /**
     * Starts reading {@code in}: each line goes to {@code onLine}, then {@code onEnd} runs once at end of
     * input (or when reading fails, which for a terminal or pipe means the same thing).
     */
    static void start(InputStream in, Consumer<String> onLine, Runnable onEnd) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // Treated as end of input below.
            } finally {
                onEnd.run();
            }
        }, "wscat-stdin");
        reader.setDaemon(true);
        reader.start();
    }
}
