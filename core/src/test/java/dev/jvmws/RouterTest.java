package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.handshake.HandshakeException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Several endpoints on one port: by exact path, prefix, pattern and subprotocol, each with its listener and settings. */
@Timeout(30)
class RouterTest {
    private final BlockingQueue<String> routed = new LinkedBlockingQueue<>();

    private WebSocketServer.Listener endpoint(String name) {
        return WebSocketServer.Listener.onConnection((ws, request) -> {
            routed.add(name + " " + request.path() + " [" + ws.protocol() + "]");
            ws.setListener(WebSocket.Listener.onText((socket, text) -> socket.send(name + ": " + text)));
        });
    }

    private String nextRouted() throws InterruptedException {
        String next = routed.poll(5, TimeUnit.SECONDS);
        assertThat(next).as("a routed connection within 5 s").isNotNull();
        return next;
    }

    private static WebSocket open(LoopbackServer loopback, RecordingListener client, String path, String... protocols) {
        WebSocket ws = loopback.track(WebSocket.connect(loopback.uri(path),
                ClientOptions.builder().subprotocols(List.of(protocols)).build(), client));
        client.nextOpen();
        return ws;
    }

    private static int refusedStatus(LoopbackServer loopback, String path, String... protocols) throws Exception {
        RecordingListener client = new RecordingListener().handlingUnexpectedResponses();
        WebSocket ws = loopback.track(WebSocket.connect(loopback.uri(path),
                ClientOptions.builder().subprotocols(List.of(protocols)).build(), client));
        Throwable failure = LoopbackServer.openFailure(ws);
        client.next(); // the unexpected response, taken as handled
        client.nextClose();
        assertThat(failure).isInstanceOf(HandshakeException.class);
        return ((HandshakeException) failure).statusCode();
    }

    @Test
    void eachRequestGoesToTheFirstMatchingRouteAndNoneIs404() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        Router router = Router.builder()
                .exact("/chat", endpoint("chat"))
                .exact("/api").subprotocol("api.v2").to(endpoint("api v2"))
                .exact("/api").subprotocol("api.v1").to(endpoint("api v1"))
                .prefix("/rooms/", endpoint("rooms"))
                .pattern("/users/\\d+", endpoint("user"))
                .build();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().router(router), server);

        RecordingListener chat = new RecordingListener();
        open(loopback, chat, "/chat?since=5").send("hi");
        assertThat(nextRouted()).isEqualTo("chat /chat []");
        assertThat(chat.nextText()).as("the route's listener serves it").isEqualTo("chat: hi");
        assertThat(loopback.server.clients()).as("the server still tracks routed connections").hasSize(1);

        open(loopback, new RecordingListener(), "/api", "api.v1");
        assertThat(nextRouted()).isEqualTo("api v1 /api [api.v1]");
        open(loopback, new RecordingListener(), "/api", "api.v1", "api.v2");
        assertThat(nextRouted()).as("routes are tried in order").isEqualTo("api v2 /api [api.v2]");
        open(loopback, new RecordingListener(), "/rooms/42");
        assertThat(nextRouted()).isEqualTo("rooms /rooms/42 []");
        open(loopback, new RecordingListener(), "/users/7");
        assertThat(nextRouted()).isEqualTo("user /users/7 []");

        assertThat(refusedStatus(loopback, "/api")).as("no subprotocol offered: no route").isEqualTo(404);
        assertThat(refusedStatus(loopback, "/users/x")).isEqualTo(404);
        assertThat(refusedStatus(loopback, "/")).isEqualTo(404);
        // Reported on the loop of each refused connection: two loops, so in any order.
        List<String> reported = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordingServerListener.ClientError error = server.nextClientError();
            assertThat(error.error().statusCode()).isEqualTo(404);
            reported.add(error.request().path());
        }
        assertThat(reported).containsExactlyInAnyOrder("/api", "/users/x", "/");
        assertThat(routed).isEmpty();
    }

    @Test
    void aRouteHasItsOwnConnectionSettings() throws Exception {
        Router router = Router.builder()
                .exact("/small").options(ServerOptions.builder().maxPayload(10)).to(endpoint("small"))
                .exact("/large", endpoint("large"))
                .build();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().router(router), new RecordingServerListener());

        RecordingListener large = new RecordingListener();
        WebSocket largeClient = open(loopback, large, "/large");
        nextRouted();
        RecordingListener small = new RecordingListener();
        WebSocket smallClient = open(loopback, small, "/small");
        nextRouted();
        largeClient.send("eleven byte");
        assertThat(large.nextText()).isEqualTo("large: eleven byte");
        smallClient.send("eleven byte");
        assertThat(small.nextClose().code()).as("maxPayload 10 on this route only").isEqualTo(1009);
    }

    @Test
    void routesRefuseAPathThatIsNotAbsolute() {
        assertThatThrownBy(() -> Router.builder().exact("chat", endpoint("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().prefix(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Router.builder().exact("/a").to(null)).isInstanceOf(NullPointerException.class);
    }
}
