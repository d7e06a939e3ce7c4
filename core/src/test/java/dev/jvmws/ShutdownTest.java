package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingListener.Close;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code server.shutdown(grace)} on a clock the test moves: 1001 to everyone, a grace period, then terminate. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ShutdownTest {
    private static final Duration GRACE = Duration.ofSeconds(5);
    private final ManualClock clock = new ManualClock();

    private LoopbackServer serve(RecordingServerListener server) throws Exception {
        LoopbackServer loopback = LoopbackServer.start(
                ServerOptions.builder().clock(clock).host("127.0.0.1").port(0).threads(1).build(), server);
        loopback.closedByTheTest();
        return loopback;
    }

    private static void settle(EventLoop loop) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> loop.execute(() -> done.complete(null)), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void everyoneGets1001AfterWhatWasQueuedAndWhoeverDoesNotAnswerIsTerminatedAfterTheGrace() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = serve(server);
        RecordingListener polite = new RecordingListener();
        WebSocket politeClient = loopback.connectOpen(polite);
        RecordingServerListener.Accepted politeSide = server.nextConnection();
        try (RawSocket silent = RawSocket.connect(loopback.address())) {
            silent.upgrade("/");
            RecordingServerListener.Accepted silentSide = server.nextConnection();

            politeSide.ws().send("queued before the shutdown");
            CompletableFuture<WebSocketServer.ShutdownResult> result = loopback.server.shutdown(GRACE);
            assertThat(loopback.server.shutdown(Duration.ofDays(1))).as("called again: the same future").isSameAs(result);

            assertThat(polite.nextText()).isEqualTo("queued before the shutdown");
            assertThat(polite.nextClose()).isEqualTo(new Close(1001, "Server shutting down"));
            assertThat(politeClient.whenClosed()).succeedsWithin(Duration.ofSeconds(5));
            byte[] close = PerMessageDeflateTest.readServerFrame(silent);
            assertThat(close[0] & 0x0F).isEqualTo(0x8);
            assertThat(((close[1] & 0xFF) << 8) | (close[2] & 0xFF)).isEqualTo(1001);

            clock.advance(GRACE.minusMillis(1));
            settle(loopback.server.firstLoop());
            assertThat(result).as("within the grace period").isNotDone();
            assertThat(silent.available()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(silent.readToEnd()).as("terminated at the end of the grace period").isEmpty();
            assertThat(silentSide.events().nextClose().code()).isEqualTo(1006);
            assertThat(result).succeedsWithin(Duration.ofSeconds(5))
                    .isEqualTo(new WebSocketServer.ShutdownResult(1, 1));
            assertThat(politeSide.events().nextClose()).isEqualTo(new Close(1001, "Server shutting down"));
        }
    }

    @Test
    void aServerWhoseClientsAllAnswerIsDoneBeforeTheGraceAndRefusesNewConnections() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = serve(server);
        java.net.URI address = loopback.uri();
        RecordingListener first = new RecordingListener();
        RecordingListener second = new RecordingListener();
        loopback.connectOpen(first);
        loopback.connectOpen(second);
        server.nextConnection();
        server.nextConnection();

        WebSocketServer.ShutdownResult result = loopback.server.shutdown(GRACE).get(5, TimeUnit.SECONDS);
        assertThat(result).as("no clock moved: clean closes only").isEqualTo(new WebSocketServer.ShutdownResult(2, 0));
        assertThat(first.nextClose().code()).isEqualTo(1001);
        assertThat(second.nextClose().code()).isEqualTo(1001);

        RecordingListener late = new RecordingListener();
        WebSocket refused = WebSocket.connect(address, late);
        assertThat(LoopbackServer.openFailure(refused)).as("the port is closed").isNotNull();
        late.nextError();
        late.nextClose();
    }

    @Test
    void aShutdownWithNoConnectionsCompletesAtOnce() throws Exception {
        LoopbackServer loopback = serve(new RecordingServerListener());
        assertThat(loopback.server.shutdown(GRACE)).succeedsWithin(Duration.ofSeconds(5))
                .isEqualTo(new WebSocketServer.ShutdownResult(0, 0));
    }
}
