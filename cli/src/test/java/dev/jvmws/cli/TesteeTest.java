package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.ClientOptions;
import dev.jvmws.PemSslContext;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParameterException;

class TesteeTest {
    private static boolean compressionAfter(String... args) {
        Testee.Server server = new Testee.Server();
        Testee.commandLine(server).parseArgs(args);
        return server.compression;
    }

    @Test
    void theServerAcceptsCompressionUnlessToldNotToAndTheLastFlagWins() {
        assertThat(compressionAfter()).isTrue();
        assertThat(compressionAfter("--no-compression")).isFalse();
        assertThat(compressionAfter("--compression")).isTrue();
        // The benchmark starts a plain run with --no-compression and its compressed run appends --compression.
        assertThat(compressionAfter("--port", "9", "--no-compression", "--compression")).isTrue();
        assertThat(compressionAfter("--compression", "--no-compression")).isFalse();
    }

    /** `/broadcast` (the benchmark's room, issue 13's launcher contract): every member gets each message, the sender too. */
    @Test
    @Timeout(20)
    void broadcastRoomMembersGetEveryMessageThroughTheBroadcastApi() throws Exception {
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--port", "0", "--no-compression");
        WebSocketServer server = command.start();
        try {
            String base = "ws://127.0.0.1:" + server.address().getPort();
            java.util.concurrent.BlockingQueue<String> first = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.BlockingQueue<String> second = new java.util.concurrent.LinkedBlockingQueue<>();
            java.util.concurrent.BlockingQueue<String> echo = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocket a = WebSocket.connect(base + "/broadcast", WebSocket.Listener.onText((ws, text) -> first.add(text)));
            WebSocket b = WebSocket.connect(base + "/broadcast", WebSocket.Listener.onText((ws, text) -> second.add(text)));
            WebSocket c = WebSocket.connect(base + "/", WebSocket.Listener.onText((ws, text) -> echo.add(text)));
            a.whenOpen().get(5, TimeUnit.SECONDS);
            b.whenOpen().get(5, TimeUnit.SECONDS);
            c.whenOpen().get(5, TimeUnit.SECONDS);
            a.send("to the room");
            assertThat(first.poll(5, TimeUnit.SECONDS)).isEqualTo("to the room");
            assertThat(second.poll(5, TimeUnit.SECONDS)).isEqualTo("to the room");
            c.send("just me");
            assertThat(echo.poll(5, TimeUnit.SECONDS)).as("the echo path is not in the room").isEqualTo("just me");
            assertThat(first.poll(100, TimeUnit.MILLISECONDS)).isNull();
        } finally {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(5, TimeUnit.SECONDS);
        }
    }

    /** `bin/testee server --heartbeat SECONDS`: a silent peer is pinged, then dropped (issue 13's launcher contract). */
    @Test
    @Timeout(20)
    void heartbeatPingsASilentPeerThenDropsIt() throws Exception {
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--port", "0", "--heartbeat", "0.2");
        WebSocketServer server = command.start();
        try (java.net.Socket peer = new java.net.Socket("127.0.0.1", server.address().getPort())) {
            peer.setSoTimeout(5_000);
            peer.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = peer.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                head += (char) in.read();
            }
            assertThat(head).startsWith("HTTP/1.1 101");
            assertThat(in.read()).as("a ping frame").isEqualTo(0x89);
            assertThat(in.read()).as("empty").isZero();
            assertThat(in.read()).as("then, unanswered, the end").isEqualTo(-1);
        } finally {
            server.close().get(5, TimeUnit.SECONDS);
        }
        Testee.Server zero = new Testee.Server();
        Testee.commandLine(zero).parseArgs("--port", "0", "--heartbeat", "0");
        assertThatThrownBy(zero::start).hasMessageContaining("--heartbeat must be a positive number");
    }

    @Test
    @Timeout(20)
    void theServerEchoesOnAUnixSocketWithUnixAndRemovesItsFileOnClose(@TempDir Path dir) throws Exception {
        // `bin/testee server --unix PATH` (issue 11's launcher contract), in-process.
        Path socket = dir.resolve("testee.sock");
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--unix", socket.toString());
        WebSocketServer server = command.start();
        try {
            assertThat(server.options().unixSocket()).isEqualTo(socket);
            CompletableFuture<String> echo = new CompletableFuture<>();
            WebSocket ws = WebSocket.connect(URI.create("ws+unix://" + socket + ":/echo"), new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket ws) {
                    ws.send("over a Unix socket");
                }

                @Override
                public void onText(WebSocket ws, String text) {
                    echo.complete(text);
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    echo.completeExceptionally(error);
                }
            });
            assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("over a Unix socket");
            ws.close(1000, "").get(10, TimeUnit.SECONDS);
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
        }
        assertThat(socket).doesNotExist();
    }

    /** The core's test certificates (the build runs tests in the module's folder). */
    private static final Path TLS = Path.of("../core/src/test/resources/tls");

    private static String echoOverWss(WebSocketServer server) throws Exception {
        CompletableFuture<String> echo = new CompletableFuture<>();
        ClientOptions options = ClientOptions.builder()
                .sslContext(PemSslContext.builder().trust(TLS.resolve("ca.pem")).build()).build();
        WebSocket ws = WebSocket.connect(URI.create("wss://localhost:" + server.address().getPort() + "/"), options,
                new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        ws.send("over TLS");
                    }

                    @Override
                    public void onText(WebSocket ws, String text) {
                        echo.complete(text);
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        echo.completeExceptionally(error);
                    }
                });
        try {
            return echo.get(10, TimeUnit.SECONDS);
        } finally {
            ws.close(1000, "").get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-key.pem", "server-key-encrypted.pem"})
    @Timeout(20)
    void theServerEchoesOverTlsWithTheCertificateAndKeyGiven(String key) throws Exception {
        // `bin/testee server --tls-cert CERT.pem --tls-key KEY.pem [--tls-key-passphrase P]` (issue 11's contract).
        Testee.Server command = new Testee.Server();
        List<String> args = new ArrayList<>(List.of("--port", "0", "--tls-cert", TLS.resolve("server.pem").toString(),
                "--tls-key", TLS.resolve(key).toString()));
        if (key.contains("encrypted")) {
            args.addAll(List.of("--tls-key-passphrase", "jvmws-test"));
        }
        Testee.commandLine(command).parseArgs(args.toArray(String[]::new));
        WebSocketServer server = command.start();
        try {
            assertThat(echoOverWss(server)).isEqualTo("over TLS");
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCertificateWithoutItsKeyIsAUsageError() {
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--tls-cert", TLS.resolve("server.pem").toString());
        assertThatThrownBy(command::start).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--tls-cert and --tls-key go together");
    }
}
