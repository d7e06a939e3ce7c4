package dev.jvmws.bench.jmh;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH with the usual command line (see {@code -h}) and then prints the throughput of every
 * benchmark in bytes/s: JMH's score (ops/s) times the benchmark's bytes per op.
 *
 * <p>Bytes per op come from a {@code public static long bytesPerOp(String method, Map<String, String>
 * params)} on the benchmark class, which documents what one op counts (e.g. wire bytes of one frame).
 * Benchmarks without one (or in modes other than thrpt/avgt/sample/ss) are listed without bytes/s.
 *
 * <p>Defaults suited to a small shared machine, each applied only when its option is not given:
 * {@code -f 1 -wi 3 -w 1s -i 5 -r 1s -foe true -jvmArgsPrepend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch"}
 * (see {@link #FORK_JVM_ARGS}). {@code --quick} (not a JMH option) makes them
 * {@code -wi 1 -w 500ms -i 2 -r 500ms}. Exit status 1 if the run or any benchmark fails.
 */
public final class JmhMain {
    /**
     * Prepended to each fork's JVM options (the host JVM's options follow, so they can override them):
     * a fixed, pre-touched heap. With the default small, growing heap the allocating benchmarks (every
     * parse delivers a fresh message) measured page faults, not the code: on a 2-core VM 64 KiB
     * frames parsed at ~250 MB/s instead of ~9 GB/s.
     */
    static final String[] FORK_JVM_ARGS = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"};

    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        List<String> jmhArgs = new ArrayList<>(Arrays.asList(args));
        boolean quick = jmhArgs.remove("--quick");
        String[] rest = jmhArgs.toArray(new String[0]);
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(rest);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            if (cmd.shouldHelp()) {
                System.out.println("Usage: bin/jmh [--quick] [JMH options] [benchmark regexps]\n"
                        + "  --quick   -wi 1 -w 500ms -i 2 -r 500ms (defaults otherwise: -f 1 -wi 3 -w 1s -i 5 -r 1s -foe true)\n"
                        + "  Forks get -jvmArgsPrepend \"" + String.join(" ", FORK_JVM_ARGS) + "\" unless given.\n");
            }
            org.openjdk.jmh.Main.main(rest);
            return;
        }

        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cmd.getWarmupIterations().hasValue()) {
            options.warmupIterations(quick ? 1 : 3);
        }
        if (!cmd.getWarmupTime().hasValue()) {
            options.warmupTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1));
        }
        if (!cmd.getMeasurementIterations().hasValue()) {
            options.measurementIterations(quick ? 2 : 5);
        }
        if (!cmd.getMeasurementTime().hasValue()) {
            options.measurementTime(quick ? TimeValue.milliseconds(500) : TimeValue.seconds(1));
        }
        if (!cmd.shouldFailOnError().hasValue()) {
            options.shouldFailOnError(true);
        }
        if (!cmd.getJvmArgsPrepend().hasValue()) {
            options.jvmArgsPrepend(FORK_JVM_ARGS);
        }

        List<RunResult> results;
        try {
            results = new ArrayList<>(new Runner(options.build()).run());
        } catch (RunnerException e) {
            System.err.println("JMH run failed: " + e.getMessage());
            System.exit(1);
            return;
        }
        printBytesPerSecond(results);
    }

    /** One row per result, in JMH's order (parameters in declaration order). */
    private static void printBytesPerSecond(List<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Benchmark", "(params)", "Mode", "bytes/op", "Score", "Unit", "MB/s", "± MB/s"});
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            double score = primary.getScore();
            double error = primary.getScoreError();
            long bytes = bytesPerOp(p);
            double rate = bytes > 0 ? bytesPerSecond(score, p.getMode(), p.getTimeUnit(), bytes) : Double.NaN;
            // First-order error: the relative error of the score carries over to the rate.
            double rateError = Double.isNaN(error) || score == 0 ? Double.NaN : rate * error / score;
            String name = p.getBenchmark().replaceFirst("^dev\\.jvmws\\.bench\\.jmh\\.", "");
            rows.add(new String[] {
                name,
                paramsText(p),
                p.getMode().shortLabel(),
                bytes > 0 ? Long.toString(bytes) : "-",
                String.format(Locale.ROOT, "%,.1f", score),
                primary.getScoreUnit(),
                Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%,.1f", rate / 1e6),
                Double.isNaN(rateError) ? "" : String.format(Locale.ROOT, "%,.1f", rateError / 1e6),
            });
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("\nThroughput in bytes/s (MB/s = 10^6 bytes/s; Score ops/s × bytes/op, as documented per benchmark class):\n\n");
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean left = i <= 1 || i == 2 || i == 5;
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                out.append(left ? cell + pad : pad + cell).append(i + 1 < row.length ? "  " : "");
            }
            out.append('\n');
        }
        System.out.print(out);
        System.out.flush();
    }

    private static String paramsText(BenchmarkParams p) {
        StringBuilder text = new StringBuilder();
        for (String key : p.getParamsKeys()) {
            text.append(text.length() == 0 ? "" : " ").append(key).append('=').append(p.getParam(key));
        }
        return text.toString();
    }

    /** From the benchmark class's {@code bytesPerOp(String, Map)}, or 0 if it has none. */
    private static long bytesPerOp(BenchmarkParams p) {
        String benchmark = p.getBenchmark();
        int dot = benchmark.lastIndexOf('.');
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : p.getParamsKeys()) {
            params.put(key, p.getParam(key));
        }
        try {
            Method method = Class.forName(benchmark.substring(0, dot)).getMethod("bytesPerOp", String.class, Map.class);
            return ((Number) method.invoke(null, benchmark.substring(dot + 1), params)).longValue();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    private static double bytesPerSecond(double score, Mode mode, TimeUnit unit, long bytesPerOp) {
        double unitSeconds = unit.toNanos(1) / 1e9;
        switch (mode) {
            case Throughput:
                return score / unitSeconds * bytesPerOp;
            case AverageTime:
            case SampleTime:
            case SingleShotTime:
                return bytesPerOp / (score * unitSeconds);
            default:
                return Double.NaN;
        }
    }
}
