package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each server runs for the compressed workloads (Z1, ZM). */
class ServerCatalogTest {
    private static final RunSettings SETTINGS = new RunSettings(Path.of("/repo"), Path.of("/repo/bench.jar"), "java",
            RunSettings.DEFAULT_JVM_OPTIONS, 1, 50, Timing.quick(), true, List.of(Scenario.Z1, Scenario.ZM),
            List.of(), Path.of("/tmp/out"));

    private static ServerSpec spec(String name) {
        return ServerCatalog.all(SETTINGS).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyWebSocketServerTakesPartInTheCompressedWorkloadsRawTcpDoesNot() {
        for (ServerSpec server : ServerCatalog.all(SETTINGS)) {
            assertThat(server.supports(Scenario.Z1)).as(server.name()).isEqualTo(!server.raw());
            assertThat(server.supports(Scenario.ZM)).as(server.name()).isEqualTo(!server.raw());
        }
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
