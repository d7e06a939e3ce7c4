package dev.jvmws.bench.run;

import dev.jvmws.bench.load.TlsClient;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS workloads, on a server launched to serve wss with the benchmark's certificate ({@link
 * ServerSpec#withTls()}, {@link TlsFiles}); the load generator is the same as for the plain ones, its
 * connections speaking TLS 1.3 through one {@link TlsClient} (the JDK's provider, the same for every
 * row, so the client's cost never differs between servers).
 *
 * <ul>
 *   <li>E1T, L1T, H1T: E1, L1 and H1 over TLS, in one server process (like the plain load scenarios;
 *       H1T last, as its churn leaves the most behind). H1T makes a full handshake per connection.
 *   <li>M1T: M1 over TLS, a fresh process per repetition: RSS growth and, for JVM servers, live heap
 *       per idle TLS connection.
 * </ul>
 *
 * A server that does not announce the provider its row expects is not measured, and a handshake that
 * fails (the server does not speak TLS, or not 1.3, or serves another certificate) fails the opening:
 * either way its cells are n/a with the reason, never a figure.
 */
final class TlsScenarios {
    private final RunSettings settings;
    private final Results results;
    private final Progress progress;

    TlsScenarios(RunSettings settings, Results results, Progress progress) {
        this.settings = settings;
        this.results = results;
        this.progress = progress;
    }

    /** Runs E1T, L1T, H1T and M1T (those selected) against {@code spec}, recording figures or n/a reasons. */
    void run(ServerSpec spec) throws InterruptedException {
        List<Scenario> selected = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            if (scenario.isTls() && settings.runs(scenario) && spec.supports(scenario)) {
                selected.add(scenario);
            }
        }
        if (selected.isEmpty()) {
            return;
        }
        TlsClient client;
        try {
            if (!spec.tls().supported()) {
                throw new IllegalStateException(spec.tls().description());
            }
            client = client(settings);
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            for (Scenario scenario : selected) {
                progress.begin(scenario, spec.name());
                fail(spec, scenario, e.getMessage());
            }
            return;
        }
        progress.heading(spec.name() + " over TLS: " + spec.tls().description());
        ServerSpec secure = spec.withTls();
        if (selected.stream().anyMatch(LoadScenarios.TLS_ORDER::contains)) {
            runLoad(secure, client, selected);
        }
        if (selected.contains(Scenario.M1T)) {
            new MemoryScenario(settings, results, progress).runTls(secure, client);
        }
    }

    /** The load generator's TLS client for a run: trusting the test CA, expecting the name 127.0.0.1. */
    static TlsClient client(RunSettings settings) throws IOException, GeneralSecurityException {
        return TlsClient.trusting(TlsFiles.under(settings.root()).ca(), "127.0.0.1");
    }

    private void runLoad(ServerSpec spec, TlsClient client, List<Scenario> selected) throws InterruptedException {
        try (ServerProcess server = ServerProcess.start(spec,
                settings.outputDirectory().resolve("logs").resolve(spec.name() + "-TLS.log"))) {
            String announced = server.tlsLine();
            if (announced.startsWith("tls provider ")) {
                results.note(spec.name() + " TLS rows: " + announced);
            }
            new LoadScenarios(settings, results, progress).runTls(server, client);
        } catch (ServerStartException e) {
            for (Scenario scenario : selected) {
                if (LoadScenarios.TLS_ORDER.contains(scenario)) {
                    progress.begin(scenario, spec.name());
                    fail(spec, scenario, "server did not start: " + e.getMessage());
                }
            }
        }
    }

    private void fail(ServerSpec spec, Scenario scenario, String reason) {
        results.fail(spec.name(), scenario, reason);
        progress.finish("n/a: " + reason);
    }
}
