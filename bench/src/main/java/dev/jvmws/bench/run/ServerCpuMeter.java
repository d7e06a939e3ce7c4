package dev.jvmws.bench.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's CPU time over each measured window: {@link #begin} and {@link #end} around a window.
 * A window whose reading failed (the server gone) records NaN, which the results show as n/a.
 */
final class ServerCpuMeter {
    private final ServerProcess server;
    private final List<Double> windowSeconds = new ArrayList<>();
    private double start = Double.NaN;

    ServerCpuMeter(ServerProcess server) {
        this.server = server;
    }

    void begin() {
        start = read();
    }

    void end() {
        windowSeconds.add(read() - start);
    }

    /** CPU seconds of each window, in order. */
    List<Double> windowSeconds() {
        return windowSeconds;
    }

    private double read() {
        try {
            return server.cpuSeconds();
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
