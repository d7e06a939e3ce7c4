package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each workload of the load generator against our own server on loopback (an echo on {@code /}, a
 * broadcast group on {@code /broadcast}, like the testee), briefly. What is asserted are counts and
 * behaviour, each awaited up to a generous deadline, never a rate: how much happens in a fixed window
 * depends on the machine (issue 9). Where a measurement window is taken, for its latency figures, a
 * window that saw nothing is measured again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGeneratorLoopbackTest {
    private static final long WINDOW_MILLIS = 300;
    /** How long a count may take to reach its target: far beyond what any machine should need. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Set<WebSocket> group = ConcurrentHashMap.newKeySet();
    private static WebSocketServer server;
    private static Target target;
    /** An echo server that accepts permessage-deflate and compresses every message (like bin/testee). */
    private static WebSocketServer compressingServer;
    private static Target compressedTarget;

    @BeforeAll
    static void startServer() throws Exception {
        WebSocket.Listener echo = new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.send(text);
            }

            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                ws.send(data);
            }
        };
        WebSocket.Listener broadcast = new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                for (WebSocket member : group) {
                    member.send(text);
                }
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                group.remove(ws);
            }
        };
        server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).maxPayload(4L << 20).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        if ("/broadcast".equals(request.path())) {
                            group.add(ws);
                            ws.setListener(broadcast);
                        } else {
                            ws.setListener(echo);
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
        target = Target.webSocket("127.0.0.1", server.address().getPort(), "/");
        compressingServer = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0)
                        .perMessageDeflate(PerMessageDeflateOptions.builder().threshold(0).build()).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        ws.setListener(echo);
                    }
                }).get(10, TimeUnit.SECONDS);
        compressedTarget = Target.webSocket("127.0.0.1", compressingServer.address().getPort(), "/")
                .withPerMessageDeflate();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close().get(10, TimeUnit.SECONDS);
        compressingServer.close().get(10, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} reaches {@code target}, failing after {@link #PATIENCE}. */
    private static void awaitAtLeast(String what, LongSupplier count, long target) throws InterruptedException {
        awaitTrue(() -> count.getAsLong() >= target, () -> what + ": " + count.getAsLong() + " of " + target);
    }

    private static void awaitTrue(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what.get() + " within " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    /** A workload's window. */
    private interface Window {
        WindowResult measure(long windowMillis) throws LoadException, InterruptedException;
    }

    /**
     * The first window that saw an event. A workload throws when a window saw none, as the runner
     * wants; on a stalled machine that says nothing about the workload, so such a window is measured
     * again, unless {@code failed} (checked on the workload's own counters) says something broke.
     */
    private static WindowResult windowWithEvents(Window window, LongSupplier failed) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                return window.measure(WINDOW_MILLIS);
            } catch (LoadException e) {
                if (failed.getAsLong() > 0 || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    @Test
    void closedLoopEchoRecordsOneLatencyPerEcho() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target, 20, 1, ClientFrames.OPCODE_TEXT, Payloads.ascii(32));
            load.open(10_000);
            load.start();
            awaitAtLeast("echoes", load::echoes, 20 * 10);
            WindowResult window = windowWithEvents(load::measure, load::failures);

            assertThat(window.count()).isPositive();
            assertThat(window.latencyMicros(50)).isPositive();
            assertThat(window.latencyMicros(99)).isGreaterThanOrEqualTo(window.latencyMicros(50));
            // CPU time over wall time: one thread can't use more than one core (plus clock skew).
            assertThat(window.loaderCpuPerThread()).isBetween(0.0, 1.5);
            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void pipelinedEchoOnTwoLoopsKeepsTheFifoConsistent() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(2)) {
            EchoLoad load = new EchoLoad(generator, target, 4, 16, ClientFrames.OPCODE_TEXT, Payloads.ascii(32));
            load.open(10_000);
            load.start();

            // Many times round every pipeline: each echo takes the oldest send time of its connection.
            awaitAtLeast("echoes", load::echoes, 4 * 16 * 20);
            assertThat(load.failures()).isZero();
            assertThat(load.compressedReplies().replies()).isGreaterThanOrEqualTo(4 * 16 * 20);
        }
    }

    @Test
    void largeBinaryMessagesComeBackWhole() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target, 1, 1, ClientFrames.OPCODE_BINARY, Payloads.ascii(1 << 20));
            load.open(10_000);
            load.start();

            awaitAtLeast("echoes of 1 MiB", load::echoes, 3);
            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void rawTcpEchoIsCountedInBytes() throws Exception {
        try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                LoadGenerator generator = new LoadGenerator(1)) {
            Thread acceptor = new Thread(() -> acceptAndEcho(raw), "raw-echo");
            acceptor.setDaemon(true);
            acceptor.start();
            EchoLoad load = new EchoLoad(generator, Target.rawTcp("127.0.0.1", raw.getLocalPort()), 2, 4, 0,
                    Payloads.ascii(100_000));
            load.open(10_000);
            load.start();

            // Every 100,000 bytes back count as one echo, however TCP cut them up.
            awaitAtLeast("echoes", load::echoes, 2 * 4 * 5);
            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void handshakeChurnCompletesCloseHandshakes() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            HandshakeChurn churn = new HandshakeChurn(generator, target, 5);
            churn.start();
            awaitAtLeast("connect-upgrade-close cycles", churn::cycles, 50);
            churn.stop();

            assertThat(churn.failures()).isZero();
        }
    }

    @Test
    void broadcastReachesEveryReceiverInSequence() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            BroadcastLoad load = new BroadcastLoad(generator, target.withPath("/broadcast"), 20, 200, Payloads.ascii(32));
            load.open(10_000);
            // Every receiver (and the sender) in the server's group before the first send, whatever
            // the load generator's own settling time achieved.
            awaitAtLeast("group members", group::size, 21);
            load.start();
            awaitAtLeast("messages sent", load::sent, 40);
            WindowResult window = windowWithEvents(load::measure, () -> load.failures() + load.outOfSequence());
            load.stop();
            // Once sending stops, every message sent reaches every receiver, in sequence.
            awaitTrue(() -> load.deliveries() == load.sent() * 20,
                    () -> load.deliveries() + " deliveries of " + load.sent() + " messages to 20 receivers");

            assertThat(load.deliveries()).isEqualTo(load.sent() * 20);
            assertThat(load.outOfSequence()).isZero();
            assertThat(load.failures()).isZero();
            assertThat(window.expected()).isPositive();
            assertThat(window.latencyMicros(99)).isPositive();
        }
    }

    @Test
    void idleConnectionsStayOpen() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            IdleLoad idle = new IdleLoad(generator, target);
            long nanos = idle.open(200, 10_000);
            Thread.sleep(100);

            assertThat(nanos).isPositive();
            assertThat(idle.dropped()).isZero();
        }
    }

    @Test
    void compressedEchoComesBackCompressed() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, compressedTarget, 10, 1,
                    Message.compressed(compressedTarget, ClientFrames.OPCODE_TEXT,
                            java.util.List.of(Payloads.json(2048, 0), Payloads.json(2048, 1)), 1));
            load.open(10_000);
            load.start();
            awaitAtLeast("echoes", load::echoes, 10 * 5);
            WindowResult window = windowWithEvents(load::measure, load::failures);
            CompressedReplies.Count replies = load.compressedReplies();

            assertThat(window.latencyMicros(99)).isPositive();
            assertThat(replies.replies()).isGreaterThanOrEqualTo(10 * 5);
            assertThat(replies.share()).isEqualTo(1.0);
            assertThat(load.failures()).isZero();
            assertThat(load.negotiatedExtensions()).startsWith("permessage-deflate");
        }
    }

    @Test
    void aServerThatDeclinesTheDeflateOfferFailsTheOpening() throws Exception {
        Target offering = target.withPerMessageDeflate();
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, offering, 2, 1,
                    Message.compressed(offering, ClientFrames.OPCODE_TEXT, Payloads.json(100), 1));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> load.open(5_000))
                    .isInstanceOf(LoadException.class).hasMessageContaining("server declined permessage-deflate");
        }
    }

    @Test
    void compressedConnectionsGoIdleExchangeOnceThenEcho() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            CompressedMemoryLoad load = new CompressedMemoryLoad(generator, compressedTarget, ClientFrames.OPCODE_TEXT,
                    java.util.List.of(Payloads.json(2048)));
            assertThat(load.open(50, 10_000)).isPositive();
            assertThat(load.replies()).isZero();

            load.exchangeOnce(10_000);
            assertThat(load.replies()).isEqualTo(50);
            assertThat(load.compressedReplies()).isEqualTo(new CompressedReplies.Count(50, 50));

            load.startEcho();
            awaitAtLeast("echoes", load::replies, 50 + 50 * 5);
            load.checkFailures();
        }
    }

    @Test
    void aRefusedConnectionFailsTheOpeningWithItsReason() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, Target.webSocket("127.0.0.1", closedPort, "/"), 3, 1,
                    ClientFrames.OPCODE_TEXT, Payloads.ascii(8));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> load.open(5_000))
                    .isInstanceOf(LoadException.class).hasMessageContaining("3 of 3 connections failed");
        }
    }

    private static void acceptAndEcho(ServerSocket raw) {
        while (!raw.isClosed()) {
            try {
                Socket socket = raw.accept();
                Thread echo = new Thread(() -> {
                    byte[] buffer = new byte[65536];
                    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException ignored) {
                        // The generator closed the connection.
                    }
                }, "raw-echo-connection");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException e) {
                return;
            }
        }
    }
}
