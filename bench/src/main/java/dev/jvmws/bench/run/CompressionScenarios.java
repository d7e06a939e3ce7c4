package dev.jvmws.bench.run;

import dev.jvmws.bench.load.ClientFrames;
import dev.jvmws.bench.load.CompressedMemoryLoad;
import dev.jvmws.bench.load.CompressedReplies;
import dev.jvmws.bench.load.EchoLoad;
import dev.jvmws.bench.load.LoadException;
import dev.jvmws.bench.load.LoadGenerator;
import dev.jvmws.bench.load.Message;
import dev.jvmws.bench.load.Payloads;
import dev.jvmws.bench.load.Target;
import dev.jvmws.bench.load.WindowResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The compressed workloads, on a server launched with permessage-deflate on ({@link
 * ServerSpec#withCompression()}); the load generator offers {@code permessage-deflate;
 * client_no_context_takeover} and sends pre-compressed frames, RSV1 set, of {@link #MESSAGE_BYTES} of
 * JSON text: {@link #MESSAGE_VARIANTS} distinct messages in turn on every connection.
 *
 * <ul>
 *   <li>Z1: E1 with those messages, in a process of its own, after a longer warm-up ({@link
 *       Timing#compressedWarmupMillis()}): echoes/s, p50, p99.
 *   <li>ZM: like M1, a fresh process per repetition; its RSS is read before opening, after opening
 *       {@link Timing#compressedConnections()} connections (idle), after each has exchanged one
 *       message each way and settled (idle after traffic), and while all of them echo (active).
 *       Each figure is (RSS then − RSS before) / connections.
 * </ul>
 *
 * A server that declines the offer fails the handshake check, so its cells are n/a with that reason;
 * replies that come back uncompressed are noted.
 */
final class CompressionScenarios {
    /** A realistic application message: 2 KiB of JSON, compressing to about a quarter on its own. */
    static final int MESSAGE_BYTES = 2_048;
    /**
     * Distinct messages each connection sends in turn: more than a 32 KiB window holds (about 16),
     * so a server with context takeover compresses each echo against similar messages, never against
     * an identical one.
     */
    static final int MESSAGE_VARIANTS = 64;
    static final int Z1_CONNECTIONS = LoadScenarios.E1_CONNECTIONS;
    /** Below this share of compressed replies the results say so. */
    private static final double EXPECTED_COMPRESSED_SHARE = 0.99;
    private static final long OPEN_TIMEOUT_MILLIS = 120_000;
    private static final long EXCHANGE_TIMEOUT_MILLIS = 60_000;

    private final RunSettings settings;
    private final Results results;
    private final Progress progress;
    private final List<byte[]> payloads = new ArrayList<>();

    CompressionScenarios(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
        for (int variant = 0; variant < MESSAGE_VARIANTS; variant++) {
            payloads.add(Payloads.json(MESSAGE_BYTES, variant));
        }
    }

    /** Runs Z1 and ZM (those selected) against {@code spec}, recording figures or n/a reasons. */
    void run(ServerSpec spec) throws InterruptedException {
        List<Scenario> selected = new ArrayList<>();
        for (Scenario scenario : List.of(Scenario.Z1, Scenario.ZM)) {
            if (settings.runs(scenario) && spec.supports(scenario)) {
                selected.add(scenario);
            }
        }
        if (selected.isEmpty()) {
            return;
        }
        if (!spec.compression().supported()) {
            for (Scenario scenario : selected) {
                progress.begin(scenario, spec.name());
                fail(spec, scenario, spec.compression().description());
            }
            return;
        }
        progress.heading(spec.name() + " with permessage-deflate: " + spec.compression().description());
        ServerSpec compressed = spec.withCompression();
        if (selected.contains(Scenario.Z1)) {
            runEcho(compressed);
        }
        if (selected.contains(Scenario.ZM)) {
            runMemory(compressed);
        }
    }

    private void runEcho(ServerSpec spec) throws InterruptedException {
        progress.begin(Scenario.Z1, spec.name());
        try (ServerProcess server = ServerProcess.start(spec, log(spec, "Z1"))) {
            try {
                long drops = ListenDrops.now();
                List<WindowResult> windows = echo(server);
                LoadScenarios.noteListenDrops(results, spec.name(), Scenario.Z1, drops);
                LoadScenarios.put(results, spec.name(), Metric.Z1_RATE, windows, WindowResult::rate);
                LoadScenarios.put(results, spec.name(), Metric.Z1_P50, windows, w -> w.latencyMicros(50));
                LoadScenarios.put(results, spec.name(), Metric.Z1_P99, windows, w -> w.latencyMicros(99));
                LoadScenarios.noteSaturation(results, spec.name(), Scenario.Z1, windows);
                progress.finish(String.format("%s  (load generator %.0f%% busy)",
                        LoadScenarios.summary(results, spec.name(), Scenario.Z1),
                        LoadScenarios.loaderCpu(windows).median() * 100));
            } catch (LoadException e) {
                String reason = server.isAlive() ? e.getMessage() : server.exitDescription() + " (" + e.getMessage() + ")";
                fail(spec, Scenario.Z1, reason);
            }
        } catch (ServerStartException e) {
            fail(spec, Scenario.Z1, "server did not start: " + e.getMessage());
        }
    }

    private List<WindowResult> echo(ServerProcess server) throws LoadException, InterruptedException {
        Target target = Target.webSocket("127.0.0.1", server.port(), "/").withPerMessageDeflate();
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            EchoLoad load = new EchoLoad(generator, target, Z1_CONNECTIONS, 1,
                    Message.compressed(target, ClientFrames.OPCODE_TEXT, payloads, 1));
            load.open(OPEN_TIMEOUT_MILLIS);
            load.start();
            load.measure(settings.timing().compressedWarmupMillis());
            List<WindowResult> windows = new ArrayList<>();
            for (int i = 0; i < settings.timing().repetitions(); i++) {
                windows.add(load.measure(settings.timing().windowMillis()));
            }
            noteUncompressed(server.spec().name(), Scenario.Z1, load.compressedReplies());
            noteNegotiated(server.spec().name(), Scenario.Z1, load.negotiatedExtensions());
            return windows;
        }
    }

    private void runMemory(ServerSpec spec) throws InterruptedException {
        List<Double> idle = new ArrayList<>();
        List<Double> afterTraffic = new ArrayList<>();
        List<Double> active = new ArrayList<>();
        progress.begin(Scenario.ZM, spec.name());
        for (int rep = 1; rep <= settings.timing().idleRepetitions(); rep++) {
            try (ServerProcess server = ServerProcess.start(spec, log(spec, "ZM-" + rep))) {
                long drops = ListenDrops.now();
                double[] figures = measureMemoryOnce(server);
                LoadScenarios.noteListenDrops(results, spec.name(), Scenario.ZM, drops);
                idle.add(figures[0]);
                afterTraffic.add(figures[1]);
                active.add(figures[2]);
            } catch (ServerStartException e) {
                fail(spec, Scenario.ZM, "server did not start: " + e.getMessage());
                return;
            } catch (LoadException | IOException e) {
                fail(spec, Scenario.ZM, e.getMessage());
                return;
            }
        }
        results.put(spec.name(), Metric.ZM_IDLE_KIB, Cell.of(Stats.of(idle)));
        results.put(spec.name(), Metric.ZM_AFTER_TRAFFIC_KIB, Cell.of(Stats.of(afterTraffic)));
        results.put(spec.name(), Metric.ZM_ACTIVE_KIB, Cell.of(Stats.of(active)));
        progress.finish(String.format("%s idle  %s after traffic  %s active (KiB/connection)",
                Figures.withSpread(Stats.of(idle), 2), Figures.withSpread(Stats.of(afterTraffic), 2),
                Figures.withSpread(Stats.of(active), 2)));
    }

    /** Returns KiB per connection {idle, idle after traffic, active}. */
    private double[] measureMemoryOnce(ServerProcess server) throws LoadException, IOException, InterruptedException {
        int connections = settings.timing().compressedConnections();
        long settle = settings.timing().idleSettleMillis();
        Target target = Target.webSocket("127.0.0.1", server.port(), "/").withPerMessageDeflate();
        Thread.sleep(settle);
        long before = server.rssKib();
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            CompressedMemoryLoad load = new CompressedMemoryLoad(generator, target, ClientFrames.OPCODE_TEXT, payloads);
            load.open(connections, OPEN_TIMEOUT_MILLIS);
            Thread.sleep(settle);
            long idle = server.rssKib();
            load.checkFailures();

            load.exchangeOnce(EXCHANGE_TIMEOUT_MILLIS);
            Thread.sleep(settle);
            long afterTraffic = server.rssKib();
            load.checkFailures();
            CompressedReplies.Count exchanged = load.compressedReplies();

            load.startEcho();
            Thread.sleep(settings.timing().warmupMillis() + settings.timing().windowMillis());
            long active = server.rssKib();
            long echoed = load.replies() - exchanged.replies();
            load.checkFailures();
            if (echoed < connections) {
                throw new LoadException("only " + echoed + " echoes from " + connections + " connections while active");
            }
            noteUncompressed(server.spec().name(), Scenario.ZM, load.compressedReplies());
            if (!settings.runs(Scenario.Z1)) {
                noteNegotiated(server.spec().name(), Scenario.ZM, load.negotiatedExtensions());
            }
            return new double[] {perConnection(idle - before, connections),
                perConnection(afterTraffic - before, connections), perConnection(active - before, connections)};
        }
    }

    private static double perConnection(long kib, int connections) {
        return kib / (double) connections;
    }

    private void noteUncompressed(String row, Scenario scenario, CompressedReplies.Count count) {
        if (count.share() < EXPECTED_COMPRESSED_SHARE) {
            results.note(String.format("%s %s: only %.1f%% of %,d replies came back compressed (RSV1 set)", row,
                    scenario, count.share() * 100, count.replies()));
        }
    }

    /** What the server agreed to (its own context takeover, window) belongs next to its figures. */
    private void noteNegotiated(String row, Scenario scenario, String extensions) {
        String note = row + " " + scenario + ": the server answered Sec-WebSocket-Extensions: " + extensions;
        if (!results.notes().contains(note)) {
            results.note(note);
        }
    }

    private Path log(ServerSpec spec, String suffix) {
        return settings.outputDirectory().resolve("logs").resolve(spec.name() + "-" + suffix + ".log");
    }

    private void fail(ServerSpec spec, Scenario scenario, String reason) {
        results.fail(spec.name(), scenario, reason);
        progress.finish("n/a: " + reason);
    }
}
