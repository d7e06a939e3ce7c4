package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Many attacker connections on one selector, driven by the attack's thread: opening them (at most
 * {@link #CONNECTS_IN_FLIGHT} connects at a time, as the load generator does, so SYNs are not dropped
 * by the accept backlog), writing what the attack hands each one without ever blocking, and reading
 * whatever the server answers so that its status, close code and the moment it hung up are known.
 * A connection that the server closes with a close frame is closed at once by us. Opening stops at
 * this JVM's own fd limit (nothing is raised), and the reason is kept for the report.
 * Not thread-safe: one thread calls everything.
 */
final class Swarm implements AutoCloseable {
    static final int CONNECTS_IN_FLIGHT = 50;
    private static final long SELECT_SLICE_MILLIS = 50;

    private final InetSocketAddress target;
    private final Selector selector;
    private final List<SwarmConnection> connections = new ArrayList<>();
    private final Map<String, Integer> connectFailures = new LinkedHashMap<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private int wanted;
    private String openStoppedBy;

    private Swarm(InetSocketAddress target) throws IOException {
        this.target = target;
        this.selector = Selector.open();
    }

    /**
     * Opens {@code count} connections to {@code target} before {@code deadlineNanos}, writing
     * {@code firstBytes} (a view is taken per connection; null: nothing) on each as soon as it is
     * connected. The server is expected to answer with an HTTP response head before any frame.
     */
    static Swarm open(InetSocketAddress target, int count, ByteBuffer firstBytes, long deadlineNanos)
            throws IOException {
        Swarm swarm = new Swarm(target);
        swarm.wanted = count;
        swarm.connect(count, firstBytes, deadlineNanos);
        return swarm;
    }

    List<SwarmConnection> connections() {
        return connections;
    }

    int wanted() {
        return wanted;
    }

    /** Why fewer than {@link #wanted()} were opened (our fd limit, connect failures), or null. */
    String shortfall() {
        if (connections.size() >= wanted) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        if (openStoppedBy != null) {
            reasons.add("this JVM: " + openStoppedBy);
        }
        connectFailures.forEach((reason, n) -> reasons.add("connect: " + reason + " ×" + n));
        return String.join("; ", reasons);
    }

    /** Every connection has its complete response head, or has ended. */
    boolean allAnswered() {
        return connections.stream().allMatch(c -> c.server.headComplete() || !c.isOpen());
    }

    long openCount() {
        return connections.stream().filter(SwarmConnection::isOpen).count();
    }

    /** Queues {@code bytes} (replacing anything unsent) on an open connection and writes what fits now. */
    void send(SwarmConnection c, ByteBuffer bytes) {
        if (!c.isOpen()) {
            return;
        }
        c.pending = bytes;
        flush(c);
    }

    /** Runs the selector until {@code untilNanos}. */
    void pump(long untilNanos) throws IOException {
        pumpUntil(() -> false, untilNanos);
    }

    /** Runs the selector until {@code done} holds (checked at least every 50 ms) or {@code untilNanos}. */
    void pumpUntil(BooleanSupplier done, long untilNanos) throws IOException {
        while (!done.getAsBoolean()) {
            long left = untilNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            selectOnce(Math.max(1, Math.min(SELECT_SLICE_MILLIS, left / 1_000_000)));
        }
    }

    /** Closes one connection from our side. */
    void close(SwarmConnection c) {
        end(c, SwarmConnection.End.WE_CLOSED);
    }

    /** Closes every connection still open, and the selector. */
    @Override
    public void close() {
        for (SwarmConnection c : connections) {
            close(c);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    private void connect(int count, ByteBuffer firstBytes, long deadlineNanos) throws IOException {
        int started = 0;
        int inFlight = 0;
        while ((started < count && openStoppedBy == null) || inFlight > 0) {
            while (inFlight < CONNECTS_IN_FLIGHT && started < count && openStoppedBy == null) {
                started++;
                SocketChannel channel;
                try {
                    channel = SocketChannel.open();
                } catch (IOException e) {
                    openStoppedBy = Figures.reason(e) + " after " + connections.size() + " connections";
                    break;
                }
                try {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    if (channel.connect(target)) {
                        connected(channel.register(selector, 0), firstBytes);
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                        inFlight++;
                    }
                } catch (IOException e) {
                    channel.close();
                    connectFailures.merge(Figures.reason(e), 1, Integer::sum);
                }
            }
            if (System.nanoTime() >= deadlineNanos) {
                break;
            }
            selector.select(SELECT_SLICE_MILLIS);
            for (SelectionKey key : selector.selectedKeys()) {
                if (key.attachment() == null) {
                    inFlight--;
                    finishConnect(key, firstBytes);
                } else {
                    handle(key);
                }
            }
            selector.selectedKeys().clear();
        }
        // Connects that did not complete by the deadline (failed ones are cancelled, hence invalid).
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            if (key.isValid() && key.attachment() == null) {
                key.channel().close();
                connectFailures.merge("not connected by the deadline", 1, Integer::sum);
            }
        }
    }

    private void finishConnect(SelectionKey key, ByteBuffer firstBytes) {
        SocketChannel channel = (SocketChannel) key.channel();
        try {
            channel.finishConnect();
            connected(key, firstBytes);
        } catch (IOException e) {
            key.cancel();
            closeQuietly(channel);
            connectFailures.merge(Figures.reason(e), 1, Integer::sum);
        }
    }

    /** The channel of {@code key} is connected: it becomes a swarm connection, reading from now on. */
    private void connected(SelectionKey key, ByteBuffer firstBytes) {
        SwarmConnection c = new SwarmConnection((SocketChannel) key.channel(), System.nanoTime());
        c.key = key;
        key.attach(c);
        key.interestOps(SelectionKey.OP_READ);
        connections.add(c);
        if (firstBytes != null) {
            send(c, firstBytes.duplicate());
        }
    }

    private void selectOnce(long timeoutMillis) throws IOException {
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            handle(key);
        }
        selector.selectedKeys().clear();
    }

    private void handle(SelectionKey key) {
        SwarmConnection c = (SwarmConnection) key.attachment();
        if (!key.isValid() || !c.isOpen()) {
            return;
        }
        if (key.isReadable()) {
            read(c);
        }
        if (c.isOpen() && key.isValid() && key.isWritable()) {
            flush(c);
        }
    }

    private void flush(SwarmConnection c) {
        try {
            while (c.pending != null && c.pending.hasRemaining()) {
                int n = c.channel.write(c.pending);
                if (n == 0) {
                    c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                c.bytesSent += n;
            }
            c.key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            // The server is gone; what it sent before going may still be waiting to be read.
            read(c);
            end(c, SwarmConnection.End.RESET);
        }
    }

    private void read(SwarmConnection c) {
        try {
            while (c.isOpen()) {
                readBuffer.clear();
                int n = c.channel.read(readBuffer);
                if (n < 0) {
                    end(c, SwarmConnection.End.EOF);
                    return;
                }
                if (n == 0) {
                    return;
                }
                readBuffer.flip();
                boolean hadHead = c.server.headComplete();
                c.server.consume(readBuffer);
                if (!hadHead && c.server.headComplete()) {
                    c.sentAtHead = c.bytesSent;
                    c.headNanos = System.nanoTime();
                }
                if (c.server.closeReceived()) {
                    end(c, SwarmConnection.End.CLOSE_FRAME);
                }
            }
        } catch (IOException e) {
            end(c, SwarmConnection.End.RESET);
        }
    }

    private void end(SwarmConnection c, SwarmConnection.End how) {
        if (!c.isOpen()) {
            return;
        }
        c.end = how;
        c.endNanos = System.nanoTime();
        c.pending = null;
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
