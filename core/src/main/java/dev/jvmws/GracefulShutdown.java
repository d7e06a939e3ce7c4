package dev.jvmws;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.protocol.CloseCode;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@link WebSocketServer#shutdown}: a close frame 1001 to every open connection (and to each that
 * opens while it runs: its upgrade was under way), the connections still open at the end of the
 * grace period terminated, and a count of how each one ended. Thread-safe.
 */
final class GracefulShutdown {
    private final AtomicInteger clean = new AtomicInteger();
    private final AtomicInteger otherwise = new AtomicInteger();
    private final CompletableFuture<WebSocketServer.ShutdownResult> result = new CompletableFuture<>();

    CompletableFuture<WebSocketServer.ShutdownResult> result() {
        return result;
    }

    /** Closes {@code open} (live: connections opening later are {@link #opened}) and, after {@code grace}, terminates what is left. */
    void begin(Collection<WebSocket> open, EventLoop timekeeper, Duration grace) {
        open.forEach(GracefulShutdown::goAway);
        timekeeper.execute(() -> timekeeper.schedule(() -> open.forEach(WebSocket::terminate), grace.toNanos()));
    }

    /** A connection opened after the shutdown began. */
    void opened(WebSocket ws) {
        goAway(ws);
    }

    /** A connection that was open during the shutdown ended, after a complete closing handshake or not. */
    void ended(boolean wasClean) {
        (wasClean ? clean : otherwise).incrementAndGet();
    }

    /** The server has closed: the counts are final. */
    void serverClosed() {
        result.complete(new WebSocketServer.ShutdownResult(clean.get(), otherwise.get()));
    }

    private static void goAway(WebSocket ws) {
        try {
            ws.close(CloseCode.GOING_AWAY, "Server shutting down");
        } catch (IllegalStateException alreadyClosing) {
            // its closing handshake is under way: counted when it ends
        }
    }
}
