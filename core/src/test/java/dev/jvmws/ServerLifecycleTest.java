package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingServerListener.Accepted;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server's set of clients and its shutdown. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ServerLifecycleTest {
    private LoopbackServer loopback;

    @Test
    void clientsContainsAnOpenConnection() throws Exception {
        loopback = LoopbackServer.start();
        loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        assertThat(loopback.server.clients()).containsExactly(server.ws());
    }

    @Test
    void closeCompletesOnceTheLastClientHasClosed() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        CompletableFuture<Void> closed = loopback.server.close();

        assertThat(closed).as("server close while a client is open").isNotDone();
        client.close(1000, "");
        closed.get(5, TimeUnit.SECONDS);
        assertThat(loopback.server.clients()).doesNotContain(server.ws()).isEmpty();
    }

    @Test
    void refusesNewClientsAfterClose() throws Exception {
        loopback = LoopbackServer.start();
        loopback.connectOpen(new RecordingListener()); // keeps the server's loops alive after close()
        URI uri = loopback.uri();

        loopback.server.close();
        RecordingListener late = new RecordingListener();
        WebSocket ws = loopback.track(WebSocket.connect(uri, late));

        assertThatThrownBy(() -> ws.whenOpen().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        // Connection refused; or, if the request slipped in before the port closed, a 503.
        RecordingListener.Event event = late.next();
        if (event instanceof RecordingListener.UnexpectedResponse response) {
            assertThat(response.response().statusCode()).isEqualTo(503);
            event = late.next();
        }
        assertThat(event).isInstanceOf(RecordingListener.Failure.class);
        late.assertNextClose(1006, "");
    }

    @Test
    void addressIsNullAfterClose() throws Exception {
        loopback = LoopbackServer.start();
        assertThat(loopback.address()).isNotNull();

        loopback.server.close().get(5, TimeUnit.SECONDS);

        assertThat(loopback.server.address()).isNull();
    }
}
