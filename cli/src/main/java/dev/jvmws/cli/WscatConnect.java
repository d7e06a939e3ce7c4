package dev.jvmws.cli;

import dev.jvmws.ClientOptions;
import dev.jvmws.ReadyState;
import dev.jvmws.WebSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * wscat's {@code --connect} mode: one client connection whose incoming messages are printed, fed
 * either by the input lines (interactive) or by the {@code -x} commands.
 *
 * <p>Exit codes follow wscat: the connection closing ends the run with 0, an error event (refused,
 * failed handshake, unexpected response, protocol error) with 255 after printing {@code error: …}.
 *
 * <p>Interactive mode starts reading input only once the connection is open (wscat drops lines typed
 * before), so piped input is sent rather than lost; end of input starts the closing handshake and the
 * run ends when it completes, so replies to the last lines are still printed.
 *
 * <p>On a terminal with the line editor, Ctrl+C or Ctrl+D quits as npm wscat does: a close without a
 * status code (the peer sees 1005), no {@code Disconnected} line, exit 0; while the connection is still
 * opening, it is aborted, silently. The closing handshake is
 * given {@link #QUIT_WAIT_MILLIS} to finish (npm exits at once, after writing the close frame).
 *
 * <p>An error before the connection opened (refused, unknown host, failed handshake) prints only its
 * {@code error: …} line: there is no {@code Disconnected} line for a connection that never was.
 *
 * <p>{@code -x} mode does not read input at all. wscat's does, and there end of input exits at once,
 * so {@code wscat -c URL -x hi </dev/null} sends nothing; we deliberately wait the {@code -w} time
 * instead, so that such scripted calls print the reply.
 */
final class WscatConnect {
    /** The behaviour flags of this mode, as given on the command line. */
    record Settings(List<String> execute, double waitSeconds, boolean slash, boolean showPingPong) {
        boolean isExecute() {
            return !execute.isEmpty();
        }
    }

    /** How long a quit from the terminal waits for the closing handshake before dropping the socket. */
    static final long QUIT_WAIT_MILLIS = 2000;

    private final Settings settings;
    private final WscatOutput output;
    private final WscatInput.Source input;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean quitting = new AtomicBoolean();
    private volatile boolean opened;
    /** The first hop's address (the URL's host or the proxy), for error texts; null for a Unix socket. */
    private final InetSocketAddress dialed;

    WscatConnect(Settings settings, WscatOutput output, WscatInput.Source input, InetSocketAddress dialed) {
        this.settings = settings;
        this.output = output;
        this.input = input;
        this.dialed = dialed;
    }

    /** Connects and blocks until the session ends; returns the exit code. */
    int run(URI uri, ClientOptions options) {
        WebSocket ws;
        try {
            ws = WebSocket.connect(uri, options, new Events());
        } catch (IllegalArgumentException e) {
            // wscat (ws) throws synchronously for a bad URL, header or subprotocol: an uncaught crash, exit 1.
            output.error(e.getMessage());
            return Wscat.EXIT_USAGE;
        }
        if (output.isLineEditing() && !settings.isExecute()) {
            // As npm wscat's readline: the terminal is read from the start, so Ctrl+C quits a connection
            // that hangs while opening too; lines entered before it opened are dropped, as there.
            input.start(line -> {
                if (opened) {
                    onLine(ws, line);
                }
            }, () -> onInputEnd(ws));
        }
        try {
            return exit.join();
        } finally {
            if (ws.readyState() != ReadyState.CLOSED) {
                ws.terminate();
            }
        }
    }

    private void onLine(WebSocket ws, String line) {
        output.lineEntered();
        if (settings.slash() && line.startsWith("/")) {
            WscatSlashCommand.run(ws, line, output);
        } else {
            try {
                ws.send(line);
            } catch (IllegalStateException e) {
                // Closing or closed: ws drops a send without callback silently, and so does wscat.
            }
        }
        output.prompt();
    }

    /** End of input: at a terminal's Ctrl+C or Ctrl+D quit as npm wscat does, else close and wait. */
    private void onInputEnd(WebSocket ws) {
        if (!output.isLineEditing()) {
            closeQuietly(ws);
            return;
        }
        quitting.set(true);
        closeQuietly(ws).orTimeout(QUIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((ignored, error) -> exit.complete(Wscat.EXIT_OK));
    }

    private static CompletableFuture<Void> closeQuietly(WebSocket ws) {
        try {
            return ws.close();
        } catch (IllegalStateException e) {
            // Already closed: the close event ends the run.
            return CompletableFuture.completedFuture(null);
        }
    }

    private void runCommands(WebSocket ws) {
        settings.execute().forEach(ws::send);
        if (settings.waitSeconds() >= 0) {
            long nanos = (long) (settings.waitSeconds() * 1e9);
            CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(ws::close);
        }
        // A negative wait (wscat users pass -1) keeps the connection open until the server closes it.
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.UTF_8.decode(data).toString();
    }

    /** Event-loop callbacks of the connection. */
    private final class Events implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            if (settings.isExecute()) {
                runCommands(ws);
                return;
            }
            opened = true;
            output.prompting(true);
            output.control("Connected (press CTRL+C to quit)");
            if (!output.isLineEditing()) {
                input.start(line -> onLine(ws, line), () -> onInputEnd(ws));
            }
        }

        @Override
        public void onText(WebSocket ws, String text) {
            output.incoming(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            output.incoming(text(data));
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer data) {
            if (settings.showPingPong()) {
                output.incoming("Received ping (data: \"" + text(data) + "\")");
            }
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer data) {
            if (settings.showPingPong()) {
                output.incoming("Received pong (data: \"" + text(data) + "\")");
            }
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (quitting.get()) {
                // Ctrl+C while opening aborts the connection; npm wscat has exited before that error.
                exit.complete(Wscat.EXIT_OK);
                return;
            }
            output.error(WscatErrorText.ofConnection(error, dialed));
            exit.complete(Wscat.EXIT_FAILURE);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            if (!settings.isExecute() && opened && !quitting.get()) {
                output.prompting(false);
                output.control("Disconnected (code: " + code + ", reason: \"" + reason + "\")");
            }
            exit.complete(Wscat.EXIT_OK);
        }
    }
}
