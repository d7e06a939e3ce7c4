package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link JsonServer} answering {@link JsonClient}'s requests, matched by id. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JsonRequestResponseTest {

    private WebSocketServer server;
    private URI uri;

    @BeforeEach
    void start() throws Exception {
        server = JsonServer.start(0).get(10, TimeUnit.SECONDS);
        uri = URI.create("ws://127.0.0.1:" + server.address().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        server.clients().forEach(WebSocket::terminate);
        server.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachCallGetsItsOwnAnswer() throws Exception {
        try (JsonClient client = JsonClient.connect(uri).get(10, TimeUnit.SECONDS)) {
            assertThat(client.call("add", 2, 3).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(5);
            assertThat(client.call("add", 0.5, 0.25).get(10, TimeUnit.SECONDS).asDouble()).isEqualTo(0.75);
            assertThat(client.call("upper", "json").get(10, TimeUnit.SECONDS).asText()).isEqualTo("JSON");

            List<CompletableFuture<JsonNode>> overlapping = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                overlapping.add(client.call("add", i, 1000));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(overlapping.get(i).get(10, TimeUnit.SECONDS).asLong()).isEqualTo(i + 1000);
            }
        }
    }

    @Test
    void errorsComeBackAsFailedCalls() throws Exception {
        try (JsonClient client = JsonClient.connect(uri).get(10, TimeUnit.SECONDS)) {
            assertThatThrownBy(() -> client.call("divide", 1, 0).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(JsonClient.CallException.class).hasMessage("unknown method: divide");
            assertThatThrownBy(() -> client.call("add", "two", 3).get(10, TimeUnit.SECONDS))
                    .cause().hasMessage("add takes numbers");
        }
    }

    @Test
    void aMessageThatIsNotJsonIsAnsweredWithANullId() throws Exception {
        Recorder raw = new Recorder();
        WebSocket ws = WebSocket.connect(uri, raw);
        raw.assertNext("open");
        ws.send("{\"id\": 7, \"method\": \"upper\", \"params\": [\"raw\"]}");
        assertThat(raw.nextText()).isEqualTo("{\"id\":7,\"result\":\"RAW\"}");
        ws.send("{not json");
        assertThat(raw.nextText()).startsWith("{\"id\":null,\"error\":\"not JSON: ");
        ws.close(1000, "").get(10, TimeUnit.SECONDS);
    }
}
