package dev.jvmws.bench.run;

import dev.jvmws.bench.load.BroadcastLoad;
import dev.jvmws.bench.load.ClientFrames;
import dev.jvmws.bench.load.EchoLoad;
import dev.jvmws.bench.load.HandshakeChurn;
import dev.jvmws.bench.load.LoadException;
import dev.jvmws.bench.load.LoadGenerator;
import dev.jvmws.bench.load.Payloads;
import dev.jvmws.bench.load.Target;
import dev.jvmws.bench.load.TlsClient;
import dev.jvmws.bench.load.WindowResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs the load-generator scenarios that share one server process (E1, E2, P1, L1, B1, then H1, whose
 * churn leaves the most behind; or, on a server serving wss, E1T, L1T, then H1T) and records their
 * figures. Each scenario gets a fresh {@link LoadGenerator}: open its connections, warm up, measure
 * consecutive windows, close.
 */
final class LoadScenarios {
    static final int SMALL_MESSAGE_BYTES = 32;
    static final int LARGE_MESSAGE_BYTES = 1024 * 1024;
    static final int E1_CONNECTIONS = 100;
    static final int E2_CONNECTIONS = 1_000;
    static final int P1_CONNECTIONS = 10;
    static final int P1_DEPTH = 64;
    static final int H1_CONCURRENCY = 50;
    /**
     * H1's load threads, at least: one thread's socket, connect, write, read and close calls alone
     * were 93–99 % of a core at ~7,000 handshakes/s, below what the faster servers take.
     */
    static final int H1_MIN_LOADER_THREADS = 2;
    static final int B1_RECEIVERS = 1_000;
    /** Scenarios in the order they run against one server process. */
    static final List<Scenario> ORDER = List.of(Scenario.E1, Scenario.E2, Scenario.P1, Scenario.L1, Scenario.B1,
            Scenario.H1);
    /** The same for a server serving wss. */
    static final List<Scenario> TLS_ORDER = List.of(Scenario.E1T, Scenario.L1T, Scenario.H1T);
    /** Above this share of a core, a load thread may be what limits the figure (noted in the results). */
    static final double SATURATED_LOADER_CPU = 0.9;

    private static final long OPEN_TIMEOUT_MILLIS = 60_000;
    private static final long PAUSE_BETWEEN_SCENARIOS_MILLIS = 100;

    private final RunSettings settings;
    private final Results results;
    private final Progress progress;

    LoadScenarios(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
    }

    /** Whether {@code scenario} runs through this class. */
    static boolean covers(Scenario scenario) {
        return ORDER.contains(scenario);
    }

    /** Runs every selected plain scenario that {@code server} supports, recording figures or n/a reasons. */
    void run(ServerProcess server) throws InterruptedException {
        ServerSpec spec = server.spec();
        run(server, spec.raw() ? Target.rawTcp("127.0.0.1", server.port())
                : Target.webSocket("127.0.0.1", server.port(), "/"), ORDER);
    }

    /**
     * Runs every selected scenario of {@link #TLS_ORDER} that {@code server} (launched to serve wss)
     * supports, through {@code tls}.
     */
    void runTls(ServerProcess server, TlsClient tls) throws InterruptedException {
        run(server, Target.webSocket("127.0.0.1", server.port(), "/").withTls(tls), TLS_ORDER);
    }

    private void run(ServerProcess server, Target target, List<Scenario> order) throws InterruptedException {
        ServerSpec spec = server.spec();
        for (Scenario scenario : order) {
            if (!settings.runs(scenario) || !spec.supports(scenario)) {
                continue;
            }
            if (!server.isAlive()) {
                results.fail(spec.name(), scenario, server.exitDescription());
                continue;
            }
            progress.begin(scenario, spec.name());
            long drops = ListenDrops.now();
            try {
                ServerCpuMeter cpu = new ServerCpuMeter(server);
                List<WindowResult> windows = measure(scenario, target, cpu);
                noteListenDrops(results, spec.name(), scenario, drops);
                record(spec.name(), scenario, windows);
                recordServerCpu(spec.name(), scenario, windows, cpu.windowSeconds());
                progress.finish(String.format("%s  (load generator %.0f%% busy)", summary(spec.name(), scenario),
                        loaderCpu(windows).median() * 100));
            } catch (LoadException e) {
                String reason = server.isAlive() ? e.getMessage() : server.exitDescription() + " (" + e.getMessage() + ")";
                results.fail(spec.name(), scenario, reason);
                progress.finish("n/a: " + reason);
            }
            Thread.sleep(PAUSE_BETWEEN_SCENARIOS_MILLIS);
        }
    }

    private List<WindowResult> measure(Scenario scenario, Target target, ServerCpuMeter cpu)
            throws LoadException, InterruptedException {
        byte[] small = Payloads.ascii(SMALL_MESSAGE_BYTES);
        long warmup = scenario.isTls() ? settings.timing().tlsWarmupMillis() : settings.timing().warmupMillis();
        switch (scenario.load()) {
            case E1:
                return echo(target, E1_CONNECTIONS, 1, ClientFrames.OPCODE_TEXT, small, warmup, cpu);
            case E2:
                return echo(target, E2_CONNECTIONS, 1, ClientFrames.OPCODE_TEXT, small, warmup, cpu);
            case P1:
                return echo(target, P1_CONNECTIONS, P1_DEPTH, ClientFrames.OPCODE_TEXT, small, warmup, cpu);
            case L1:
                return echo(target, 1, 1, ClientFrames.OPCODE_BINARY, Payloads.ascii(LARGE_MESSAGE_BYTES), warmup, cpu);
            case B1:
                return broadcast(target.withPath("/broadcast"), small, cpu);
            case H1:
                return churn(target, Math.max(warmup, settings.timing().handshakeWarmupMillis()), cpu);
            default:
                throw new IllegalArgumentException(scenario + " is not a load scenario");
        }
    }

    private List<WindowResult> echo(Target target, int connections, int depth, int opcode, byte[] payload,
            long warmupMillis, ServerCpuMeter cpu) throws LoadException, InterruptedException {
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            EchoLoad load = new EchoLoad(generator, target, connections, depth, opcode, payload);
            load.open(OPEN_TIMEOUT_MILLIS);
            load.start();
            load.measure(warmupMillis);
            List<WindowResult> windows = new ArrayList<>();
            for (int i = 0; i < settings.timing().repetitions(); i++) {
                cpu.begin();
                windows.add(load.measure(settings.timing().windowMillis()));
                cpu.end();
            }
            return windows;
        }
    }

    private List<WindowResult> broadcast(Target target, byte[] payload, ServerCpuMeter cpu)
            throws LoadException, InterruptedException {
        try (LoadGenerator generator = new LoadGenerator(settings.loaderThreads())) {
            BroadcastLoad load = new BroadcastLoad(generator, target, B1_RECEIVERS, settings.broadcastRate(), payload);
            load.open(OPEN_TIMEOUT_MILLIS);
            load.start();
            try {
                load.measure(settings.timing().warmupMillis());
                List<WindowResult> windows = new ArrayList<>();
                for (int i = 0; i < settings.timing().repetitions(); i++) {
                    cpu.begin();
                    windows.add(load.measure(settings.timing().windowMillis()));
                    cpu.end();
                }
                return windows;
            } finally {
                load.stop();
            }
        }
    }

    private List<WindowResult> churn(Target target, long warmupMillis, ServerCpuMeter cpu)
            throws LoadException, InterruptedException {
        try (LoadGenerator generator = new LoadGenerator(Math.max(H1_MIN_LOADER_THREADS, settings.loaderThreads()))) {
            HandshakeChurn churn = new HandshakeChurn(generator, target, H1_CONCURRENCY);
            churn.start();
            try {
                churn.measure(warmupMillis);
                List<WindowResult> windows = new ArrayList<>();
                for (int i = 0; i < settings.timing().repetitions(); i++) {
                    cpu.begin();
                    windows.add(churn.measure(settings.timing().windowMillis()));
                    cpu.end();
                }
                return windows;
            } finally {
                churn.stop();
            }
        }
    }

    private void record(String row, Scenario scenario, List<WindowResult> windows) {
        switch (scenario) {
            case E1:
                putEcho(row, windows, Metric.E1_RATE, Metric.E1_P50, Metric.E1_P99);
                break;
            case E2:
                putEcho(row, windows, Metric.E2_RATE, Metric.E2_P50, Metric.E2_P99);
                break;
            case E1T:
                putEcho(row, windows, Metric.E1T_RATE, Metric.E1T_P50, Metric.E1T_P99);
                break;
            case L1T:
                put(row, Metric.L1T_MIBS, windows, w -> w.rate() * LARGE_MESSAGE_BYTES / (1024.0 * 1024.0));
                break;
            case H1T:
                put(row, Metric.H1T_RATE, windows, WindowResult::rate);
                break;
            case P1:
                put(row, Metric.P1_RATE, windows, WindowResult::rate);
                break;
            case L1:
                put(row, Metric.L1_MIBS, windows, w -> w.rate() * LARGE_MESSAGE_BYTES / (1024.0 * 1024.0));
                break;
            case B1:
                put(row, Metric.B1_RATE, windows, WindowResult::rate);
                put(row, Metric.B1_KEEP_UP, windows, w -> w.expected() == 0 ? 0 : 100.0 * w.count() / w.expected());
                put(row, Metric.B1_P99, windows, w -> w.latencyMicros(99) / 1_000.0);
                break;
            case H1:
                put(row, Metric.H1_RATE, windows, WindowResult::rate);
                break;
            default:
                throw new IllegalArgumentException(scenario.toString());
        }
        noteSaturation(results, row, scenario, windows);
    }

    /**
     * Server CPU per event, window by window: what the server spent on each echo or handshake,
     * whoever limited the rate. On two cores shared with the generator this is the figure that
     * tells the servers' own costs apart when the rates converge on the generator's limit.
     */
    private void recordServerCpu(String row, Scenario scenario, List<WindowResult> windows, List<Double> cpuSeconds) {
        Metric metric = switch (scenario) {
            case E1 -> Metric.E1_SERVER_CPU;
            case E2 -> Metric.E2_SERVER_CPU;
            case P1 -> Metric.P1_SERVER_CPU;
            case H1 -> Metric.H1_SERVER_CPU;
            case E1T -> Metric.E1T_SERVER_CPU;
            case H1T -> Metric.H1T_SERVER_CPU;
            default -> null;
        };
        if (metric == null || !results.metrics().contains(metric) || cpuSeconds.size() != windows.size()) {
            return;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            long count = windows.get(i).count();
            double seconds = cpuSeconds.get(i);
            if (count == 0 || Double.isNaN(seconds)) {
                results.put(row, metric, Cell.notAvailable("no server CPU reading or nothing recorded in a window"));
                return;
            }
            values.add(seconds * 1e6 / count);
        }
        results.put(row, metric, Cell.of(Stats.of(values)));
    }

    /** Notes a figure measured while the load generator's threads were nearly saturated. */
    static void noteSaturation(Results results, String row, Scenario scenario, List<WindowResult> windows) {
        Stats cpu = loaderCpu(windows);
        if (cpu.median() >= SATURATED_LOADER_CPU) {
            results.note(String.format("%s %s: the load generator's threads were %.0f%% busy; the figure may be "
                    + "bounded by the generator (try --loader-threads 2)", row, scenario, cpu.median() * 100));
        }
    }

    /** Notes connection attempts the kernel dropped since {@code before} (a full accept queue). */
    static void noteListenDrops(Results results, String row, Scenario scenario, long before) {
        long after = ListenDrops.now();
        if (before >= 0 && after > before) {
            results.note(String.format("%s %s: the kernel dropped %d connection attempt(s) on a full accept queue "
                    + "(each costs a SYN retransmit of a second or more)", row, scenario, after - before));
        }
    }

    static Stats loaderCpu(List<WindowResult> windows) {
        return Stats.of(windows.stream().map(WindowResult::loaderCpuPerThread).toList());
    }

    private void putEcho(String row, List<WindowResult> windows, Metric rate, Metric p50, Metric p99) {
        put(row, rate, windows, WindowResult::rate);
        put(row, p50, windows, w -> w.latencyMicros(50));
        put(row, p99, windows, w -> w.latencyMicros(99));
    }

    private void put(String row, Metric metric, List<WindowResult> windows, ToDoubleFunction<WindowResult> figure) {
        put(results, row, metric, windows, figure);
    }

    /** Records {@code figure} of every window as one cell (n/a if a window recorded nothing). */
    static void put(Results results, String row, Metric metric, List<WindowResult> windows,
            ToDoubleFunction<WindowResult> figure) {
        if (!results.metrics().contains(metric)) {
            return;
        }
        List<Double> values = new ArrayList<>();
        for (WindowResult window : windows) {
            double value = figure.applyAsDouble(window);
            if (Double.isNaN(value)) {
                results.put(row, metric, Cell.notAvailable("nothing recorded in a window"));
                return;
            }
            values.add(value);
        }
        results.put(row, metric, Cell.of(Stats.of(values)));
    }

    private String summary(String row, Scenario scenario) {
        return summary(results, row, scenario);
    }

    /** The figures of {@code scenario} recorded for {@code row}, on one line, for the progress output. */
    static String summary(Results results, String row, Scenario scenario) {
        StringBuilder line = new StringBuilder();
        for (Metric metric : results.metrics()) {
            if (metric.scenario() != scenario) {
                continue;
            }
            Cell cell = results.get(row, metric);
            if (cell != null && cell.isAvailable()) {
                line.append(Figures.withSpread(cell.stats(), metric.decimals())).append(' ')
                        .append(metric.unit()).append("  ");
            }
        }
        return line.toString().strip();
    }
}
