package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs wscat's entry logic in-process against a loopback echo server (port 0), checking the flag
 * contract: output lines, exit codes and what reaches the server.
 */
@Timeout(20)
class WscatTest {
    private WebSocketServer server;
    private String url;
    private final BlockingQueue<HandshakeRequest> requests = new LinkedBlockingQueue<>();
    /** "code reason" of each close the echo server received. */
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void startEchoServer() throws Exception {
        server = startEchoServer(ServerOptions.builder().host("127.0.0.1").port(0).threads(1).build());
        url = "ws://127.0.0.1:" + server.address().getPort();
    }

    /** An echo server that records each request and close; "close-me" makes it close with 1000. */
    private WebSocketServer startEchoServer(ServerOptions options) throws Exception {
        return WebSocketServer.start(options, new WebSocketServer.Listener() {
            @Override
            public void onConnection(WebSocket ws, HandshakeRequest request) {
                requests.add(request);
                ws.setListener(new WebSocket.Listener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        if (text.equals("close-me")) {
                            ws.close(1000, "asked to");
                        } else {
                            ws.send(text);
                        }
                    }

                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        closes.add(code + " " + reason);
                    }
                });
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopEchoServer() {
        server.clients().forEach(WebSocket::terminate);
        server.close();
    }

    private int wscat(String input, boolean terminal, String... args) {
        return wscat(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), terminal, args);
    }

    private int wscat(InputStream input, boolean terminal, String... args) {
        return Wscat.run(args, input, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), terminal);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void executePrintsTheEchoAndExitsAfterTheWaitEvenWithInputAtEnd() {
        // Input at EOF must not cut the wait short (npm wscat would exit before sending).
        assertThat(wscat("", false, "-c", url, "-x", "hello", "-w", "0.5")).isZero();
        assertThat(out()).isEqualTo("hello\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void executeSendsEachCommandInOrderWithoutPrefixesEvenOnATerminal() throws InterruptedException {
        assertThat(wscat("", true, "-c", url, "-x", "a", "-x", "wörld", "-w", "0.3")).isZero();
        assertThat(out()).isEqualTo("a\nwörld\n");
        assertThat(closes.poll(5, TimeUnit.SECONDS)).as("wscat closes without a code").isEqualTo("1005 ");
    }

    @Test
    void waitMinusOneKeepsTheConnectionOpenUntilTheServerCloses() {
        assertThat(wscat("", false, "-c", url, "-x", "close-me", "-w", "-1")).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void listenAndConnectTogetherIsAnError() {
        assertThat(wscat("", false, "-l", "0", "-c", url)).isEqualTo(255);
        assertThat(err()).isEqualTo("error: Use either --listen or --connect\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void refusedConnectionPrintsAnErrorAndExitsNonZero() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        assertThat(wscat("", false, "-c", "ws://127.0.0.1:" + unused, "-x", "hi")).isEqualTo(255);
        // Node's wording, which npm wscat prints (issue 12, item 6).
        assertThat(err()).isEqualTo("error: connect ECONNREFUSED 127.0.0.1:" + unused + "\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void refusedInteractiveConnectionPrintsNoDisconnectedLine() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        assertThat(wscat("", true, "--no-color", "-c", "ws://127.0.0.1:" + unused)).isEqualTo(255);
        assertThat(err()).isEqualTo("error: connect ECONNREFUSED 127.0.0.1:" + unused + WscatOutput.DEFAULT_COLOR + "\n");
        assertThat(out()).doesNotContain("Disconnected");
    }

    @Test
    void connectsToAUnixSocketWithAWsUnixUrl(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("wscat.sock");
        WebSocketServer unixServer = startEchoServer(ServerOptions.builder().unixSocket(socket).threads(1).build());
        try {
            assertThat(wscat("", false, "-c", "ws+unix://" + socket + ":/over/unix?x=1", "-x", "hello", "-w", "0.5"))
                    .isZero();
            assertThat(out()).isEqualTo("hello\n");
            assertThat(err()).isEmpty();
            HandshakeRequest request = requests.poll(5, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.target()).isEqualTo("/over/unix?x=1");
            assertThat(request.headers().first("Host")).contains("localhost");
        } finally {
            unixServer.clients().forEach(WebSocket::terminate);
            unixServer.close().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingUnixSocketPrintsAnErrorNamingItAndExitsNonZero(@TempDir Path dir) {
        Path missing = dir.resolve("missing.sock");
        assertThat(wscat("", false, "-c", "ws+unix://" + missing, "-x", "hi")).isEqualTo(255);
        assertThat(err()).isEqualTo("error: connect ENOENT " + missing + "\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void unexpectedResponsePrintsAnErrorAndExitsNonZero() throws Exception {
        try (OneResponseServer http = new OneResponseServer("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")) {
            assertThat(wscat("", false, "-c", "ws://127.0.0.1:" + http.port(), "-x", "hi")).isEqualTo(255);
        }
        assertThat(err()).isEqualTo("error: Unexpected server response: 404\n");
    }

    @Test
    void locationFollowsRedirects() throws Exception {
        String redirect = "HTTP/1.1 302 Found\r\nLocation: " + url + "/\r\nContent-Length: 0\r\n\r\n";
        try (OneResponseServer http = new OneResponseServer(redirect)) {
            assertThat(wscat("", false, "-L", "-c", "ws://127.0.0.1:" + http.port(), "-x", "hi", "-w", "0.2")).isZero();
        }
        assertThat(out()).isEqualTo("hi\n");
    }

    @Test
    void unsupportedProtocolVersionIsAnError() {
        assertThat(wscat("", false, "-c", url, "-p", "7", "-x", "hi")).isEqualTo(1);
        assertThat(err()).startsWith("error: Unsupported protocol version: 7");
        assertThat(requests).isEmpty();
    }

    @Test
    void headersSubprotocolsOriginAndAuthReachTheServer() throws InterruptedException {
        assertThat(wscat("", false, "-c", url, "-H", "X-Trace: abc", "-H", "x-trace: def", "--auth", "user:pass",
                "-s", "chat", "-s", "superchat", "-o", "http://origin.test", "-x", "hi", "-w", "0")).isZero();
        HandshakeRequest request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.headers().all("X-Trace")).as("last same-named -H wins").containsExactly("def");
        assertThat(request.headers().first("Authorization")).hasValue("Basic dXNlcjpwYXNz");
        assertThat(request.requestedSubprotocols()).containsExactly("chat", "superchat");
        assertThat(request.origin()).isEqualTo("http://origin.test");
    }

    @Test
    void hostFlagOverridesTheHostHeader() throws InterruptedException {
        assertThat(wscat("", false, "-c", url, "--host", "example.test", "-x", "hi", "-w", "0")).isZero();
        assertThat(requests.poll(5, TimeUnit.SECONDS).headers().first("Host")).hasValue("example.test");
    }

    @Test
    void urlWithoutSchemeGetsWs() {
        assertThat(wscat("", false, "-c", url.substring("ws://".length()), "-x", "hi", "-w", "0.2")).isZero();
        assertThat(out()).isEqualTo("hi\n");
    }

    @Test
    void interactiveModeSendsEachLineAndClosesAtEndOfInput() throws InterruptedException {
        assertThat(wscat("one\ntwo\n", false, "-c", url)).isZero();
        assertThat(out()).isEqualTo("one\ntwo\n");
        assertThat(err()).isEmpty();
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("1005 ");
    }

    @Test
    void terminalOutputIsColouredAndPrefixed() {
        assertThat(wscat("one\n", true, "-c", url)).isZero();
        assertThat(out())
                .contains(WscatOutput.GREEN + "Connected (press CTRL+C to quit)" + WscatOutput.DEFAULT_COLOR)
                .contains(WscatOutput.BLUE + "< one" + WscatOutput.DEFAULT_COLOR)
                .contains(WscatOutput.GREEN + "Disconnected (code: 1005, reason: \"\")");
    }

    @Test
    void noColorKeepsPrefixesButDropsColours() {
        assertThat(wscat("one\n", true, "--no-color", "-c", url)).isZero();
        assertThat(out()).contains(WscatOutput.CLEAR_LINE + "< one" + WscatOutput.DEFAULT_COLOR + "\n")
                .doesNotContain(WscatOutput.BLUE, WscatOutput.GREEN);
    }

    @Test
    void slashCommandsSendControlFramesAndReportMistakes() throws InterruptedException {
        String input = "/bogus\n/close abc\n/close 999\n/close 4000 bye  now\n";
        assertThat(wscat(input, false, "--slash", "-c", url)).isZero();
        assertThat(err()).startsWith("error: Unrecognized slash command.\nerror: Invalid close code: abc\n")
                .contains("error: Invalid close code 999");
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("4000 bye now");
    }

    @Test
    void withoutSlashASlashLineIsSentAsText() {
        assertThat(wscat("/ping\n", false, "-c", url)).isZero();
        assertThat(out()).isEqualTo("/ping\n");
    }

    @Test
    void showPingPongPrintsPongs() {
        // The echo server's automatic pong answers the /ping.
        assertThat(wscat("/ping hey\n/close\n", false, "--slash", "-P", "-c", url)).isZero();
        assertThat(out()).isEqualTo("Received pong (data: \"hey\")\n");
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(wscat("", false, "--help")).isZero();
        assertThat(out()).startsWith("Usage: wscat [options] (--listen <port> | --connect <url>)");
        stdout.reset();
        assertThat(wscat("", false)).as("no mode prints the help").isZero();
        assertThat(out()).startsWith("Usage: wscat");
        stdout.reset();
        assertThat(wscat("", false, "-V")).isZero();
        assertThat(out()).isNotBlank();
    }

    @Test
    void unknownFlagIsAnError() {
        assertThat(wscat("", false, "--bogus", "x")).isEqualTo(1);
        assertThat(err()).startsWith("error: ");
    }

    @Test
    void listenFailsWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThat(wscat("", false, "-l", Integer.toString(port))).isEqualTo(255);
            // Node's text, with the address the server binds: "::" (dual stack) or 0.0.0.0 without IPv6.
            assertThat(err()).matches("error: listen EADDRINUSE: address already in use (:::|0\\.0\\.0\\.0:)" + port + "\n");
        }
    }

    @Test
    void aSlashCommandErrorOnATerminalLeavesOnePrompt() {
        // The plain-stream terminal path (no line editor): the error redraws the prompt, and the
        // prompt after the entered line must not draw a second one ("> > ", issue 12, item 6).
        assertThat(wscat("/bogus\n", true, "--no-color", "--slash", "-c", url)).isZero();
        assertThat(err()).isEqualTo("error: Unrecognized slash command." + WscatOutput.DEFAULT_COLOR + "\n");
        assertThat(out()).doesNotContain(WscatOutput.PROMPT + WscatOutput.PROMPT);
    }

    @Test
    void listenServesOneClientAtATimeUntilInputEnds() throws Exception {
        // Port 0, and the port read from the "Listening on port" line, which only a terminal gets:
        // choosing a free port here and handing it over would race with anything else binding it
        // in between (issue 9).
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> wscat(input, true, "--no-color", "-l", "0"));
        URI uri = URI.create("ws://127.0.0.1:" + listeningPort(exit));

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> firstClosed = new CompletableFuture<>();
        WebSocket first = WebSocket.connect(uri, new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                received.add(text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                firstClosed.complete(code);
            }
        });
        first.whenOpen().get(5, TimeUnit.SECONDS);

        first.send("hi from client");
        awaitTrue(() -> out().contains(WscatOutput.CLEAR_LINE + "< hi from client" + WscatOutput.DEFAULT_COLOR + "\n"));
        assertThat(out()).contains(WscatOutput.CLEAR_LINE + "Client connected" + WscatOutput.DEFAULT_COLOR + "\n");
        typing.write("hi from wscat\n".getBytes(StandardCharsets.UTF_8));
        typing.flush();
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hi from wscat");

        CompletableFuture<Integer> secondClosed = new CompletableFuture<>();
        WebSocket.connect(uri, new WebSocket.Listener() {
            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                secondClosed.complete(code);
            }
        });
        assertThat(secondClosed.get(5, TimeUnit.SECONDS)).as("extra client terminated").isEqualTo(1006);

        typing.close();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(firstClosed.get(5, TimeUnit.SECONDS)).isEqualTo(1005);
        assertThat(err()).isEmpty();
    }

    /** The port of wscat's "Listening on port N" line, once it was printed. */
    private int listeningPort(CompletableFuture<Integer> exit) throws InterruptedException {
        Pattern listening = Pattern.compile("Listening on port (\\d+) ");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Matcher matcher = listening.matcher(out());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            assertThat(exit).as("wscat still running (stderr: %s)", err()).isNotDone();
            assertThat(System.nanoTime()).as("listening within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Answers the first HTTP request it gets with a fixed response, then closes. */
    private static final class OneResponseServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());

        OneResponseServer(String response) throws IOException {
            Thread thread = new Thread(() -> {
                try (java.net.Socket client = socket.accept()) {
                    InputStream in = client.getInputStream();
                    int matched = 0;
                    while (matched < 4) {
                        int b = in.read();
                        if (b < 0) {
                            return;
                        }
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    client.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                    client.getOutputStream().flush();
                    client.shutdownOutput();
                    while (in.read() >= 0) {
                        // Wait for the client to hang up.
                    }
                } catch (IOException e) {
                    // The test's assertions tell what went wrong.
                }
            }, "one-response-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void awaitTrue(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
