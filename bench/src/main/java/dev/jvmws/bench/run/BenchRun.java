package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the selected scenarios against the selected servers and collects every figure. Each server
 * gets one process for the load scenarios (E1–B1, H1), fresh processes for M1, then, with
 * permessage-deflate on, one process for Z1 and fresh ones for ZM, then, serving wss, one process
 * for E1T, L1T and H1T and fresh ones for M1T; C1 runs last against our server. A server that does
 * not start, or a scenario that fails, becomes an n/a cell with its reason; nothing aborts the run.
 */
final class BenchRun {
    private final RunSettings settings;
    private final Progress progress;

    BenchRun(RunSettings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    Results run() throws InterruptedException {
        List<Metric> metrics = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            if (settings.runs(metric.scenario())) {
                metrics.add(metric);
            }
        }
        Results results = new Results(metrics);
        List<ServerSpec> servers = selectedServers();
        for (ServerSpec server : servers) {
            results.addRow(server.name());
        }
        for (ServerSpec server : servers) {
            runLoadScenarios(server, results);
            if (settings.runs(Scenario.M1) && server.supports(Scenario.M1)) {
                new MemoryScenario(settings, results, progress).run(server);
            }
            new CompressionScenarios(settings, results, progress).run(server);
            new TlsScenarios(settings, results, progress).run(server);
        }
        if (settings.runs(Scenario.C1)) {
            runClients(results);
        }
        return results;
    }

    private List<ServerSpec> selectedServers() {
        List<ServerSpec> selected = new ArrayList<>();
        for (ServerSpec spec : ServerCatalog.all(settings)) {
            if (settings.servers().contains(spec.name())) {
                selected.add(spec);
            }
        }
        return selected;
    }

    private void runLoadScenarios(ServerSpec server, Results results) throws InterruptedException {
        List<Scenario> scenarios = new ArrayList<>();
        for (Scenario scenario : settings.scenarios()) {
            if (LoadScenarios.covers(scenario) && server.supports(scenario)) {
                scenarios.add(scenario);
            }
        }
        if (scenarios.isEmpty()) {
            return;
        }
        progress.heading(server.name() + ": " + server.library());
        try (ServerProcess process = ServerProcess.start(server,
                settings.outputDirectory().resolve("logs").resolve(server.name() + ".log"))) {
            new LoadScenarios(settings, results, progress).run(process);
        } catch (ServerStartException e) {
            progress.heading("  n/a: server did not start: " + e.getMessage());
            for (Scenario scenario : scenarios) {
                results.fail(server.name(), scenario, "server did not start: " + e.getMessage());
            }
        }
    }

    private void runClients(Results results) throws InterruptedException {
        List<ClientCatalog.Client> clients = new ArrayList<>();
        for (ClientCatalog.Client client : ClientCatalog.all()) {
            if (settings.servers().contains(client.row())) {
                clients.add(client);
                results.addRow(client.row());
            }
        }
        if (clients.isEmpty()) {
            return;
        }
        ServerSpec ours = ServerCatalog.all(settings).stream()
                .filter(s -> s.name().equals(ServerCatalog.OURS)).findFirst().orElseThrow();
        progress.heading("C1: clients against " + ours.library());
        new ClientScenario(settings, results, progress).run(ours, clients);
    }
}
