package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingListener.Close;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.protocol.CloseCode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every timeout of a connection, on a clock the test moves: each fires exactly at its deadline (not a
 * nanosecond early: a peer answering just before it is served as usual), at its documented default,
 * and no test waits for real time to pass. Each step that moves the clock first makes sure the timer
 * it means is already running (the event that starts it was seen on the wire).
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class TimeoutTest {
    private static final Duration JUST_BEFORE = Duration.ofMillis(1);
    private final ManualClock clock = new ManualClock();
    private final EventLoop clientLoop = clock.newLoop("timeout-test-client");
    private LoopbackServer loopback;

    @AfterEach
    void tearDown() {
        clientLoop.shutdown();
    }

    private LoopbackServer start(ServerOptions.Builder options, RecordingServerListener listener) throws Exception {
        // One loop, so that one connection's upgrade proves the loop has run what was due before it.
        loopback = LoopbackServer.start(options.clock(clock).host("127.0.0.1").port(0).threads(1).build(), listener);
        return loopback;
    }

    private WebSocket connect(URI uri, ClientOptions.Builder options, RecordingListener listener) {
        return WebSocket.connect(uri, options.eventLoop(clientLoop).build(), listener);
    }

    private static Duration before(Duration timeout) {
        return timeout.minus(JUST_BEFORE);
    }

    // ---------------------------------------------------------------- closeTimeout (default 30 s)

    @Test
    void theServerWaitsItsCloseTimeoutForTheClientsCloseFrameThenDrops() throws Exception {
        RecordingServerListener server = new RecordingServerListener().onEachConnection(ws -> ws.close(1000, "bye"));
        start(ServerOptions.builder(), server);
        Duration timeout = ConnectionSettings.DEFAULT_CLOSE_TIMEOUT;

        try (RawSocket patient = RawSocket.connect(loopback.address())) {
            patient.upgrade("/");
            RecordingListener patientSide = server.nextConnection().events();
            assertThat(PerMessageDeflateTest.readServerFrame(patient)[0] & 0x0F).isEqualTo(0x8); // timer started
            clock.advance(before(timeout));
            upgradeAnother(); // had the timer fired early, it has by now
            patient.write(RawSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8}));
            assertThat(patientSide.nextClose()).isEqualTo(new Close(1000, ""));
        }
        server.nextConnection(); // the one upgradeAnother made
        try (RawSocket silent = RawSocket.connect(loopback.address())) {
            silent.upgrade("/");
            RecordingListener silentSide = server.nextConnection().events();
            assertThat(PerMessageDeflateTest.readServerFrame(silent)[0] & 0x0F).isEqualTo(0x8);
            clock.advance(timeout);
            assertThat(silent.readToEnd()).as("dropped at the close timeout").isEmpty();
            assertThat(silentSide.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        }
    }

    @Test
    void theClientWaitsItsCloseTimeoutForTheServersCloseFrameThenDrops() throws Exception {
        Duration timeout = Duration.ofSeconds(7);
        try (RawServerPeer peer = new RawServerPeer()) {
            URI uri = URI.create("ws://127.0.0.1:" + peer.port());
            RecordingListener patient = new RecordingListener();
            WebSocket first = connect(uri, ClientOptions.builder().closeTimeout(timeout), patient);
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            patient.nextOpen();
            first.close(1000, "bye");
            assertThat(peer.readFrame().opcode()).isEqualTo(0x8); // timer started
            clock.advance(before(timeout));
            settle(clientLoop);
            peer.write(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8});
            peer.hangUp();
            assertThat(patient.nextClose()).isEqualTo(new Close(1000, ""));

            RecordingListener dropped = new RecordingListener();
            WebSocket second = connect(uri, ClientOptions.builder().closeTimeout(timeout), dropped);
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            dropped.nextOpen();
            second.close(1000, "bye");
            assertThat(peer.readFrame().opcode()).isEqualTo(0x8);
            clock.advance(timeout);
            assertThat(dropped.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        }
    }

    @Test
    void theClientsDefaultCloseTimeoutIsThirtySeconds() throws Exception {
        try (RawServerPeer peer = new RawServerPeer()) {
            RecordingListener events = new RecordingListener();
            WebSocket ws = connect(URI.create("ws://127.0.0.1:" + peer.port()), ClientOptions.builder(), events);
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            events.nextOpen();
            ws.close(1000, "bye");
            assertThat(peer.readFrame().opcode()).isEqualTo(0x8);
            clock.advance(before(ConnectionSettings.DEFAULT_CLOSE_TIMEOUT));
            settle(clientLoop);
            assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSING);
            clock.advance(JUST_BEFORE);
            assertThat(events.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        }
    }

    // ---------------------------------------------------------------- handshakeTimeout (default 30 s)

    @Test
    void theServerCutsAnUpgradeRequestNotCompleteWithinItsHandshakeTimeout() throws Exception {
        start(ServerOptions.builder(), new RecordingServerListener());
        Duration timeout = Duration.ofSeconds(30); // the default
        try (RawSocket slow = RawSocket.connect(loopback.address());
                RawSocket silent = RawSocket.connect(loopback.address())) {
            slow.write("GET / HTTP/1.1\r\n");
            awaitServerTimers(2); // both handshake timers run now
            clock.advance(before(timeout));
            upgradeAnother(); // had they fired early, they have by now
            slow.write(RawSocket.upgradeRequest("/").substring("GET / HTTP/1.1\r\n".length()));
            assertThat(slow.readHead().status()).as("served just before the timeout").isEqualTo(101);
            clock.advance(JUST_BEFORE);
            assertThat(silent.readToEnd()).as("cut at the timeout, without an answer").isEmpty();
        }
    }

    @Test
    void theClientGivesUpOnAServerThatDoesNotAnswerWithinItsHandshakeTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(5);
        try (RawServerPeer peer = new RawServerPeer()) {
            URI uri = URI.create("ws://127.0.0.1:" + peer.port());
            RecordingListener answered = new RecordingListener();
            connect(uri, ClientOptions.builder().handshakeTimeout(timeout), answered);
            String key = peer.acceptRequest().get("sec-websocket-key"); // the timer started before the request left
            clock.advance(before(timeout));
            settle(clientLoop);
            peer.accept(key);
            answered.nextOpen();

            RecordingListener unanswered = new RecordingListener();
            WebSocket ws = connect(uri, ClientOptions.builder().handshakeTimeout(timeout), unanswered);
            peer.acceptRequest();
            clock.advance(timeout);
            assertThat(unanswered.nextError()).hasMessage("Opening handshake has timed out");
            assertThat(unanswered.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
            assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
        }
    }

    /**
     * Waits until the server's loop has {@code count} timers running: the kernel may hand accepted
     * sockets over in another order than they connected, so no later connection proves it.
     */
    private void awaitServerTimers(int count) throws Exception {
        awaitTimers(loopback.server, count);
    }

    /** Waits until {@code server}'s first loop has {@code count} timers running. */
    static void awaitTimers(WebSocketServer server, int count) throws Exception {
        EventLoop loop = server.firstLoop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            CompletableFuture<Integer> timers = new CompletableFuture<>();
            loop.execute(() -> timers.complete(loop.pendingTimers()));
            int running = timers.get(5, TimeUnit.SECONDS);
            if (running >= count) {
                return;
            }
            assertThat(System.nanoTime()).as(count + " timers on the server's loop, " + running + " so far").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** A complete upgrade on the server's single loop: everything the loop had to do before is done. */
    private void upgradeAnother() throws IOException {
        try (RawSocket other = RawSocket.connect(loopback.address())) {
            other.upgrade("/");
        }
    }

    /**
     * Returns once {@code loop} has run every timer due at the clock's present time: a timer of delay 0
     * scheduled now runs after all of them (timers run in deadline order).
     */
    private static void settle(EventLoop loop) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }
}
