package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingServerListener.Accepted;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Closing handshakes, ready states, terminate and failing listeners, client against server. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class CloseTest {
    private LoopbackServer loopback;

    @Test
    void peerSeesTheCloseCodeAndReason() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        ws.close(4000, "x");

        server.events().assertNextClose(4000, "x");
        client.assertNextClose(4000, "x"); // the server echoes the code (RFC 6455 §5.5.1)
    }

    @Test
    void closeWithoutACodeIsSeenAs1005() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        ws.close();

        server.events().assertNextClose(1005, "");
        client.assertNextClose(1005, "");
    }

    @Test
    void serverCloseCodeReachesTheClient() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        server.ws().close(4001, "bye");

        client.assertNextClose(4001, "bye");
        server.events().assertNextClose(4001, "bye");
    }

    @Test
    void closeRejectsCodesThatMayNotBeSent() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket ws = loopback.connectOpen(new RecordingListener());

        assertThatThrownBy(() -> ws.close(1005)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(999, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(5000, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void closeRejectsAReasonLongerThan123Bytes() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket ws = loopback.connectOpen(new RecordingListener());

        assertThatThrownBy(() -> ws.close(1000, "é".repeat(62))) // 124 UTF-8 bytes
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void whenClosedCompletesAfterTheClosingHandshake() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);

        CompletableFuture<Void> closed = ws.close(1000, "done");

        closed.get(5, TimeUnit.SECONDS);
        assertThat(ws.whenClosed()).isCompleted();
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
        client.assertNextClose(1000, "done");
    }

    @Test
    void futuresAskedForOnlyAfterTheEventAreAlreadySettled() throws Exception {
        // The futures are made on first request; one asked for late must still say what happened.
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connect(client);
        client.nextOpen();
        Accepted accepted = loopback.events.nextConnection();
        assertThat(accepted.ws().whenOpen()).as("a server-side socket is open from the start").isCompletedWithValue(accepted.ws());

        accepted.ws().close(1000, "bye");
        client.assertNextClose(1000, "bye");
        ws.whenClosed().get(5, TimeUnit.SECONDS);
        accepted.ws().whenClosed().get(5, TimeUnit.SECONDS);
        assertThat(ws.whenOpen()).isCompletedWithValue(ws);
        assertThat(ws.whenClosed()).isSameAs(ws.whenClosed());

        RecordingListener refused = new RecordingListener();
        WebSocket failed = WebSocket.connect(java.net.URI.create("ws://127.0.0.1:1/"), refused);
        refused.nextError();
        refused.nextClose();
        assertThat(LoopbackServer.openFailure(failed)).isNotNull();
        assertThat(failed.whenClosed()).succeedsWithin(java.time.Duration.ofSeconds(5));
    }

    @Test
    void readyStateGoesFromConnectingToOpenToClosed() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Verdict>> verdicts = new LinkedBlockingQueue<>();
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(request -> {
            CompletableFuture<Verdict> verdict = new CompletableFuture<>();
            verdicts.add(verdict);
            return verdict;
        }));
        WebSocket ws = loopback.connect(new RecordingListener());
        CompletableFuture<Verdict> pending = verdicts.poll(5, TimeUnit.SECONDS);

        assertThat(pending).as("verification started").isNotNull();
        assertThat(ws.readyState()).isEqualTo(ReadyState.CONNECTING);
        pending.complete(Verdict.accept());
        ws.whenOpen().get(5, TimeUnit.SECONDS);
        assertThat(ws.readyState()).isEqualTo(ReadyState.OPEN);
        ws.close(1000, "").get(5, TimeUnit.SECONDS);
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void readyStateIsClosingWhileThePeerHasNotAnsweredTheClose() throws Exception {
        // The paused server reads nothing, so the client's close frame stays unanswered. Its side may
        // still be on its way to onConnection when the test ends: LoopbackServer.close terminates it
        // even then (issue 9: a teardown that missed it waited for a paused socket forever).
        loopback = LoopbackServer.start(new RecordingServerListener().onEachConnection(WebSocket::pause));
        WebSocket ws = loopback.connectOpen(new RecordingListener());

        ws.close(1000, "");
        // A send queued behind the close runs after it on the client's loop, so it sees CLOSING.
        CompletableFuture<Void> after = ws.send("too late");

        assertThatThrownBy(() -> after.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOSING");
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSING);
    }

    @Test
    void readyStateIsClosingAsSoonAsCloseReturns() throws Exception {
        // A paused server does not answer yet, so the handshake can't finish (CLOSED) before we look.
        loopback = LoopbackServer.start(new RecordingServerListener().onEachConnection(WebSocket::pause));
        WebSocket ws = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        ws.close(1000, "");

        // Like ws and the W3C API, whatever thread calls close() and before the loop has run it.
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSING);
        server.ws().resume();
        ws.whenClosed().get(5, TimeUnit.SECONDS);
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void sendWhileConnectingThrows() throws Exception {
        CompletableFuture<Verdict> never = new CompletableFuture<>();
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(request -> never));
        WebSocket ws = loopback.connect(new RecordingListener());

        assertThat(ws.readyState()).isEqualTo(ReadyState.CONNECTING);
        assertThatThrownBy(() -> ws.send("early"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONNECTING");
    }

    @Test
    void sendAfterCloseFailsItsFuture() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket ws = loopback.connectOpen(new RecordingListener());
        ws.close(1000, "").get(5, TimeUnit.SECONDS);

        CompletableFuture<Void> sent = ws.send("after close");

        assertThatThrownBy(() -> sent.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientTerminateIsSeenAs1006OnBothSides() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        ws.terminate();

        client.assertNextClose(1006, "");
        server.events().assertNextClose(1006, "");
    }

    @Test
    void serverTerminateIsSeenAs1006OnBothSides() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        server.ws().terminate();

        server.events().assertNextClose(1006, "");
        client.assertNextClose(1006, "");
    }

    @Test
    void listenerExceptionClosesWith1011AndIsReportedToOnError() throws Exception {
        RuntimeException boom = new RuntimeException("listener failed");
        loopback = LoopbackServer.start(new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                super.onText(ws, text);
                if (text.equals("throw")) {
                    throw boom;
                }
            }
        }));
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        ws.send("throw");

        assertThat(client.nextClose().code()).isEqualTo(1011);
        assertThat(server.events().nextText()).isEqualTo("throw");
        assertThat(server.events().nextError()).isSameAs(boom);
    }

    @Test
    void serverKeepsServingAfterAListenerThrew() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                super.onText(ws, text);
                if (text.equals("throw")) {
                    throw new RuntimeException("listener failed");
                }
                ws.send("echo: " + text);
            }
        }));
        RecordingListener first = new RecordingListener();
        loopback.connectOpen(first).send("throw");
        assertThat(first.nextClose().code()).isEqualTo(1011);

        RecordingListener second = new RecordingListener();
        loopback.connectOpen(second).send("hello");

        assertThat(second.nextText()).isEqualTo("echo: hello");
    }
}
