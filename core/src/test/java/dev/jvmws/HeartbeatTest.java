package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingListener.Close;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.internal.io.TimerWheel;
import dev.jvmws.protocol.CloseCode;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code pingInterval}, {@code pongTimeout} and {@code idleTimeout} on a clock the test moves. The
 * timer wheel meets a deadline on its first tick at or after it, so each check is "nothing just before
 * the deadline, done one tick after it". A raw peer shows what is on the wire.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final Duration JUST_BEFORE = Duration.ofMillis(1);
    private static final Duration TICK = Duration.ofNanos(TimerWheel.TICK_NANOS);

    private final ManualClock clock = new ManualClock();
    private final EventLoop clientLoop = clock.newLoop("heartbeat-test-client");
    private LoopbackServer loopback;

    @AfterEach
    void tearDown() {
        clientLoop.shutdown();
    }

    private RecordingServerListener serve(ServerOptions.Builder options) throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(options.clock(clock).host("127.0.0.1").port(0).threads(1).build(), server);
        return server;
    }

    /** Returns once the server's loop has run what the clock made due and written what that produced. */
    private void settle() throws Exception {
        settle(loopback.server.firstLoop());
    }

    private static void settle(EventLoop loop) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // A timer due now runs after the wheel's tick (also due), and the next turn after the flush.
        loop.execute(() -> loop.schedule(() -> loop.execute(() -> done.complete(null)), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    private static int opcode(RawSocket socket) throws Exception {
        return PerMessageDeflateTest.readServerFrame(socket)[0] & 0x0F;
    }

    @Test
    void aSilentPeerIsPingedAfterTheIntervalAndDroppedAfterThePongTimeout() throws Exception {
        RecordingServerListener server = serve(ServerOptions.builder().pingInterval(INTERVAL).pongTimeout(TIMEOUT));
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.upgrade("/");
            RecordingListener events = server.nextConnection().events();

            clock.advance(INTERVAL.minus(JUST_BEFORE));
            settle();
            assertThat(peer.available()).as("no ping before the interval").isZero();
            clock.advance(JUST_BEFORE.plus(TICK));
            assertThat(opcode(peer)).as("a ping").isEqualTo(0x9);

            clock.advance(TIMEOUT.minus(TICK).minus(JUST_BEFORE));
            settle();
            assertThat(events.poll(Duration.ZERO)).as("still open just before the pong timeout").isNull();
            clock.advance(TICK.plus(TICK));
            assertThat(events.nextError()).isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("No answer to a ping within 4000 ms");
            assertThat(events.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
            assertThat(peer.readToEnd()).as("dropped without a close frame").isEmpty();
        }
    }

    @Test
    void aPongOrAnyMessageAnswersAndTheNextPingWaitsForAFullQuietInterval() throws Exception {
        RecordingServerListener server = serve(ServerOptions.builder().pingInterval(INTERVAL).pongTimeout(TIMEOUT));
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.upgrade("/");
            RecordingListener events = server.nextConnection().events();

            clock.advance(INTERVAL.plus(TICK));
            assertThat(opcode(peer)).isEqualTo(0x9);
            peer.write(RawSocket.maskedFrame(0xA, new byte[0])); // the pong
            assertThat(events.next()).isInstanceOf(RecordingListener.Pong.class);
            clock.advance(TIMEOUT.plus(TICK));
            settle();
            assertThat(events.poll(Duration.ZERO)).as("answered: not dropped").isNull();

            // Data without a pong counts too, and keeps the pings away while it flows.
            clock.advance(INTERVAL.minus(TIMEOUT).minus(TICK.multipliedBy(3)));
            peer.write(RawSocket.maskedFrame(0x1, "alive".getBytes(StandardCharsets.UTF_8)));
            assertThat(events.nextText()).isEqualTo("alive");
            clock.advance(INTERVAL.minus(JUST_BEFORE));
            settle();
            assertThat(peer.available()).as("no ping within an interval of the last data").isZero();
            clock.advance(TICK.plus(TICK));
            assertThat(opcode(peer)).isEqualTo(0x9);
            peer.write(RawSocket.maskedFrame(0x2, new byte[] {1}));
            assertThat(events.nextBinary()).containsExactly(1);
            clock.advance(TIMEOUT.plus(TICK));
            settle();
            assertThat(events.poll(Duration.ZERO)).as("a message answered the ping").isNull();
        }
    }

    @Test
    void withoutAPongTimeoutASilentPeerIsPingedEveryIntervalAndNeverDropped() throws Exception {
        RecordingServerListener server = serve(ServerOptions.builder().pingInterval(INTERVAL));
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.upgrade("/");
            RecordingListener events = server.nextConnection().events();
            for (int beat = 0; beat < 3; beat++) {
                clock.advance(INTERVAL.minus(JUST_BEFORE));
                settle();
                assertThat(peer.available()).as("beat %d not early", beat).isZero();
                clock.advance(JUST_BEFORE.plus(TICK));
                assertThat(opcode(peer)).as("beat %d", beat).isEqualTo(0x9);
            }
            assertThat(events.poll(Duration.ZERO)).isNull();
        }
    }

    @Test
    void noMessageForTheIdleTimeoutClosesWith1001AndPingsDoNotCount() throws Exception {
        Duration idle = Duration.ofSeconds(30);
        Duration interval = Duration.ofSeconds(20);
        RecordingServerListener server = serve(ServerOptions.builder().idleTimeout(idle).pingInterval(interval));
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.upgrade("/");
            RecordingListener events = server.nextConnection().events();
            clock.advance(Duration.ofSeconds(5));
            peer.write(RawSocket.maskedFrame(0x1, "hi".getBytes(StandardCharsets.UTF_8)));
            assertThat(events.nextText()).isEqualTo("hi"); // the idle time counts from here

            clock.advance(interval.plus(TICK));
            assertThat(opcode(peer)).as("a ping, 20 s after the last input").isEqualTo(0x9);
            peer.write(RawSocket.maskedFrame(0xA, new byte[0]));
            assertThat(events.next()).isInstanceOf(RecordingListener.Pong.class);

            clock.advance(idle.minus(interval).minus(TICK).minus(JUST_BEFORE));
            settle();
            assertThat(peer.available()).as("pong or not, nothing before the idle timeout").isZero();
            clock.advance(TICK.plus(TICK));
            byte[] close = PerMessageDeflateTest.readServerFrame(peer);
            assertThat(close[0] & 0x0F).isEqualTo(0x8);
            assertThat(((close[1] & 0xFF) << 8) | (close[2] & 0xFF)).isEqualTo(CloseCode.GOING_AWAY);
            assertThat(new String(close, 3, close.length - 3, StandardCharsets.UTF_8)).isEqualTo("Idle timeout");
            peer.write(RawSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE9}));
            assertThat(events.nextClose()).isEqualTo(new Close(1001, ""));
        }
    }

    @Test
    void aClientPingsASilentServerAndDropsIt() throws Exception {
        try (RawServerPeer peer = new RawServerPeer()) {
            RecordingListener events = new RecordingListener();
            WebSocket.connect(URI.create("ws://127.0.0.1:" + peer.port()),
                    ClientOptions.builder().eventLoop(clientLoop).pingInterval(INTERVAL).pongTimeout(TIMEOUT).build(), events);
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            events.nextOpen();
            clock.advance(INTERVAL.plus(TICK));
            RawServerPeer.Frame ping = peer.readFrame();
            assertThat(ping.opcode()).isEqualTo(0x9);
            assertThat(ping.masked()).as("a client's ping is masked").isTrue();
            clock.advance(TIMEOUT.plus(TICK));
            assertThat(events.nextError()).isInstanceOf(SocketTimeoutException.class);
            assertThat(events.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        }
    }

    @Test
    void theOptionsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ServerOptions.builder().port(0).pongTimeout(TIMEOUT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pingInterval");
        assertThatThrownBy(() -> ClientOptions.builder().pingInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().idleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ServerOptions.builder().port(0).pingInterval(INTERVAL).pingInterval(null).build()).isNotNull();
    }
}
