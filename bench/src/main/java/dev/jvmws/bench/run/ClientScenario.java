package dev.jvmws.bench.run;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * C1: every client library's bench main, E1-style (100 connections, 32-byte messages, closed loop),
 * against one fixed server: our testee server, started once for all of them. Each repetition is a
 * fresh client process with the run's JVM options; the client measures itself and prints one
 * {@link ClientResultLine}.
 */
final class ClientScenario {
    private static final long EXTRA_TIMEOUT_SECONDS = 60;

    private final RunSettings settings;
    private final Results results;
    private final Progress progress;

    ClientScenario(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
    }

    void run(ServerSpec server, List<ClientCatalog.Client> clients) throws InterruptedException {
        results.note("C1: every client ran against the " + server.name() + " testee server (bin/testee server), "
                + LoadScenarios.E1_CONNECTIONS + " connections, " + LoadScenarios.SMALL_MESSAGE_BYTES
                + "-byte messages, closed loop.");
        Path logs = settings.outputDirectory().resolve("logs");
        try (ServerProcess process = ServerProcess.start(server, logs.resolve(server.name() + "-C1-server.log"))) {
            for (ClientCatalog.Client client : clients) {
                runClient(process, client, logs);
            }
        } catch (ServerStartException e) {
            for (ClientCatalog.Client client : clients) {
                results.fail(client.row(), Scenario.C1, "C1 server did not start: " + e.getMessage());
            }
            progress.heading("  C1 n/a: server did not start: " + e.getMessage());
        }
    }

    private void runClient(ServerProcess server, ClientCatalog.Client client, Path logs) throws InterruptedException {
        progress.begin(Scenario.C1, client.row());
        List<Double> rates = new ArrayList<>();
        List<Double> p50s = new ArrayList<>();
        List<Double> p99s = new ArrayList<>();
        for (int rep = 1; rep <= settings.timing().clientRepetitions(); rep++) {
            if (!server.isAlive()) {
                fail(client, server.exitDescription());
                return;
            }
            Path log = logs.resolve("C1-" + client.row() + "-" + rep + ".log");
            String failure;
            try {
                Optional<ClientResultLine> result = runOnce(server, client, log);
                if (result.isPresent()) {
                    rates.add(result.get().echoesPerSecond());
                    p50s.add(result.get().p50Micros());
                    p99s.add(result.get().p99Micros());
                    continue;
                }
                failure = "no result line" + lastLine(log);
            } catch (IOException e) {
                failure = "cannot run the client: " + e.getMessage();
            }
            fail(client, failure);
            return;
        }
        results.put(client.row(), Metric.C1_RATE, Cell.of(Stats.of(rates)));
        results.put(client.row(), Metric.C1_P50, Cell.of(Stats.of(p50s)));
        results.put(client.row(), Metric.C1_P99, Cell.of(Stats.of(p99s)));
        progress.finish(String.format("%s echoes/s  p50 %s us  p99 %s us", Figures.withSpread(Stats.of(rates), 0),
                Figures.withSpread(Stats.of(p50s), 0), Figures.withSpread(Stats.of(p99s), 0)));
    }

    private Optional<ClientResultLine> runOnce(ServerProcess server, ClientCatalog.Client client, Path log)
            throws IOException, InterruptedException {
        Timing timing = settings.timing();
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.addAll(settings.jvmOptions());
        command.addAll(List.of("-cp", settings.benchJar().toString(), "dev.jvmws.bench.clients." + client.mainClass(),
                "--url", "ws://127.0.0.1:" + server.port() + "/",
                "--connections", Integer.toString(LoadScenarios.E1_CONNECTIONS),
                "--size", Integer.toString(LoadScenarios.SMALL_MESSAGE_BYTES),
                "--warmup-seconds", Integer.toString(timing.clientWarmupSeconds()),
                "--seconds", Integer.toString(timing.clientSeconds())));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        ChildProcesses.add(process);
        long timeout = timing.clientWarmupSeconds() + timing.clientSeconds() + EXTRA_TIMEOUT_SECONDS;
        try {
            if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
                throw new IOException("no exit within " + timeout + " s");
            }
        } finally {
            ChildProcesses.stop(process, 1_000);
        }
        return ClientResultLine.find(Files.readString(log, StandardCharsets.UTF_8));
    }

    private void fail(ClientCatalog.Client client, String reason) {
        results.fail(client.row(), Scenario.C1, reason);
        progress.finish("n/a: " + reason);
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.isEmpty()) {
                return "";
            }
            String line = lines.stream().filter(l -> l.startsWith("Error") || l.contains("Exception")).findFirst()
                    .orElse(lines.get(lines.size() - 1));
            return ": " + (line.length() > 160 ? line.substring(0, 160) + "…" : line);
        } catch (IOException e) {
            return "";
        }
    }
}
