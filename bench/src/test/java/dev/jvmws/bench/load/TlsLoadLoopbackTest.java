package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.jvmws.PemSslContext;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator over TLS 1.3 (the E1T, L1T, H1T and M1T workloads) against our own server on
 * loopback, serving the benchmark's certificate (the core's EC test fixture). Counts and behaviour
 * only, never a rate; and a server that does not speak TLS, or serves a certificate for another name,
 * fails the opening with the TLS error as its reason.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsLoadLoopbackTest {
    /** The core's fixtures, as the benchmark runner uses them (tests run in bench/). */
    private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "tls");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static WebSocketServer tlsServer;
    private static WebSocketServer wrongNameServer;
    private static WebSocketServer plainServer;
    private static TlsClient client;

    @BeforeAll
    static void startServers() throws Exception {
        tlsServer = start(PemSslContext.builder()
                .keyPair(FIXTURES.resolve("server-ec.pem"), FIXTURES.resolve("server-ec-key.pem")).build());
        wrongNameServer = start(PemSslContext.builder()
                .keyPair(FIXTURES.resolve("wrong-host.pem"), FIXTURES.resolve("wrong-host-key.pem")).build());
        plainServer = start(null);
        client = TlsClient.trusting(FIXTURES.resolve("ca.pem"), "127.0.0.1");
    }

    private static WebSocketServer start(SSLContext tls) throws Exception {
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
        return WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).maxPayload(4L << 20)
                        .sslContext(tls).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        ws.setListener(echo);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopServers() throws Exception {
        tlsServer.close().get(10, TimeUnit.SECONDS);
        wrongNameServer.close().get(10, TimeUnit.SECONDS);
        plainServer.close().get(10, TimeUnit.SECONDS);
    }

    private static Target target(WebSocketServer server) {
        return Target.webSocket("127.0.0.1", server.address().getPort(), "/").withTls(client);
    }

    private static void awaitAtLeast(String what, LongSupplier count, long target) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (count.getAsLong() < target) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": " + count.getAsLong() + " of " + target + " within " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void closedLoopEchoOverTls() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target(tlsServer), 20, 1, ClientFrames.OPCODE_TEXT,
                    Payloads.ascii(32));
            load.open(10_000);
            load.start();
            awaitAtLeast("echoes", load::echoes, 20 * 20);

            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void pipelinedEchoOverTlsOnTwoLoops() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(2)) {
            EchoLoad load = new EchoLoad(generator, target(tlsServer), 4, 16, ClientFrames.OPCODE_TEXT,
                    Payloads.ascii(32));
            load.open(10_000);
            load.start();
            awaitAtLeast("echoes", load::echoes, 4 * 16 * 20);

            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void largeBinaryMessagesOverTlsComeBackWhole() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            // 1 MiB spans 64 records each way, and reads end inside records.
            EchoLoad load = new EchoLoad(generator, target(tlsServer), 1, 1, ClientFrames.OPCODE_BINARY,
                    Payloads.ascii(1 << 20));
            load.open(10_000);
            load.start();
            awaitAtLeast("echoes of 1 MiB", load::echoes, 5);

            assertThat(load.failures()).isZero();
        }
    }

    @Test
    void handshakeChurnOverTlsCompletesCloseHandshakes() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            HandshakeChurn churn = new HandshakeChurn(generator, target(tlsServer), 5);
            churn.start();
            awaitAtLeast("TLS connect-upgrade-close cycles", churn::cycles, 30);
            churn.stop();

            assertThat(churn.failures()).isZero();
        }
    }

    @Test
    void idleTlsConnectionsStayOpen() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            IdleLoad idle = new IdleLoad(generator, target(tlsServer));
            assertThat(idle.open(100, 20_000)).isPositive();
            Thread.sleep(100);

            assertThat(idle.dropped()).isZero();
        }
    }

    @Test
    void aServerWithoutTlsFailsTheOpeningWithTheTlsError() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target(plainServer), 2, 1, ClientFrames.OPCODE_TEXT,
                    Payloads.ascii(8));

            assertThatThrownBy(() -> load.open(10_000)).isInstanceOf(LoadException.class)
                    .hasMessageContaining("2 of 2 connections failed to open to wss://")
                    .hasMessageMatching("(?s).*(SSL|TLS).*");
        }
    }

    @Test
    void aCertificateForAnotherNameFailsTheOpening() throws Exception {
        try (LoadGenerator generator = new LoadGenerator(1)) {
            EchoLoad load = new EchoLoad(generator, target(wrongNameServer), 1, 1, ClientFrames.OPCODE_TEXT,
                    Payloads.ascii(8));

            assertThatThrownBy(() -> load.open(10_000)).isInstanceOf(LoadException.class)
                    .hasMessageContaining("does not name 127.0.0.1");
        }
    }
}
