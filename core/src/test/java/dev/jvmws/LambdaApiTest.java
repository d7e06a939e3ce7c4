package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The API a ws user writes first, with lambdas: listeners from {@link WebSocket.Listener#onText} and
 * {@link WebSocket.Listener#builder()}, the server reached from a connection ({@link WebSocket#server()})
 * to broadcast, and the conveniences ws has ({@code connect(String)}, {@code ping('text')},
 * {@code send(bytes, options)}).
 */
@Timeout(30)
class LambdaApiTest {
    private WebSocketServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(5, TimeUnit.SECONDS);
        }
    }

    private String url() {
        return "ws://127.0.0.1:" + server.address().getPort();
    }

    private static String poll(BlockingQueue<String> queue) throws InterruptedException {
        String next = queue.poll(5, TimeUnit.SECONDS);
        assertThat(next).as("an event within 5 s").isNotNull();
        return next;
    }

    @Test
    void broadcastFromAMessageHandlerReachesEveryClientThroughTheConnectionsServer() throws Exception {
        BlockingQueue<WebSocketServer> seen = new LinkedBlockingQueue<>();
        server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).build(),
                WebSocketServer.Listener.onConnection((ws, request) -> {
                    seen.add(ws.server());
                    ws.setListener(WebSocket.Listener.onText((sender, text) ->
                            sender.server().clients().forEach(client -> client.send(text))));
                })).get(5, TimeUnit.SECONDS);

        BlockingQueue<String> first = new LinkedBlockingQueue<>();
        BlockingQueue<String> second = new LinkedBlockingQueue<>();
        WebSocket a = WebSocket.connect(url(), WebSocket.Listener.onText((ws, text) -> first.add(text)));
        WebSocket b = WebSocket.connect(url(), ClientOptions.DEFAULTS, WebSocket.Listener.onText((ws, text) -> second.add(text)));
        a.whenOpen().get(5, TimeUnit.SECONDS);
        b.whenOpen().get(5, TimeUnit.SECONDS);
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isSameAs(server);
        assertThat(seen.poll(5, TimeUnit.SECONDS)).isSameAs(server);
        assertThat(a.server()).as("a client has no server").isNull();

        a.send("to everyone");
        assertThat(poll(first)).isEqualTo("to everyone");
        assertThat(poll(second)).isEqualTo("to everyone");
        a.close().get(5, TimeUnit.SECONDS);
        b.close().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aBuiltListenerCallsEachHandlerForItsEvent() throws Exception {
        BlockingQueue<String> serverSaw = new LinkedBlockingQueue<>();
        server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).build(),
                WebSocketServer.Listener.onConnection((ws, request) -> ws.setListener(WebSocket.Listener.builder()
                        .onText((socket, text) -> socket.send(text.getBytes(StandardCharsets.UTF_8),
                                SendOptions.builder().binary(true).build()))
                        .onBinary((socket, data) -> socket.send(StandardCharsets.UTF_8.decode(data).toString()))
                        .onPing((socket, data) -> serverSaw.add("ping " + StandardCharsets.UTF_8.decode(data)))
                        .onPong((socket, data) -> serverSaw.add("pong " + data.remaining()))
                        .build()))).get(5, TimeUnit.SECONDS);

        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = WebSocket.Listener.builder()
                .onOpen(ws -> events.add("open"))
                .onText((ws, text) -> events.add("text " + text))
                .onBinary((ws, data) -> events.add("binary " + StandardCharsets.UTF_8.decode(data)))
                .onError((ws, error) -> events.add("error " + error.getClass().getSimpleName()))
                .onClose((ws, code, reason) -> events.add("close " + code + " " + reason))
                .build();
        WebSocket ws = WebSocket.connect(url(), listener);
        assertThat(poll(events)).isEqualTo("open");

        ws.send("as text");
        assertThat(poll(events)).as("send(byte[], options) as binary").isEqualTo("binary as text");
        ws.send("raw".getBytes(StandardCharsets.UTF_8), SendOptions.builder().binary(true).build());
        assertThat(poll(events)).isEqualTo("text raw");

        ws.ping("héllo");
        assertThat(poll(serverSaw)).isEqualTo("ping héllo");
        ws.ping(new byte[] {'b', 'y', 't', 'e', 's'});
        assertThat(poll(serverSaw)).isEqualTo("ping bytes");
        ws.pong(new byte[3]);
        assertThat(poll(serverSaw)).isEqualTo("pong 3");
        ws.pong("four");
        assertThat(poll(serverSaw)).isEqualTo("pong 4");
        assertThatThrownBy(() -> ws.ping("x".repeat(126))).isInstanceOf(IllegalArgumentException.class);

        ws.close(1000, "done");
        assertThat(poll(events)).isEqualTo("close 1000 done");
        assertThat(events).isEmpty();
    }

    @Test
    void aBuildersHandlersAreFixedWhenBuilt() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        ListenerBuilder builder = WebSocket.Listener.builder().onText((ws, text) -> events.add("first " + text));
        WebSocket.Listener built = builder.build();
        builder.onText((ws, text) -> events.add("second " + text));
        built.onText(null, "x");
        built.onBinary(null, ByteBuffer.allocate(1)); // no handler: nothing happens
        assertThat(events).containsExactly("first x");
        assertThatThrownBy(() -> builder.onClose(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void connectTakesAStringUrlAndRefusesAnInvalidOne() {
        assertThatThrownBy(() -> WebSocket.connect("ws://bad host", WebSocket.Listener.onText((ws, text) -> {})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
