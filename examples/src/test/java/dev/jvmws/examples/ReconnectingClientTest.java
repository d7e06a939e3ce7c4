package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ClientOptions;
import dev.jvmws.ReadyState;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReconnectingClientTest {

    /** Server side: each connection as it opens. */
    private final BlockingQueue<WebSocket> accepted = new LinkedBlockingQueue<>();
    private WebSocketServer server;
    private ReconnectingClient client;

    private WebSocketServer startServer(int port) throws Exception {
        return WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(port).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        accepted.add(ws);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    private WebSocket nextAccepted() throws InterruptedException {
        WebSocket ws = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(ws).as("a connection within 10 s").isNotNull();
        return ws;
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void reconnectsAfterTheServerDropsTheConnection() throws Exception {
        server = startServer(0);
        Recorder events = new Recorder();
        client = new ReconnectingClient(URI.create("ws://127.0.0.1:" + server.address().getPort()),
                ClientOptions.builder().build(), events, Duration.ofMillis(10), Duration.ofMillis(200)).start();
        events.assertNext("open");
        WebSocket first = nextAccepted();

        first.close(1001, "restarting");
        events.assertNext("close: 1001");
        events.assertNext("open"); // after the 10 ms backoff
        WebSocket second = nextAccepted();
        assertThat(second).isNotSameAs(first);
        assertThat(client.current().readyState()).isEqualTo(ReadyState.OPEN);

        second.terminate(); // a drop without a close frame
        events.assertNext("close: 1006");
        events.assertNext("open");
        nextAccepted();
    }

    @Test
    void keepsTryingWhileNobodyListensThenConnects() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort(); // free now; nothing listens there until the server starts below
        }
        Recorder events = new Recorder();
        client = new ReconnectingClient(URI.create("ws://127.0.0.1:" + port), ClientOptions.builder().build(), events,
                Duration.ofMillis(5), Duration.ofMillis(40)).start();
        for (int refused = 0; refused < 3; refused++) {
            events.assertNext("close: 1006");
        }
        server = startServer(port);
        Object event;
        do {
            event = events.next(); // attempts that were already under way may still be refused
        } while ("close: 1006".equals(event));
        assertThat(event).isEqualTo("open");
        nextAccepted();
    }

    @Test
    void theDelayDoublesAfterEachFailureUpToTheCap() {
        ReconnectingClient backoff = new ReconnectingClient(URI.create("ws://127.0.0.1:1"),
                ClientOptions.builder().build(), new Recorder(), Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void closeStopsReconnecting() throws Exception {
        server = startServer(0);
        Recorder events = new Recorder();
        client = new ReconnectingClient(URI.create("ws://127.0.0.1:" + server.address().getPort()),
                ClientOptions.builder().build(), events, Duration.ofMillis(5), Duration.ofMillis(5)).start();
        events.assertNext("open");
        nextAccepted();
        client.close();
        events.assertNext("close: 1000");
        assertThat(client.current().readyState()).isEqualTo(ReadyState.CLOSED);
        // Absence can't be awaited: 40 backoff periods with no new connection is the evidence.
        assertThat(accepted.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }
}
