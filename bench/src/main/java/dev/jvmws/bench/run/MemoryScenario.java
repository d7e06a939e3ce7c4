package dev.jvmws.bench.run;

import dev.jvmws.bench.load.IdleLoad;
import dev.jvmws.bench.load.LoadException;
import dev.jvmws.bench.load.LoadGenerator;
import dev.jvmws.bench.load.Target;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * M1: each repetition starts a fresh server process (so no earlier workload has touched its heap),
 * warms it up by opening {@link #CONNECTIONS} upgraded connections and closing them all, lets it
 * settle, reads its RSS, opens {@link #CONNECTIONS} upgraded connections and leaves them idle,
 * settles again and reads RSS again. Growth per connection is (after − before) / connections. Nothing
 * is triggered in the server (no GC request): RSS is what the process holds with its JVM options.
 *
 * <p>Why the warm-up: like every other workload, M1 measures a server that has already done the
 * work once. A cold JVM counts as growth every heap page that the garbage of accepting first touches
 * (up to its young generation's size, a one-time cost of the process, not of a connection: a second
 * batch of handshakes reuses those pages); after one round of opening and closing, what grows is what
 * the connections keep. Node's heap is warmed the same way.
 */
final class MemoryScenario {
    /** Well inside the 20,000 descriptors each of the two processes may hold. */
    static final int CONNECTIONS = 10_000;
    private static final long OPEN_TIMEOUT_MILLIS = 120_000;
    private static final long WARM_UP_RELEASE_TIMEOUT_NANOS = 30_000_000_000L;

    private final RunSettings settings;
    private final Results results;
    private final Progress progress;

    MemoryScenario(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
    }

    void run(ServerSpec spec) throws InterruptedException {
        List<Double> kibPerConnection = new ArrayList<>();
        List<Double> openSeconds = new ArrayList<>();
        progress.begin(Scenario.M1, spec.name());
        for (int rep = 1; rep <= settings.timing().idleRepetitions(); rep++) {
            try (ServerProcess server = ServerProcess.start(spec,
                    settings.outputDirectory().resolve("logs").resolve(spec.name() + "-M1-" + rep + ".log"))) {
                long drops = ListenDrops.now();
                double[] figures = measureOnce(server);
                LoadScenarios.noteListenDrops(results, spec.name(), Scenario.M1, drops);
                kibPerConnection.add(figures[0]);
                openSeconds.add(figures[1]);
            } catch (ServerStartException e) {
                fail(spec, "server did not start: " + e.getMessage());
                return;
            } catch (LoadException | IOException e) {
                fail(spec, e.getMessage());
                return;
            }
        }
        results.put(spec.name(), Metric.M1_KIB_PER_CONNECTION, Cell.of(Stats.of(kibPerConnection)));
        results.put(spec.name(), Metric.M1_OPEN_SECONDS, Cell.of(Stats.of(openSeconds)));
        progress.finish(String.format("%s KiB/connection  %s s to open",
                Figures.withSpread(Stats.of(kibPerConnection), 2), Figures.withSpread(Stats.of(openSeconds), 2)));
    }

    /** Returns {KiB per connection, seconds to open}. */
    private double[] measureOnce(ServerProcess server) throws LoadException, IOException, InterruptedException {
        warmUp(server);
        Thread.sleep(settings.timing().idleSettleMillis());
        long before = server.rssKib();
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            IdleLoad idle = new IdleLoad(generator, Target.webSocket("127.0.0.1", server.port(), "/"));
            long openNanos = idle.open(CONNECTIONS, OPEN_TIMEOUT_MILLIS);
            Thread.sleep(settings.timing().idleSettleMillis());
            long after = server.rssKib();
            if (idle.dropped() > 0) {
                throw new LoadException("the server closed " + idle.dropped() + " of " + CONNECTIONS
                        + " idle connections");
            }
            return new double[] {(after - before) / (double) CONNECTIONS, openNanos / 1e9};
        }
    }

    /**
     * Opens {@link #CONNECTIONS} connections and closes them (TCP close, which every server answers by
     * releasing the connection); the next batch comes from other source addresses, so the closed
     * ones' TIME_WAIT ports are not in its way.
     */
    private void warmUp(ServerProcess server) throws LoadException, IOException, InterruptedException {
        long descriptorsBefore = server.openDescriptors();
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            IdleLoad idle = new IdleLoad(generator, Target.webSocket("127.0.0.1", server.port(), "/"));
            idle.open(CONNECTIONS, OPEN_TIMEOUT_MILLIS);
        }
        // Wait until the server has let its sockets go, so the baseline holds no connection.
        long deadline = System.nanoTime() + WARM_UP_RELEASE_TIMEOUT_NANOS;
        while (server.openDescriptors() > descriptorsBefore + CONNECTIONS / 100) {
            if (System.nanoTime() - deadline > 0) {
                throw new LoadException("the server still held " + (server.openDescriptors() - descriptorsBefore)
                        + " of the warm-up's connections after 30 s");
            }
            Thread.sleep(100);
        }
    }

    private void fail(ServerSpec spec, String reason) {
        results.fail(spec.name(), Scenario.M1, reason);
        progress.finish("n/a: " + reason);
    }
}
