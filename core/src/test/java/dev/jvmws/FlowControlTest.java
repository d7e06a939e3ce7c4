package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingServerListener.Accepted;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** pause/resume and bufferedAmount. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class FlowControlTest {
    private LoopbackServer loopback;

    @AfterEach
    void tearDown() throws Exception {
        if (loopback != null) {
            loopback.close();
        }
    }

    @Test
    void pausedConnectionDeliversNothingUntilResumed() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener().onEachConnection(WebSocket::pause));
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();
        assertThat(server.ws().isPaused()).isTrue();

        CompletableFuture<?>[] sent = new CompletableFuture<?>[5];
        for (int i = 0; i < 5; i++) {
            sent[i] = client.send("message " + i);
        }
        CompletableFuture.allOf(sent).get(5, TimeUnit.SECONDS);

        server.events().assertNoEventWithin(Duration.ofMillis(200));
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
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        // Sent back to back, the two messages usually arrive in one read.
        client.send("pause");
        client.send("after").get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextText()).isEqualTo("pause");
        server.events().assertNoEventWithin(Duration.ofMillis(200));
        assertThat(server.ws().isPaused()).isTrue();
        server.ws().resume();
        assertThat(server.events().nextText()).isEqualTo("after");
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
