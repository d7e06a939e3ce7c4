package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jline.terminal.Attributes;
import org.jline.utils.ScreenTerminal;
import org.jline.utils.ScreenTerminal.VirtualTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * wscat on a terminal (issue 12, item 6), driven through JLine's virtual terminal: a line discipline
 * like the kernel's (raw and cooked modes, Ctrl+C as SIGINT, echo) wired to a VT100 screen, so the
 * tests type keys and read what a person would see. The server is a loopback echo server that can also
 * push a message of its own.
 */
@Timeout(30)
class WscatTerminalTest {
    private static final int COLUMNS = 80;
    private static final int ROWS = 24;

    private WebSocketServer server;
    private String url;
    private final BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** "code reason" of each close the server received. */
    private final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    private final VirtualTerminal terminal;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private CompletableFuture<Integer> exit;

    WscatTerminalTest() throws IOException {
        terminal = ScreenTerminal.withTerminal("wscat-test", "xterm-256color", COLUMNS, ROWS);
    }

    @BeforeEach
    void startServer() throws Exception {
        ServerOptions options = ServerOptions.builder().host("127.0.0.1").port(0).threads(1).build();
        server = WebSocketServer.start(options, new WebSocketServer.Listener() {
            @Override
            public void onConnection(WebSocket ws, HandshakeRequest request) {
                ws.setListener(new WebSocket.Listener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        received.add(text);
                        ws.send("echo: " + text);
                    }

                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        closes.add(code + " " + reason);
                    }
                });
                connections.add(ws);
            }
        }).get(10, TimeUnit.SECONDS);
        url = "ws://127.0.0.1:" + server.address().getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.clients().forEach(WebSocket::terminate);
        server.close();
        terminal.terminal().close();
    }

    /** Starts wscat on the virtual terminal; stdin and stdout are the terminal, as on a console. */
    private void wscat(String... args) {
        exit = CompletableFuture.supplyAsync(() -> Wscat.run(args, new ByteArrayInputStream(new byte[0]),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                true, terminal::terminal));
    }

    private void type(String keys) throws IOException {
        terminal.terminal().processInputBytes(keys.getBytes(StandardCharsets.UTF_8));
    }

    /** The screen's rows, trailing blanks dropped. */
    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (String row : terminal.screen().toString().split("\n", -1)) {
            rows.add(row.stripTrailing());
        }
        return rows.subList(0, ROWS);
    }

    private String screen() {
        return String.join("\n", rows()).stripTrailing();
    }

    /** The cursor's {column, row}. */
    private int[] cursor() {
        int[] cursor = new int[2];
        terminal.screen().dump(new long[COLUMNS * ROWS], cursor);
        return cursor;
    }

    private String cursorRow() {
        return rows().get(cursor()[1]);
    }

    private void awaitScreen(String what, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(screen())) {
            assertThat(System.nanoTime()).as("%s within 10 s; screen:%n%s%nstderr: %s", what, screen(), err())
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void awaitCursorRow(String expected) throws InterruptedException {
        awaitScreen("cursor row '" + expected + "'", ignored -> cursorRow().equals(expected));
    }

    private void connect(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--no-color", "-c", url));
        wscat(args.toArray(String[]::new));
        awaitScreen("connected", screen -> screen.contains("Connected (press CTRL+C to quit)"));
        awaitCursorRow(">");
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageArrivingWhileTypingLeavesThePartLineIntactAndTheWholeLineIsSent() throws Exception {
        connect();
        type("hel");
        awaitCursorRow("> hel");
        WebSocket client = connections.poll(5, TimeUnit.SECONDS);
        client.send("news while you type");

        awaitScreen("message above the line", screen -> screen.contains("< news while you type"));
        awaitCursorRow("> hel");
        List<String> rows = rows();
        int messageRow = rows.indexOf("< news while you type");
        assertThat(rows.get(messageRow + 1)).as("the typed line, redrawn below the message").isEqualTo("> hel");
        assertThat(cursor()[0]).as("cursor after the typed text").isEqualTo("> hel".length());

        type("lo\r");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
        awaitScreen("echo", screen -> screen.contains("< echo: hello"));
    }

    @Test
    void ctrlCClosesWithoutAStatusCodeAndLeavesACleanLine() throws Exception {
        connect();
        type("half typed");
        awaitCursorRow("> half typed");
        type("\u0003");

        assertThat(exit.get(10, TimeUnit.SECONDS)).as("npm wscat: process.exit() after ws.close()").isZero();
        assertThat(closes.poll(5, TimeUnit.SECONDS)).as("close without a code, as ws.close()").isEqualTo("1005 ");
        assertThat(screen()).doesNotContain("^C").doesNotContain("Disconnected");
        assertThat(cursor()[0]).as("the cursor on a fresh line").isZero();
        assertThat(cursorRow()).isEmpty();
        // What the shell prints next starts its own line, not glued to the typed text.
        terminal.screen().write("$ ");
        assertThat(rows()).contains("> half typed", "$");
        assertThat(err()).isEmpty();
    }

    @Test
    void ctrlDOnAnEmptyLineQuitsAsCtrlCDoes() throws Exception {
        connect();
        type("\u0004");

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(closes.poll(5, TimeUnit.SECONDS)).isEqualTo("1005 ");
        assertThat(cursor()[0]).isZero();
        assertThat(screen()).doesNotContain("Disconnected");
    }

    @Test
    void ctrlDWithTextTypedDoesNotQuit() throws Exception {
        // Node's readline: Ctrl+D deletes under the cursor unless the line is empty.
        connect();
        type("abc\u0002\u0004\r");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("ab");
        assertThat(exit).isNotDone();
    }

    @Test
    void aSlashCommandErrorLeavesOnePrompt() throws Exception {
        connect("--slash");
        type("/bogus\r");

        awaitScreen("the error", screen -> screen.contains("error: Unrecognized slash command."));
        awaitCursorRow(">");
        List<String> rows = rows();
        assertThat(rows.get(rows.indexOf("error: Unrecognized slash command.") + 1)).isEqualTo(">");
        assertThat(screen()).doesNotContain("> >");
    }

    @Test
    void upArrowRecallsTheLastLine() throws Exception {
        connect();
        type("first line\r");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("first line");
        awaitCursorRow(">");
        // In keypad-transmit mode (which the line editor turns on) xterm's up arrow sends ESC O A.
        type("\u001bOA");
        awaitCursorRow("> first line");
        type("\r");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("first line");
    }

    @Test
    void aLineIsSentAsTypedWithoutExpansionOrContinuation() throws Exception {
        connect();
        type("!! \"open quote \\\r");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("!! \"open quote \\");
    }

    @Test
    void theServerClosingPrintsDisconnectedAndExits() throws Exception {
        connect();
        type("unsent");
        awaitCursorRow("> unsent");
        connections.poll(5, TimeUnit.SECONDS).close(4001, "bye");

        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(screen()).contains("Disconnected (code: 4001, reason: \"bye\")");
        assertThat(received).as("an unfinished line is not sent").isEmpty();
    }

    @Test
    void aRefusedConnectionPrintsOnlyTheErrorLine() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        wscat("--no-color", "-c", "ws://127.0.0.1:" + unused);

        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(255);
        assertThat(screen()).as("one line, no Disconnected").isEqualTo("error: connect ECONNREFUSED 127.0.0.1:" + unused);
        assertThat(cursor()).containsExactly(0, 1);
        assertThat(stdout.toString(StandardCharsets.UTF_8) + err()).as("all on the terminal").isEmpty();
    }

    @Test
    void ctrlCWhileTheConnectionHangsOpeningQuitsSilently() throws Exception {
        // A TCP listener that never answers the opening handshake.
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            wscat("--no-color", "-c", "ws://127.0.0.1:" + silent.getLocalPort());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (terminal.terminal().getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON)) {
                assertThat(System.nanoTime()).as("the line editor reading within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            type("\u0003");

            assertThat(exit.get(10, TimeUnit.SECONDS)).as("npm wscat: ws.close(); process.exit()").isZero();
        }
        assertThat(screen()).isEmpty();
        assertThat(stdout.toString(StandardCharsets.UTF_8) + err()).isEmpty();
    }

    @Test
    void ctrlCBeforeReadingStartsEndsTheInputAsSoonAsItStarts() throws Exception {
        // wscat starting, or between two lines: no readLine runs, so no JLine handler; the kernel must
        // not echo '^C' and the input must still end (then the run closes and exits).
        WscatLineReader lines = new WscatLineReader(terminal.terminal());
        try {
            type("\u0003");
            CompletableFuture<Void> ended = new CompletableFuture<>();
            lines.start(line -> { }, () -> ended.complete(null));
            ended.get(5, TimeUnit.SECONDS);
            assertThat(screen()).isEmpty();
        } finally {
            lines.close();
        }
    }

    @Test
    void listenModeCtrlCClosesTheClientWithoutAStatusCode() throws Exception {
        wscat("--no-color", "-l", "0");
        awaitScreen("listening", screen -> screen.contains("Listening on port "));
        String line = rows().stream().filter(row -> row.startsWith("Listening on port ")).findFirst().orElseThrow();
        int port = Integer.parseInt(line.substring("Listening on port ".length(), line.indexOf(' ', "Listening on port ".length())));
        BlockingQueue<String> fromWscat = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> clientClosed = new CompletableFuture<>();
        WebSocket client = WebSocket.connect(java.net.URI.create("ws://127.0.0.1:" + port), new WebSocket.Listener() {
            @Override
            public void onText(WebSocket ws, String text) {
                fromWscat.add(text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                clientClosed.complete(code);
            }
        });
        client.whenOpen().get(5, TimeUnit.SECONDS);
        awaitScreen("client connected", screen -> screen.contains("Client connected"));
        awaitCursorRow(">");
        type("to the client\r");
        assertThat(fromWscat.poll(5, TimeUnit.SECONDS)).isEqualTo("to the client");

        type("\u0003");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(clientClosed.get(5, TimeUnit.SECONDS)).isEqualTo(1005);
        assertThat(screen()).doesNotContain("^C");
        assertThat(cursor()[0]).isZero();
    }
}
