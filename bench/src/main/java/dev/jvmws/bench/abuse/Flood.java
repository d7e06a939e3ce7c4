package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One upgraded attacker connection that writes as fast as the server takes bytes: the same buffer
 * over and over, never blocking past a deadline (non-blocking writes on a selector), reading the
 * server's answers meanwhile or only at the end. It records how the connection ended (close frame
 * and code, EOF, reset), how many bytes had been written when the server's close frame was read, and
 * when the server last took any bytes (a server that stops reading shows as a stall).
 * Not thread-safe: one thread.
 */
final class Flood implements AutoCloseable {
    /** A pause of writes longer than this is reported as the server no longer reading. */
    private static final long STALL_NANOS = 1_000_000_000L;

    /** How the TCP connection ended, from our side. */
    enum End { OPEN, EOF, RESET }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
    private final ServerBytes server = new ServerBytes();
    /** When the upgrade completed: the times reported are from here. */
    private long startNanos;
    private long sent;
    private long sentAtClose = -1;
    private long closeNanos;
    /** Whether the server's answers are being read as they come (not by a flood that never reads). */
    private boolean readingLive = true;
    /** The close frame was found only after a flood that did not read: when it was sent is unknown. */
    private boolean closeFoundLate;
    private long lastProgressNanos;
    private long stalledSinceNanos = -1;
    private End end = End.OPEN;
    private long endNanos;
    private String endReason;

    private Flood(SocketChannel channel, Selector selector, SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    /**
     * Connects, sends the upgrade request ({@code extensions}: a Sec-WebSocket-Extensions offer or
     * null) and waits for the 101, all within {@code timeout}.
     */
    static Flood open(InetSocketAddress target, String extensions, Duration timeout) throws IOException {
        long deadline = AttackContext.after(timeout);
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.socket().connect(target, (int) timeout.toMillis());
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            selector = Selector.open();
            Flood flood = new Flood(channel, selector, channel.register(selector, SelectionKey.OP_READ));
            flood.write(UpgradeRequest.build(target.getHostString(), target.getPort(), "/", extensions),
                    Long.MAX_VALUE, deadline, true, true);
            flood.readUntil(deadline, () -> flood.server.headComplete());
            if (flood.server.status() != 101) {
                String answer = flood.server.headComplete() ? flood.server.headText().split("\r\n", 2)[0]
                        : "nothing within " + timeout.toSeconds() + " s";
                throw new IOException("upgrade answered: " + answer);
            }
            // Only the attack's own bytes and times count from here.
            flood.sent = 0;
            flood.startNanos = System.nanoTime();
            flood.lastProgressNanos = flood.startNanos;
            return flood;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /**
     * Writes {@code unit} (a view is taken; it restarts when used up) until {@code maxBytes} have been
     * written by this call, the deadline, or the end of the connection; with {@code readMeanwhile}
     * the server's answers are read as they come (else they wait in the socket).
     */
    void flood(ByteBuffer unit, long maxBytes, long untilNanos, boolean readMeanwhile) throws IOException {
        write(unit, maxBytes, untilNanos, readMeanwhile, false);
    }

    /** Reads the server's answers until its close frame, EOF or reset, or {@code untilNanos}. */
    void readToEnd(long untilNanos) throws IOException {
        readUntil(untilNanos, () -> false);
    }

    ServerBytes server() {
        return server;
    }

    long sent() {
        return sent;
    }

    /** Bytes written when the server's close frame was read, -1 if none was. */
    long sentAtClose() {
        return sentAtClose;
    }

    End end() {
        return end;
    }

    /** The server sent a close frame, or the connection is gone: nothing more to learn by writing. */
    boolean finished() {
        return server.closeReceived() || end != End.OPEN;
    }

    /**
     * What happened, in a phrase: the close frame (code, when, after how many bytes of ours), how the
     * connection ended, or that it is still open, and when the server stopped taking our bytes.
     */
    String describe(String unitName, long unitBytes) {
        List<String> parts = new ArrayList<>();
        if (server.closeReceived()) {
            String when = closeFoundLate ? "found when reading after the flood, sent earlier"
                    : "read at " + Figures.seconds(seconds(closeNanos));
            parts.add("server sent close " + server.closeCode() + " (" + when + "; ≤ "
                    + Figures.count(sentAtClose / unitBytes) + " " + unitName + " written by then)");
        }
        switch (end) {
            case OPEN -> parts.add(server.closeReceived() ? "we stopped writing" : "still open");
            case EOF -> parts.add("server closed the TCP connection at " + Figures.seconds(seconds(endNanos)));
            case RESET -> parts.add("connection reset at " + Figures.seconds(seconds(endNanos))
                    + (endReason == null ? "" : " (" + endReason + ")"));
            default -> {
            }
        }
        if (stalledSinceNanos >= 0) {
            parts.add("the server stopped reading at " + Figures.seconds(seconds(stalledSinceNanos)));
        }
        return String.join("; ", parts);
    }

    @Override
    public void close() {
        try {
            channel.close();
            selector.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    /** Seconds since the upgrade completed. */
    double secondsSinceStart() {
        return seconds(System.nanoTime());
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    private void write(ByteBuffer unit, long maxBytes, long untilNanos, boolean readMeanwhile, boolean handshake)
            throws IOException {
        ByteBuffer view = unit.duplicate();
        long written = 0;
        readingLive = readMeanwhile;
        key.interestOps(readMeanwhile ? SelectionKey.OP_READ : 0);
        while (!finished() && written < maxBytes) {
            long now = System.nanoTime();
            if (now >= untilNanos) {
                break;
            }
            if (!view.hasRemaining()) {
                if (handshake) {
                    return;
                }
                view = unit.duplicate();
            }
            if (maxBytes - written < view.remaining()) {
                view.limit(view.position() + (int) (maxBytes - written));
            }
            int n;
            try {
                n = channel.write(view);
            } catch (IOException e) {
                ended(End.RESET, e);
                // Gone: what the server sent before it went may still be in our socket (Linux hands
                // out received data before the reset error).
                readAvailable(AttackContext.after(Duration.ofSeconds(1)));
                return;
            }
            written += n;
            sent += n;
            if (n > 0) {
                lastProgressNanos = now;
                stalledSinceNanos = -1;
            } else {
                if (now - lastProgressNanos > STALL_NANOS && stalledSinceNanos < 0 && !handshake) {
                    stalledSinceNanos = lastProgressNanos;
                }
                key.interestOps((readMeanwhile ? SelectionKey.OP_READ : 0) | SelectionKey.OP_WRITE);
                selector.select(Math.max(1, Math.min(50, (untilNanos - now) / 1_000_000)));
                selector.selectedKeys().clear();
                key.interestOps(readMeanwhile ? SelectionKey.OP_READ : 0);
            }
            if (readMeanwhile) {
                readAvailable(untilNanos);
            }
        }
    }

    private void readUntil(long untilNanos, BooleanSupplier done) throws IOException {
        key.interestOps(SelectionKey.OP_READ);
        while (!finished() && !done.getAsBoolean()) {
            long left = untilNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            selector.select(Math.max(1, Math.min(50, left / 1_000_000)));
            selector.selectedKeys().clear();
            readAvailable(untilNanos);
        }
    }

    /** Reads what is there now, up to a close frame or {@code untilNanos} (a server may send without end). */
    private void readAvailable(long untilNanos) {
        try {
            while (!server.closeReceived() && System.nanoTime() < untilNanos) {
                readBuffer.clear();
                int n = channel.read(readBuffer);
                if (n < 0) {
                    ended(End.EOF, null);
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                server.consume(readBuffer);
                if (server.closeReceived()) {
                    sentAtClose = sent;
                    closeNanos = System.nanoTime();
                    closeFoundLate = !readingLive;
                }
            }
        } catch (IOException e) {
            ended(End.RESET, e);
        }
    }

    private void ended(End how, IOException cause) {
        if (end == End.OPEN) {
            end = how;
            endNanos = System.nanoTime();
            endReason = cause == null ? null : Figures.reason(cause);
        }
    }
}
