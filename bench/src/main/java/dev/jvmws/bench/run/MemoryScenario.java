package dev.jvmws.bench.run;

import dev.jvmws.bench.load.IdleLoad;
import dev.jvmws.bench.load.LoadException;
import dev.jvmws.bench.load.LoadGenerator;
import dev.jvmws.bench.load.Target;
import dev.jvmws.bench.load.TlsClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * M1: each repetition starts a fresh server process (so no earlier workload has touched its heap),
 * lets it settle, reads its RSS, opens {@link #CONNECTIONS} upgraded connections and leaves them idle,
 * settles again and reads RSS again. Growth per connection is (after − before) / connections. Nothing
 * is triggered in the server before the RSS readings (no GC request): RSS is what the process holds
 * with its JVM options, the heap pages that the garbage of accepting first touched included.
 *
 * <p>For a JVM server it also reads what the connections keep: live heap bytes (after the full
 * collection {@code jcmd GC.class_histogram} makes) once after the first RSS reading and once after
 * the second, divided by the connections. RSS growth on a cold JVM is mostly garbage not yet
 * collected; the live heap is the part that stays. Node has no such outside view, so its cell is
 * empty.
 *
 * <p>M1T is the same over TLS 1.3, on the server launched to serve wss, with {@link
 * Timing#tlsIdleConnections()} connections: each keeps its TLS session (its engine, keys and record
 * state) on top of what M1 measures.
 */
final class MemoryScenario {
    /** Well inside the 20,000 descriptors each of the two processes may hold. */
    static final int CONNECTIONS = 10_000;
    private static final long OPEN_TIMEOUT_MILLIS = 120_000;

    private final RunSettings settings;
    private final Results results;
    private final Progress progress;

    MemoryScenario(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
    }

    /** M1 against {@code spec}. */
    void run(ServerSpec spec) throws InterruptedException {
        run(spec, Scenario.M1, CONNECTIONS, null, Metric.M1_KIB_PER_CONNECTION, Metric.M1_OPEN_SECONDS,
                Metric.M1_HEAP_KIB_PER_CONNECTION);
    }

    /** M1T against {@code spec} launched to serve wss ({@link ServerSpec#withTls()}), through {@code tls}. */
    void runTls(ServerSpec spec, TlsClient tls) throws InterruptedException {
        run(spec, Scenario.M1T, settings.timing().tlsIdleConnections(), tls, Metric.M1T_KIB_PER_CONNECTION,
                Metric.M1T_OPEN_SECONDS, Metric.M1T_HEAP_KIB_PER_CONNECTION);
    }

    private void run(ServerSpec spec, Scenario scenario, int connections, TlsClient tls, Metric rss, Metric open,
            Metric heap) throws InterruptedException {
        List<Double> kibPerConnection = new ArrayList<>();
        List<Double> openSeconds = new ArrayList<>();
        List<Double> liveHeapKibPerConnection = new ArrayList<>();
        progress.begin(scenario, spec.name());
        for (int rep = 1; rep <= settings.timing().idleRepetitions(); rep++) {
            try (ServerProcess server = ServerProcess.start(spec, settings.outputDirectory().resolve("logs")
                    .resolve(spec.name() + "-" + scenario + "-" + rep + ".log"))) {
                long drops = ListenDrops.now();
                Target target = Target.webSocket("127.0.0.1", server.port(), "/");
                double[] figures = measureOnce(server, tls == null ? target : target.withTls(tls), connections,
                        spec.jvm());
                LoadScenarios.noteListenDrops(results, spec.name(), scenario, drops);
                kibPerConnection.add(figures[0]);
                openSeconds.add(figures[1]);
                if (spec.jvm()) {
                    liveHeapKibPerConnection.add(figures[2]);
                }
            } catch (ServerStartException e) {
                fail(spec, scenario, "server did not start: " + e.getMessage());
                return;
            } catch (LoadException | IOException e) {
                fail(spec, scenario, e.getMessage());
                return;
            }
        }
        results.put(spec.name(), rss, Cell.of(Stats.of(kibPerConnection)));
        results.put(spec.name(), open, Cell.of(Stats.of(openSeconds)));
        if (!liveHeapKibPerConnection.isEmpty()) {
            results.put(spec.name(), heap, Cell.of(Stats.of(liveHeapKibPerConnection)));
        }
        progress.finish(String.format("%s KiB/connection  %s s to open",
                Figures.withSpread(Stats.of(kibPerConnection), 2), Figures.withSpread(Stats.of(openSeconds), 2)));
    }

    /** Returns {RSS KiB per connection, seconds to open, live heap KiB per connection (JVM only, else NaN)}. */
    private double[] measureOnce(ServerProcess server, Target target, int connections, boolean jvm)
            throws LoadException, IOException, InterruptedException {
        Thread.sleep(settings.timing().idleSettleMillis());
        long before = server.rssKib();
        long heapBefore = jvm ? server.liveHeapBytes(jcmd()) : 0;
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            IdleLoad idle = new IdleLoad(generator, target);
            long openNanos = idle.open(connections, OPEN_TIMEOUT_MILLIS);
            Thread.sleep(settings.timing().idleSettleMillis());
            long after = server.rssKib();
            double heapKib = jvm ? (server.liveHeapBytes(jcmd()) - heapBefore) / 1024.0 / connections : Double.NaN;
            if (idle.dropped() > 0) {
                throw new LoadException("the server closed " + idle.dropped() + " of " + connections
                        + " idle connections");
            }
            return new double[] {(after - before) / (double) connections, openNanos / 1e9, heapKib};
        }
    }

    private Path jcmd() {
        return Path.of(settings.java()).resolveSibling("jcmd");
    }

    private void fail(ServerSpec spec, Scenario scenario, String reason) {
        results.fail(spec.name(), scenario, reason);
        progress.finish("n/a: " + reason);
    }
}
