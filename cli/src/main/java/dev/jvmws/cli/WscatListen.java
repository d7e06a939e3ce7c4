package dev.jvmws.cli;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * wscat's {@code --listen} mode: a server on all interfaces that talks to one client at a time. A
 * client that arrives while another is attached is accepted and then terminated (it sees the open,
 * then 1006), as wscat does. Input lines go to the attached client and are dropped when there is none.
 *
 * <p>As in wscat, end of input ends the run with 0 (after closing the attached client), so a
 * listener started with stdin at end of file (e.g. {@code </dev/null}) exits at once; keep stdin open
 * to keep it listening. A server failure (address in use…) prints {@code error: …} (Node's wording,
 * {@link WscatErrorText}) and ends with 255. On a terminal with the line editor, Ctrl+C or Ctrl+D is
 * that end of input; the attached client's closing handshake is then given
 * {@link WscatConnect#QUIT_WAIT_MILLIS}.
 */
final class WscatListen {
    private final WscatOutput output;
    private final WscatInput.Source input;
    private final AtomicReference<WebSocket> attached = new AtomicReference<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    WscatListen(WscatOutput output, WscatInput.Source input) {
        this.output = output;
        this.input = input;
    }

    /** Listens on {@code port} and blocks until input ends or the server fails; returns the exit code. */
    int run(int port) {
        WebSocketServer server;
        try {
            // One loop thread: there is only ever one client worth serving.
            ServerOptions options = ServerOptions.builder().port(port).threads(1).build();
            server = WebSocketServer.start(options, new ServerEvents()).join();
        } catch (IllegalArgumentException e) {
            output.error(Wscat.describe(e));
            return Wscat.EXIT_FAILURE;
        } catch (CompletionException e) {
            output.error(WscatErrorText.ofListen(e, port));
            return Wscat.EXIT_FAILURE;
        }
        try {
            input.start(this::onLine, this::onInputEnd);
            return exit.join();
        } finally {
            server.close();
            WebSocket client = attached.get();
            if (client != null) {
                client.terminate();
            }
        }
    }

    private void onLine(String line) {
        WebSocket client = attached.get();
        if (client == null) {
            return;
        }
        output.lineEntered();
        try {
            client.send(line);
        } catch (IllegalStateException e) {
            // The client is going away; ws drops such sends silently too.
        }
        output.prompt();
    }

    private void onInputEnd() {
        WebSocket client = attached.get();
        if (client == null) {
            exit.complete(Wscat.EXIT_OK);
        } else {
            // wscat exits right after starting the close; waiting for it lets the client see a clean close.
            CompletableFuture<Void> closed;
            try {
                closed = client.close();
            } catch (IllegalStateException e) {
                closed = CompletableFuture.completedFuture(null);
            }
            if (output.isLineEditing()) {
                closed = closed.orTimeout(WscatConnect.QUIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
            closed.whenComplete((ignored, error) -> exit.complete(Wscat.EXIT_OK));
        }
    }

    /** Server callbacks (on the server's loop thread). */
    private final class ServerEvents implements WebSocketServer.Listener {
        @Override
        public void onListening(WebSocketServer server) {
            output.control("Listening on port " + server.address().getPort() + " (press CTRL+C to quit)");
        }

        @Override
        public void onConnection(WebSocket ws, HandshakeRequest request) {
            if (!attached.compareAndSet(null, ws)) {
                ws.terminate();
                return;
            }
            ws.setListener(new ClientEvents());
            output.prompting(true);
            output.control("Client connected");
        }

        @Override
        public void onError(WebSocketServer server, Throwable error) {
            output.error(Wscat.describe(error));
            exit.complete(Wscat.EXIT_FAILURE);
        }
    }

    /** Callbacks of the attached client. */
    private final class ClientEvents implements WebSocket.Listener {
        @Override
        public void onText(WebSocket ws, String text) {
            output.incoming(text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            output.incoming(StandardCharsets.UTF_8.decode(data).toString());
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            output.error(WscatErrorText.ofConnection(error, null));
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            output.prompting(false);
            output.control("Disconnected (code: " + code + ", reason: \"" + reason + "\")");
            attached.compareAndSet(ws, null);
        }
    }
}
