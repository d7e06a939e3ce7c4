package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** noServer mode: one port, a page over plain HTTP and an echo WebSocket handed over by handleUpgrade. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class UpgradeFrontTest {

    /** HTTP/1.1 only: the default would ask for an h2c upgrade, which the WebSocket path answers with 400. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private WebSocketServer echo;
    private UpgradeFront front;

    @BeforeEach
    void start() throws Exception {
        echo = WebSocketServer.start(ServerOptions.builder().noServer(true).path("/echo").build(), EchoServer.listener())
                .get(10, TimeUnit.SECONDS);
        front = UpgradeFront.start(new InetSocketAddress("127.0.0.1", 0), echo,
                Map.of("/", new UpgradeFront.Page("text/plain; charset=utf-8", "front page\n".getBytes(StandardCharsets.UTF_8))));
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        echo.clients().forEach(WebSocket::terminate);
        echo.close().get(10, TimeUnit.SECONDS);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAndTheWebSocketOnOnePort() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("front page\n");
        assertThat(page.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");

        Recorder client = new Recorder();
        WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + front.port() + "/echo"), client);
        client.assertNext("open");
        ws.send("through the front");
        assertThat(client.nextText()).isEqualTo("through the front");
        ws.close(1000, "").get(10, TimeUnit.SECONDS);
    }

    @Test
    void otherPathsAre404AndAPlainGetOnTheWebSocketPathIs426() throws Exception {
        assertThat(get("/missing").statusCode()).isEqualTo(404);
        HttpResponse<String> plain = get("/echo"); // answered by the WebSocket server itself
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.headers().firstValue("upgrade")).hasValue("websocket");
    }
}
