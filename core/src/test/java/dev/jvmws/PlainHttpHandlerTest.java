package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code httpHandler}: plain HTTP requests on the WebSocket port get a small response; upgrades still upgrade. */
@Timeout(30)
class PlainHttpHandlerTest {

    private static LoopbackServer serve(RecordingServerListener server) throws Exception {
        return LoopbackServer.start(ServerOptions.builder().httpHandler(request -> switch (request.path()) {
            case "/health" -> HttpResponse.of(200, "ok");
            case "/" -> HttpResponse.of(200, "<h1>chat</h1>",
                    HttpHeaders.builder().add("Content-Type", "text/html; charset=utf-8").add("Cache-Control", "no-store").build());
            case "/boom" -> throw new IllegalStateException("handler bug");
            default -> null;
        }), server);
    }

    private static RawSocket.Response get(LoopbackServer loopback, String requestLine) throws Exception {
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.write(requestLine + "\r\nHost: 127.0.0.1\r\n\r\n");
            return socket.readResponse();
        }
    }

    @Test
    void plainRequestsGetTheHandlersAnswerAndUpgradesStillUpgrade() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = serve(server);

        RawSocket.Response health = get(loopback, "GET /health HTTP/1.1");
        assertThat(health.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(health.body()).isEqualTo("ok");
        assertThat(health.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(health.header("Connection")).isEqualTo("close");

        RawSocket.Response page = get(loopback, "GET / HTTP/1.1");
        assertThat(page.body()).isEqualTo("<h1>chat</h1>");
        assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");

        RawSocket.Response head = get(loopback, "HEAD /health HTTP/1.1");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("2");
        assertThat(head.body()).as("HEAD: no body").isEmpty();

        RawSocket.Response other = get(loopback, "GET /other HTTP/1.1");
        assertThat(other.status()).as("the handler passed: the usual 426").isEqualTo(426);
        assertThat(other.header("Upgrade")).isEqualTo("websocket");
        assertThat(server.nextClientError().error().statusCode()).isEqualTo(426);

        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            assertThat(socket.upgrade("/health").status()).as("an upgrade is not a plain request").isEqualTo(101);
        }
        server.nextConnection();
    }

    @Test
    void aHandlerThatThrowsIsAServerErrorAnswered500() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = serve(server);
        assertThat(get(loopback, "GET /boom HTTP/1.1").status()).isEqualTo(500);
        assertThat(server.nextServerError()).hasMessage("handler bug");
    }
}
