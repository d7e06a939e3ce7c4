package dev.jvmws.bench.run;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Entry point of {@code bin/bench}: parses the selection, runs it ({@link BenchRun}), prints the one
 * results table with the ratios, and writes Markdown, CSV and the PNG chart into
 * {@code bench/results/<yyyy-mm-dd>-<quick|full>/}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load benchmark of WebSocket servers (and clients): ours against the peers.")
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--quick", description = "Short warm-up and windows, fewer repetitions (about 5 minutes for everything).")
    boolean quick;

    @Option(names = "--servers", split = ",", paramLabel = "NAME",
            description = "Rows to run (default all): jvmws, jvmws-conscrypt, netty-epoll, netty-nio, netty-openssl, "
                    + "jetty, undertow, java-websocket, node-ws, node-websocket, raw-tcp; C1 also knows jdk-httpclient, "
                    + "okhttp.")
    List<String> servers;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*",
            description = "E1 E2 P1 L1 M1 H1 B1 Z1 ZM E1T L1T H1T M1T C1 (default all).")
    List<String> scenarioNames;

    @Option(names = "--loader-threads", defaultValue = "1", description = "Load generator selector threads (default ${DEFAULT-VALUE}).")
    int loaderThreads;

    @Option(names = "--broadcast-rate", defaultValue = "50", description = "B1 messages per second (default ${DEFAULT-VALUE}).")
    double broadcastRate;

    @Option(names = "--jvm-options", paramLabel = "OPTIONS",
            description = "JVM options of every server and client process (default: -Xms1g -Xmx1g -XX:+UseG1GC -XX:+TieredCompilation).")
    String jvmOptions;

    @Option(names = "--root", defaultValue = ".", description = "Repository root (default: the current directory).")
    Path root;

    @Option(names = "--out", description = "Results directory (default: bench/results/<date>-<quick|full>).")
    Path out;

    private final PrintStream console = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        RunSettings settings = settings();
        Files.createDirectories(settings.outputDirectory());
        long start = System.nanoTime();
        console.println("bench: " + (quick ? "quick" : "full") + " run of " + settings.scenarios() + " on "
                + settings.servers() + "; " + settings.timing().describe());
        Results results = new BenchRun(settings, new Progress(console)).run();
        double minutes = (System.nanoTime() - start) / 60e9;

        Map<String, String> environment = RunEnvironment.describe(settings);
        environment.put("selection", "scenarios " + settings.scenarios() + ", rows " + settings.servers());
        environment.put("run time", String.format("%.1f min", minutes));
        List<ServerSpec> servers = ServerCatalog.all(settings).stream()
                .filter(s -> settings.servers().contains(s.name())).toList();
        Path directory = settings.outputDirectory();
        String chartFile = "chart.png";
        String title = "jvmws benchmark, " + (quick ? "quick" : "full") + " run, " + LocalDate.now()
                + " (medians; " + environment.get("CPU") + ", " + environment.get("nproc") + " cores)";
        boolean charted = BarChart.write(results, title, directory.resolve(chartFile));
        Files.writeString(directory.resolve("results.md"),
                MarkdownReport.render(results, environment, quick, servers, charted ? chartFile : null));
        Files.writeString(directory.resolve("results.csv"), CsvReport.render(results));
        Files.writeString(directory.resolve("environment.csv"), CsvReport.environment(environment));

        printTables(results);
        console.printf("%nrun time %.1f min; results in %s (results.md, results.csv, environment.csv%s, logs/)%n", minutes,
                directory, charted ? ", chart.png" : "");
        return 0;
    }

    private void printTables(Results results) {
        ReportTables tables = new ReportTables(results);
        console.println();
        console.println("Figures (median ±largest deviation of a repetition from it):");
        console.print(TextTable.render(tables.figures(Figures::withSpread)));
        ReportTables.Table ratios = tables.ratios();
        ReportTables.Table fastTls = tables.fastTlsRatios();
        if (!ratios.rows().isEmpty()) {
            console.println();
            console.print(TextTable.render(ratios));
        }
        if (!fastTls.rows().isEmpty()) {
            console.println();
            console.print(TextTable.render(fastTls));
        }
        if (!ratios.rows().isEmpty() || !fastTls.rows().isEmpty()) {
            console.println(ReportTables.RATIO_LEGEND);
        }
        for (String line : tables.footnoteLines()) {
            console.println(line);
        }
        for (String note : results.notes()) {
            console.println("note: " + note);
        }
    }

    private RunSettings settings() throws IOException {
        Path rootPath = root.toAbsolutePath().normalize();
        List<Scenario> scenarios = new ArrayList<>();
        if (scenarioNames == null || scenarioNames.isEmpty()) {
            scenarios.addAll(Arrays.asList(Scenario.values()));
        } else {
            for (Scenario scenario : Scenario.values()) {
                if (scenarioNames.stream().map(Scenario::parse).anyMatch(s -> s == scenario)) {
                    scenarios.add(scenario);
                }
            }
        }
        Path jar = rootPath.resolve("bench/target/jvmws-bench.jar");
        List<String> options = jvmOptions == null ? RunSettings.DEFAULT_JVM_OPTIONS
                : Arrays.asList(jvmOptions.trim().split("\\s+"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String kind = quick ? "quick" : "full";
        Path directory = out != null ? out.toAbsolutePath()
                : rootPath.resolve("bench/results").resolve(LocalDate.now() + "-" + kind);
        RunSettings draft = new RunSettings(rootPath, jar, java, options, loaderThreads, broadcastRate,
                quick ? Timing.quick() : Timing.full(), quick, scenarios, List.of(), directory);
        List<String> known = new ArrayList<>(ServerCatalog.names(draft));
        known.addAll(ClientCatalog.clientOnlyRows());
        List<String> rows = servers == null ? known : servers;
        for (String row : rows) {
            if (!known.contains(row)) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown server '" + row + "' (known: " + String.join(", ", known) + ")");
            }
        }
        return new RunSettings(rootPath, jar, java, options, loaderThreads, broadcastRate, draft.timing(), quick,
                scenarios, rows, directory);
    }
}
