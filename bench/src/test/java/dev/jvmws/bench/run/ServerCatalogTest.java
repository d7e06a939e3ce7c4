package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each server runs for the compressed workloads (Z1, ZM) and the TLS workloads (E1T, L1T, H1T, M1T). */
class ServerCatalogTest {
    private static final RunSettings SETTINGS = new RunSettings(Path.of("/repo"), Path.of("/repo/bench.jar"), "java",
            RunSettings.DEFAULT_JVM_OPTIONS, 1, 50, Timing.quick(), true, List.of(Scenario.Z1, Scenario.ZM),
            List.of(), Path.of("/tmp/out"));
    private static final List<Scenario> TLS = List.of(Scenario.E1T, Scenario.L1T, Scenario.H1T, Scenario.M1T);
    /** Rows that exist for the TLS workloads only (another provider of a server that has a plain row). */
    private static final List<String> TLS_ONLY = List.of("jvmws-conscrypt", "netty-openssl");

    private static ServerSpec spec(String name) {
        return ServerCatalog.all(SETTINGS).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyWebSocketServerTakesPartInTheCompressedWorkloadsRawTcpDoesNot() {
        for (ServerSpec server : ServerCatalog.all(SETTINGS)) {
            boolean plainWebSocket = !server.raw() && !TLS_ONLY.contains(server.name());
            assertThat(server.supports(Scenario.Z1)).as(server.name()).isEqualTo(plainWebSocket);
            assertThat(server.supports(Scenario.ZM)).as(server.name()).isEqualTo(plainWebSocket);
        }
    }

    @Test
    void theTlsRowsAreOursAndNettyWithTwoProvidersEachAndNodeWs() {
        for (ServerSpec server : ServerCatalog.all(SETTINGS)) {
            boolean tlsRow = List.of("jvmws", "jvmws-conscrypt", "netty-epoll", "netty-openssl", "node-ws")
                    .contains(server.name());
            for (Scenario scenario : TLS) {
                assertThat(server.supports(scenario)).as(server.name() + " " + scenario).isEqualTo(tlsRow);
            }
            assertThat(server.tls().supported()).as(server.name()).isEqualTo(tlsRow);
            if (TLS_ONLY.contains(server.name())) {
                assertThat(server.scenarios()).as(server.name()).containsExactlyInAnyOrderElementsOf(TLS);
            }
        }
    }

    @Test
    void everyTlsRowServesTheSameCertificateWithItsProvider() {
        List<String> pem = List.of("--tls-cert", "/repo/core/src/test/resources/tls/server-ec.pem", "--tls-key",
                "/repo/core/src/test/resources/tls/server-ec-key.pem");
        assertThat(spec("jvmws").withTls().command().apply(1234)).containsSequence("server", "--port", "1234")
                .endsWith(pem.toArray(new String[0]));
        assertThat(spec("node-ws").withTls().command().apply(1234)).endsWith(pem.toArray(new String[0]));
        assertThat(spec("netty-epoll").withTls().command().apply(1234))
                .containsSequence("--transport", "epoll").endsWith("--tls-provider", "jdk");
        assertThat(spec("netty-openssl").withTls().command().apply(1234))
                .containsSequence("--transport", "epoll").endsWith("--tls-provider", "openssl");
        assertThat(spec("jvmws").withTls().secure()).isTrue();
        assertThat(spec("jvmws").secure()).isFalse();
        // The peers' plain launches stay plain.
        assertThat(spec("node-ws").command().apply(1234)).doesNotContain("--tls-cert");
    }

    @Test
    void oursWithConscryptRunsTheTesteeJarAheadOfTheBenchJar() {
        List<String> command = spec("jvmws-conscrypt").withTls().command().apply(1234);

        assertThat(command).containsSequence("-cp", "/repo/cli/target/jvmws-cli.jar:/repo/bench.jar",
                "dev.jvmws.bench.peers.ConscryptTestee", "server", "--port", "1234", "--no-compression");
        assertThat(command).containsSubsequence(RunSettings.DEFAULT_JVM_OPTIONS.toArray(new String[0]));
        assertThat(spec("jvmws-conscrypt").tls().announcement().matcher("tls provider Conscrypt 2.5.2 (x)").find())
                .isTrue();
        assertThat(spec("netty-openssl").tls().announcement().matcher("tls provider JDK SunJSSE").find()).isFalse();
    }

    @Test
    void aServerWithoutTlsSaysWhy() {
        ServerSpec jetty = spec("jetty");

        assertThat(jetty.tls().supported()).isFalse();
        assertThatThrownBy(jetty::withTls).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyServerRunsWithoutCompressionUnlessTheWorkloadTurnsItOn() {
        assertThat(spec("node-ws").withCompression().command().apply(1234))
                .endsWith("--port", "1234", "--compression", "on");
        assertThat(spec("netty-epoll").withCompression().command().apply(1234))
                .endsWith("--transport", "epoll", "--compression", "on");
        assertThat(spec("node-ws").command().apply(1234)).doesNotContain("--compression");
        // Ours accepts offers by default, so its plain run declines them (C1's clients offer it) and
        // the compressed run turns it back on: bin/testee takes the last of the two.
        assertThat(spec("jvmws").command().apply(1234)).endsWith("--port", "1234", "--no-compression");
        assertThat(spec("jvmws").withCompression().command().apply(1234))
                .endsWith("--no-compression", "--compression");
    }

    @Test
    void aServerWithoutPermessageDeflateSaysWhy() {
        ServerSpec websocketNode = spec("node-websocket");

        assertThat(websocketNode.compression().supported()).isFalse();
        assertThat(websocketNode.compression().description()).contains("no permessage-deflate");
        assertThatThrownBy(websocketNode::withCompression).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void markdownNamesEachServersCompressionSettingsWhenZWorkloadsRan() {
        Results results = new Results(List.of(Metric.Z1_RATE, Metric.ZM_IDLE_KIB));
        results.put("jvmws", Metric.Z1_RATE, Cell.of(Stats.of(List.of(1.0))));
        String markdown = MarkdownReport.render(results, Map.of(), true,
                List.of(spec("jvmws"), spec("node-websocket")), null);

        assertThat(markdown).contains("- `jvmws`: jvmws (this repository, bin/testee server); Z1/ZM with "
                + "permessage-deflate: --compression: accepts every valid offer",
                "- `node-websocket`: Node.js websocket (WebSocket-Node); Z1/ZM: WebSocket-Node 1.0.35 has no "
                        + "permessage-deflate");
    }
}
