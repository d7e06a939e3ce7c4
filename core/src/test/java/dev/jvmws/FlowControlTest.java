package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingServerListener.Accepted;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pause/resume and bufferedAmount. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class FlowControlTest {
    private LoopbackServer loopback;

    /**
     * Returns once the server connection's event loop has finished a turn that began after everything
     * the client sent so far was readable (issue 9: a fixed "no event within 200 ms" passes vacuously
     * on a machine too slow to deliver in 200 ms). A completed send has left the client's socket, and
     * on loopback the kernel has queued its bytes for the server's socket by then. Each marker the
     * server sends is a task of its loop, which runs after the ready channels of the same turn were
     * served; the first marker's turn may have selected before the bytes arrived, but the second's
     * began after the first was flushed. So a connection that (wrongly) read while paused would have
     * delivered its messages, or its pending input, before the second marker reaches the client.
     */
    private static void serverLoopHasServedItsReadyChannels(Accepted server, RecordingListener client) {
        for (String marker : new String[] {"marker 1", "marker 2"}) {
            server.ws().send(marker);
            assertThat(client.nextText()).isEqualTo(marker);
        }
    }

    @Test
    void pausedConnectionDeliversNothingUntilResumed() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener().onEachConnection(WebSocket::pause));
        RecordingListener clientEvents = new RecordingListener();
        WebSocket client = loopback.connectOpen(clientEvents);
        Accepted server = loopback.events.nextConnection();
        assertThat(server.ws().isPaused()).isTrue();

        CompletableFuture<?>[] sent = new CompletableFuture<?>[5];
        for (int i = 0; i < 5; i++) {
            sent[i] = client.send("message " + i);
        }
        CompletableFuture.allOf(sent).get(5, TimeUnit.SECONDS);

        serverLoopHasServedItsReadyChannels(server, clientEvents);
        server.events().assertExhausted();
        server.ws().resume();
        for (int i = 0; i < 5; i++) {
            assertThat(server.events().nextText()).isEqualTo("message " + i);
        }
        assertThat(server.ws().isPaused()).isFalse();
    }

    @Test
    void pauseInsideACallbackHoldsBackMessagesAlreadyRead() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                super.onText(ws, text);
                if (text.equals("pause")) {
                    ws.pause();
                }
            }
        }));
        RecordingListener clientEvents = new RecordingListener();
        WebSocket client = loopback.connectOpen(clientEvents);
        Accepted server = loopback.events.nextConnection();

        // Sent back to back, the two messages usually arrive in one read.
        client.send("pause");
        client.send("after").get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextText()).isEqualTo("pause");
        // Sent after the pause: a paused connection must not read it either (nor pass it the held one).
        client.send("later").get(5, TimeUnit.SECONDS);
        serverLoopHasServedItsReadyChannels(server, clientEvents);
        server.events().assertExhausted();
        assertThat(server.ws().isPaused()).isTrue();
        server.ws().resume();
        assertThat(server.events().nextText()).isEqualTo("after");
        assertThat(server.events().nextText()).isEqualTo("later");
    }

    @Test
    void bufferedAmountIsZeroOnceOpenOnBothSides() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        // The HTTP request and the 101 response are not frames: they never count.
        assertThat(client.bufferedAmount()).isZero();
        assertThat(server.ws().bufferedAmount()).isZero();
    }

    @Test
    void bufferedAmountIsZeroOnceASendHasCompleted() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        // Large enough to fill the socket buffers, so the frame leaves in several writes.
        client.send(new byte[4 * 1024 * 1024]).get(5, TimeUnit.SECONDS);

        assertThat(client.bufferedAmount()).isZero();
        assertThat(server.events().nextBinary()).hasSize(4 * 1024 * 1024);
    }

    @Test
    void serverBufferedAmountIsZeroOnceASendHasCompleted() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        server.ws().send(new byte[4 * 1024 * 1024]).get(5, TimeUnit.SECONDS);

        assertThat(server.ws().bufferedAmount()).isZero();
        assertThat(client.nextBinary()).hasSize(4 * 1024 * 1024);
    }

    @Test
    void bufferedAmountCountsASendUntilItIsWritten() throws Exception {
        // The paused server reads nothing: once both sockets' buffers are full, the rest stays queued.
        loopback = LoopbackServer.start(new RecordingServerListener().onEachConnection(WebSocket::pause));
        WebSocket client = loopback.connectOpen(new RecordingListener());
        byte[] data = new byte[32 * 1024 * 1024];

        CompletableFuture<Void> sent = client.send(data);

        assertThat(sent).isNotDone();
        assertThat(client.bufferedAmount()).isPositive().isLessThanOrEqualTo(data.length + 14L);
        loopback.events.nextConnection().ws().resume();
        sent.get(10, TimeUnit.SECONDS);
        assertThat(client.bufferedAmount()).isZero();
    }
}
