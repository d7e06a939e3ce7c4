package dev.jvmws.examples;

import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The browser chat demo behind {@code bin/chat --port P}: one port serves the page at {@code /}
 * (plain HTML and JavaScript, {@code chat.html} beside this class; no build step) and the
 * {@link ChatServer} room at {@code /chat}. Open http://localhost:P/?name=alice in one tab and
 * http://localhost:P/?name=bob in another.
 *
 * <p>How one port does both: the WebSocket server runs in {@code noServer} mode and
 * {@link UpgradeFront} reads each HTTP request, answering {@code GET /} with the page and handing
 * upgrades for {@code /chat} to the WebSocket server ({@code handleUpgrade}). The library's own
 * listener answers every non-upgrade request with 426, so the page needs a front of some kind; this
 * one uses only the library and the JDK.
 */
public final class BrowserChat implements AutoCloseable {

    private final WebSocketServer chat;
    private final UpgradeFront front;

    private BrowserChat(WebSocketServer chat, UpgradeFront front) {
        this.chat = chat;
        this.front = front;
    }

    /** Serves the page and the room on {@code address} (port 0 picks a free one). */
    public static BrowserChat start(InetSocketAddress address) throws IOException {
        WebSocketServer chat = WebSocketServer.start(ChatServer.options().noServer(true).path("/chat").build(),
                new ChatServer()).join();
        try {
            UpgradeFront front = UpgradeFront.start(address, chat,
                    Map.of("/", new UpgradeFront.Page("text/html; charset=utf-8", page())));
            return new BrowserChat(chat, front);
        } catch (IOException | RuntimeException e) {
            chat.close();
            throw e;
        }
    }

    /** The page, read from the class path ({@code chat.html} beside this class). */
    static byte[] page() {
        try (InputStream in = BrowserChat.class.getResourceAsStream("chat.html")) {
            if (in == null) {
                throw new IllegalStateException("chat.html is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return front.port();
    }

    /**
     * Stops listening, closes every chat connection (1001, going away; a peer that doesn't answer
     * within 5 s is dropped) and waits up to 10 s for the server to finish closing.
     */
    @Override
    public void close() throws IOException {
        front.close();
        CompletableFuture<?>[] closing = chat.clients().stream()
                .map(ws -> ws.close(1001, "server stopping")).toArray(CompletableFuture[]::new);
        try {
            try {
                CompletableFuture.allOf(closing).get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                chat.clients().forEach(WebSocket::terminate);
            }
            chat.close().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("The chat server did not close cleanly", e);
        }
    }

    public static void main(String[] args) throws IOException {
        int port = 8080;
        String host = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--host") && i + 1 < args.length) {
                host = args[++i];
            } else {
                boolean help = args[i].equals("--help") || args[i].equals("-h");
                (help ? System.out : System.err).println(
                        "usage: bin/chat [--port P] [--host ADDRESS]  (default: port 8080, every address)");
                System.exit(help ? 0 : 2);
            }
        }
        BrowserChat demo = start(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        System.out.println("chat on http://localhost:" + demo.port() + "/  (pick a name: /?name=alice; Ctrl+C stops)");
    }
}
