package dev.jvmws.bench.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator's threads: a few {@link LoadLoop}s (one by default, so that on a two-core
 * machine the server under test gets the other core). A workload creates one, opens its connections
 * on it and closes it at the end, which closes every connection it still holds. Thread-safe.
 */
public final class LoadGenerator implements AutoCloseable {
    private final List<LoadLoop> loops = new ArrayList<>();

    public LoadGenerator(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        for (int i = 0; i < threads; i++) {
            loops.add(new LoadLoop("load-" + i));
        }
    }

    public int threads() {
        return loops.size();
    }

    /** The loop that connection number {@code index} belongs to (connections are dealt round-robin). */
    public LoadLoop loop(int index) {
        return loops.get(Math.floorMod(index, loops.size()));
    }

    /** Total CPU time of all loop threads so far. */
    public long cpuTimeNanos() {
        long total = 0;
        for (LoadLoop loop : loops) {
            total += loop.cpuTimeNanos();
        }
        return total;
    }

    /** Runs {@code task} once on every loop's thread. */
    public void onEachLoop(java.util.function.Consumer<LoadLoop> task) {
        for (LoadLoop loop : loops) {
            loop.execute(() -> task.accept(loop));
        }
    }

    @Override
    public void close() {
        for (LoadLoop loop : loops) {
            loop.close();
        }
    }
}
