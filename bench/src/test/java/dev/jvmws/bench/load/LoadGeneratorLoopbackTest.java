package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each workload of the load generator against our own server on loopback (an echo on {@code /}, a
 * broadcast group on {@code /broadcast}, like the testee), briefly: the figures must be plausible,
 * never exact.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadGeneratorLoopbackTest {
    private static final long WINDOW_MILLIS = 300;
    private static WebSocketServer server;
    private static Target target;
    /** An echo server that accepts permessage-deflate and compresses every message (like bin/testee). */
    private static WebSocketServer compressingServer;
    private static Target compressedTarget;

    @BeforeAll
    static void startServer() throws Exception {
        Set<WebSocket> group = ConcurrentHashMap.newKeySet();
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

    @Test
    void closedLoopEchoRecordsOneLatencyPerEcho() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target, 20, 1, ClientFrames.OPCODE_TEXT, Payloads.ascii(32));
            load.open(10_000);
            load.start();
            WindowResult window = load.measure(WINDOW_MILLIS);

            assertThat(window.count()).isPositive();
            assertThat(window.latencyMicros(50)).isPositive();
            assertThat(window.latencyMicros(99)).isGreaterThanOrEqualTo(window.latencyMicros(50));
            assertThat(window.loaderCpuPerThread()).isBetween(0.0, 1.5);
        }
    }

    @Test
    void pipelinedEchoOnTwoLoopsKeepsTheFifoConsistent() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(2)) {
            EchoLoad load = new EchoLoad(generator, target, 4, 16, ClientFrames.OPCODE_TEXT, Payloads.ascii(32));
            load.open(10_000);
            load.start();

            assertThat(load.measure(WINDOW_MILLIS).count()).isPositive();
        }
    }

    @Test
    void largeBinaryMessagesComeBackWhole() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target, 1, 1, ClientFrames.OPCODE_BINARY, Payloads.ascii(1 << 20));
            load.open(10_000);
            load.start();

            assertThat(load.measure(WINDOW_MILLIS).count()).isPositive();
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

            assertThat(load.measure(WINDOW_MILLIS).count()).isPositive();
        }
    }

    @Test
    void handshakeChurnCompletesCloseHandshakes() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            HandshakeChurn churn = new HandshakeChurn(generator, target, 5);
            churn.start();
            WindowResult window = churn.measure(WINDOW_MILLIS);
            churn.stop();

            assertThat(window.count()).isPositive();
            assertThat(churn.failures()).isZero();
        }
    }

    @Test
    void broadcastReachesEveryReceiverInSequence() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            BroadcastLoad load = new BroadcastLoad(generator, target.withPath("/broadcast"), 20, 200, Payloads.ascii(32));
            load.open(10_000);
            load.start();
            load.measure(WINDOW_MILLIS);
            WindowResult window = load.measure(WINDOW_MILLIS);
            load.stop();

            assertThat(window.count()).isPositive();
            assertThat(window.expected()).isPositive();
            assertThat((double) window.count() / window.expected()).isBetween(0.5, 1.5);
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
            WindowResult window = load.measure(WINDOW_MILLIS);
            CompressedReplies.Count replies = load.compressedReplies();

            assertThat(window.count()).isPositive();
            assertThat(window.latencyMicros(99)).isPositive();
            assertThat(replies.replies()).isGreaterThanOrEqualTo(window.count());
            assertThat(replies.share()).isEqualTo(1.0);
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
            Thread.sleep(WINDOW_MILLIS);
            assertThat(load.replies()).isGreaterThan(100);
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
