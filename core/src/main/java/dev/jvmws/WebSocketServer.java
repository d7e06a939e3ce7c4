package dev.jvmws;

import dev.jvmws.handshake.HandshakeException;
import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.io.Acceptor;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.EventLoopGroup;
import dev.jvmws.internal.server.PendingLimit;
import dev.jvmws.internal.server.PendingUpgrade;
import dev.jvmws.internal.server.ServerCounters;
import dev.jvmws.internal.server.ServerTls;
import dev.jvmws.internal.server.UpgradeDecider;
import dev.jvmws.protocol.Opcode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A WebSocket server (ws's {@code WebSocketServer}): listens on a port or a Unix domain socket
 * ({@link ServerOptions.Builder#unixSocket}), or, with
 * {@link ServerOptions.Builder#noServer}, takes upgrade requests handed in through
 * {@link #handleUpgrade}. Validates each request (RFC 6455 §4.2.1), runs the user's verification and
 * subprotocol choice, answers 101 or an HTTP error, and reports each new connection.
 *
 * <p><b>Threads.</b> The server owns {@link ServerOptions#threads()} event loops (non-daemon threads,
 * stopped when the server has closed and its last connection is gone, whether or not
 * {@code clientTracking} is on). Every {@link Listener} callback
 * about a connection runs on that connection's loop; {@code onListening}, {@code onError} and
 * {@code onClose} run on a loop thread too. All public methods are thread-safe.
 */
public final class WebSocketServer {

    /**
     * Server events; all methods have no-op defaults. For a lambda, {@link #onConnection(BiConsumer)}
     * (the connection reaches its server through {@link WebSocket#server()}).
     */
    public interface Listener {
        /**
         * A listener for new connections only, as ws's {@code wss.on('connection', (ws, req) => …)}:
         * {@code WebSocketServer.Listener.onConnection((ws, request) -> ws.setListener(…))}.
         */
        static Listener onConnection(BiConsumer<WebSocket, HandshakeRequest> handler) {
            Objects.requireNonNull(handler, "handler");
            return new Listener() {
                @Override
                public void onConnection(WebSocket ws, HandshakeRequest request) {
                    handler.accept(ws, request);
                }
            };
        }

        /** The server is bound and accepting. */
        default void onListening(WebSocketServer server) {}

        /**
         * A connection is open. Set its listener here ({@link WebSocket#setListener}): no event of
         * the connection is delivered before this returns.
         */
        default void onConnection(WebSocket ws, HandshakeRequest request) {}

        /**
         * The server failed: a user callback threw while deciding an upgrade, or a fatal error (a
         * {@link VirtualMachineError} such as {@link OutOfMemoryError}) stopped one of its event
         * loops. After a fatal error the server has stopped: every connection was closed, the port
         * released, and {@link #close()}'s future fails with the error. A process that lives for the
         * server should exit non-zero here rather than linger half alive.
         */
        default void onError(WebSocketServer server, Throwable error) {}

        /**
         * An upgrade request was rejected before the upgrade (malformed, wrong version, refused by
         * verification…); the HTTP error response has been sent. {@code request} is null when the
         * request could not be parsed.
         */
        default void onClientError(WebSocketServer server, HandshakeException error, HandshakeRequest request) {}

        /** The server has closed and all its tracked connections are gone. */
        default void onClose(WebSocketServer server) {}
    }

    private final ServerOptions options;
    private final Listener listener;
    private final EventLoopGroup loops;
    private final Set<WebSocket> clients = ConcurrentHashMap.newKeySet();
    private final Set<WebSocket> clientsView = Collections.unmodifiableSet(clients);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final UpgradeDecider<WebSocket> decider;
    private volatile Acceptor acceptor;
    private final PendingLimit pendingHandshakes;
    private final ServerCounters counters = new ServerCounters();
    private volatile boolean closing;
    /** Set once by {@link #shutdown}; counts how its connections end. */
    private volatile GracefulShutdown shutdown;

    /**
     * How a {@link #shutdown} went: connections whose closing handshake completed (both close frames
     * passed) and the others (terminated at the end of the grace period, or lost on the way).
     */
    public record ShutdownResult(int closedCleanly, int closedOtherwise) {}

    private WebSocketServer(ServerOptions options, Listener listener) {
        this.options = options;
        this.listener = listener == null ? new Listener() {} : listener;
        this.loops = new EventLoopGroup(options.threads(), "jvmws-server", false, this::loopFailed, options.clock());
        this.pendingHandshakes = new PendingLimit(options.maxPendingHandshakes());
        // One budget for unfinished messages per server, shared by all its connections, every route's too.
        ConnectionConfig config = options.settings.toConfig(false).withMessageMemoryBudget(options.messageMemoryBudget(),
                options.messageMemoryWait().toNanos()).withMetrics(counters);
        this.decider = new UpgradeDecider<>(new ServerSite(this, this.listener, config, counters), options, config);
    }

    /**
     * Creates a server. With a port or a Unix socket it starts listening; the returned future
     * completes once it is (or fails, e.g. address in use, or the socket file exists). With
     * {@code noServer} it completes at once.
     */
    public static CompletableFuture<WebSocketServer> start(ServerOptions options, Listener listener) {
        WebSocketServer server = new WebSocketServer(options, listener);
        if (options.noServer()) {
            return CompletableFuture.completedFuture(server);
        }
        SocketAddress address;
        if (options.unixSocket() != null) {
            address = UnixDomainSocketAddress.of(options.unixSocket());
        } else {
            address = options.host() == null
                    ? new InetSocketAddress(options.port())
                    : new InetSocketAddress(options.host(), options.port());
        }
        ServerTls tls = options.sslContext() == null ? null
                : new ServerTls(options.sslContext(), options.sslParameters(), options.clientAuth());
        return Acceptor.bind(server.loops, address, options.backlog(), (loop, socket) -> PendingUpgrade.accepted(
                        loop, socket, tls, server.decider, options.maxHeaderBytes(), options.handshakeTimeout().toNanos(),
                        server.pendingHandshakes))
                .handle((bound, error) -> {
                    if (error != null) {
                        server.loops.shutdown();
                        throw new java.util.concurrent.CompletionException(error);
                    }
                    server.acceptor = bound;
                    server.loops.first().execute(() -> server.listener.onListening(server));
                    return server;
                });
    }

    /**
     * The bound address (with the port picked for port 0); null after close.
     *
     * @throws IllegalStateException in noServer mode, and for a server on a Unix domain socket (ws
     *     returns the path there; ours is {@code options().unixSocket()})
     */
    public InetSocketAddress address() {
        Acceptor bound = acceptor;
        if (options.noServer()) {
            throw new IllegalStateException("The server is operating in \"noServer\" mode");
        }
        if (options.unixSocket() != null) {
            throw new IllegalStateException("The server listens on the Unix domain socket " + options.unixSocket()
                    + ", not on a port");
        }
        return bound == null || closing ? null : (InetSocketAddress) bound.localAddress();
    }

    /** What the server has done since it started, counted as it happened (see {@link ServerMetrics}). Any thread. */
    public ServerMetrics metrics() {
        return new ServerMetrics(clients.size(), counters.handshakesAccepted(), counters.handshakesRejected(),
                counters.messagesReceived(), counters.messagesSent(), counters.bytesRead(), counters.bytesWritten(),
                counters.closeCodes(), counters.failures(), counters.peakQueued());
    }

    /** The open connections (live, unmodifiable); empty when {@code clientTracking} is off. */
    public Set<WebSocket> clients() {
        return options.clientTracking() ? clientsView : Set.of();
    }

    public ServerOptions options() {
        return options;
    }

    /** Whether to handle {@code request}: by default, whether its path matches the {@code path} option. */
    public boolean shouldHandle(HandshakeRequest request) {
        return options.path() == null || options.path().equals(request.path());
    }

    /**
     * Runs the server side of the handshake for an upgrade request already read from {@code channel}
     * (noServer mode, or a custom HTTP front). {@code head} holds any bytes read after the request.
     * The future completes with the open socket (after {@code onConnection}), or fails with a
     * {@link HandshakeException} once the rejection was sent.
     */
    public CompletableFuture<WebSocket> handleUpgrade(HandshakeRequest request, SocketChannel channel, ByteBuffer head) {
        return adopt(request, channel, head);
    }

    /**
     * Runs the server side of the handshake over any byte stream whose upgrade request was already
     * read: a servlet container's upgraded connection, a pipe, a channel of your own (a
     * {@link SocketChannel} goes the way of the overload above). The channel is used in blocking
     * mode by two threads of the library's own, one reading and one writing (virtual threads on JDK
     * 21 and later), each bounded to one buffer ahead of the connection; the rest is as for a socket.
     * A {@code ByteChannel} has no half-close: the output ends when the connection closes the channel.
     * {@link WebSocket#remoteAddress()} is null for such a connection.
     */
    public CompletableFuture<WebSocket> handleUpgrade(HandshakeRequest request, ByteChannel channel, ByteBuffer head) {
        return adopt(request, channel, head);
    }

    private CompletableFuture<WebSocket> adopt(HandshakeRequest request, ByteChannel channel, ByteBuffer head) {
        CompletableFuture<WebSocket> result = new CompletableFuture<>();
        EventLoop loop = loops.next();
        loop.execute(() -> {
            PendingUpgrade upgrade = PendingUpgrade.adopted(loop, channel, head);
            if (upgrade == null) {
                result.completeExceptionally(new IOException("The socket could not be taken over"));
            } else {
                decider.decide(upgrade, request, result);
            }
        });
        return result;
    }

    /**
     * Stops accepting (new handshakes get 503) without closing open connections, as ws does; the
     * port is released, or the Unix socket file removed, with the listening socket (not after the
     * connections).
     * {@code onClose} runs once the last tracked connection has closed; the future completes after
     * it, once the server's threads have stopped and released their sockets and native zlib memory.
     */
    public CompletableFuture<Void> close() {
        if (closing) {
            return closed;
        }
        closing = true;
        Acceptor bound = acceptor;
        CompletableFuture<Void> stopped = bound == null ? CompletableFuture.completedFuture(null) : bound.close();
        stopped.whenComplete((ignored, error) -> maybeFinishClose());
        return closed;
    }

    /**
     * Graceful shutdown: stops accepting as {@link #close()} does, sends every open connection a close
     * frame 1001 ("Server shutting down") after what was already queued for it, waits for the closing
     * handshakes up to {@code grace}, then terminates the connections still open. The future completes,
     * once the server has closed as {@link #close()}'s does, with how many connections closed cleanly.
     * A connection whose upgrade was under way is closed the same way as soon as it opens. Calling it
     * again returns the same future; any thread.
     */
    public CompletableFuture<ShutdownResult> shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        GracefulShutdown started;
        synchronized (this) {
            if (shutdown != null) {
                return shutdown.result();
            }
            started = new GracefulShutdown();
            shutdown = started; // before close(): a connection tracked from now on is closed by track()
        }
        close().whenComplete((ignored, error) -> started.serverClosed());
        started.begin(clients, loops.first(), grace);
        return started.result();
    }

    /** What a {@link #broadcast} does with a receiver that is behind (more than its {@code highWaterMark} queued). */
    public enum SlowReceivers {
        /** Queue it anyway, up to the receiver's {@code maxBufferedBytes}; past that it misses the message. */
        QUEUE,
        /** It misses this message; the others get it. */
        SKIP,
        /** Close it (1008 "Too slow to receive broadcasts"); the others get the message. */
        CLOSE
    }

    /** How a broadcast went: receivers it was queued for, receivers that missed it, receivers closed. */
    public record BroadcastResult(int queued, int skipped, int closed) {}

    /** {@link #broadcast(Collection, String, SlowReceivers)} to every open connection, queueing for slow ones. */
    public BroadcastResult broadcast(String text) {
        return broadcast(clients, text, SlowReceivers.QUEUE);
    }

    /** {@link #broadcast(Collection, ByteBuffer, SlowReceivers)} to every open connection, queueing for slow ones. */
    public BroadcastResult broadcast(ByteBuffer data) {
        return broadcast(clients, data, SlowReceivers.QUEUE);
    }

    /**
     * Sends {@code text} to each of {@code receivers}, framed once: the frame's bytes are shared by
     * every receiver's queue, never copied per connection (ws's {@code clients.forEach(c => c.send(m))}
     * frames — and compresses — the message once per client). Receivers that negotiated
     * permessage-deflate get it compressed when it reaches their {@code threshold}: compressed once per
     * {@code server_max_window_bits} value among them, without reference to earlier messages so the
     * same bytes are valid in every receiver's stream (each receiver's later messages may still refer
     * to it, as to any message it sent). Shared frames are not split by {@code fragmentSize}. A receiver that is behind is
     * handled by {@code slow}, so one slow reader never holds up the others or grows memory past its
     * limit. Never blocks; any thread. Receivers not open are skipped.
     */
    public BroadcastResult broadcast(Collection<WebSocket> receivers, String text, SlowReceivers slow) {
        return Broadcasts.send(receivers, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), Opcode.TEXT, slow);
    }

    /** {@link #broadcast(Collection, String, SlowReceivers)} for a binary message ({@code data} is copied once). */
    public BroadcastResult broadcast(Collection<WebSocket> receivers, ByteBuffer data, SlowReceivers slow) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data.duplicate()).flip();
        return Broadcasts.send(receivers, copy, Opcode.BINARY, slow);
    }

    /** Bytes the connections hold in unfinished messages, counted against the budget (for tests). */
    long messageMemoryHeld() {
        return decider.messageMemoryHeld();
    }

    /** The most bytes ever held at once in unfinished messages (for tests). */
    long messageMemoryPeak() {
        return decider.messageMemoryPeak();
    }

    /** Accepted sockets whose upgrade is still being read or decided (for tests). */
    int pendingHandshakes() {
        return pendingHandshakes.pending();
    }

    /** The loop accepting connections, and with one thread the loop serving them (for tests). */
    EventLoop firstLoop() {
        return loops.first();
    }

    boolean isClosing() {
        return closing;
    }

    /** Connections open now, tracked whatever {@code clientTracking} says. */
    int openConnections() {
        return clients.size();
    }

    /** Counts {@code ws} until it closes: the server's loops must outlive its connections. Loop thread. */
    void track(WebSocket ws) {
        clients.add(ws);
        ws.trackedBy(this);
        GracefulShutdown ending = shutdown;
        if (ending != null) {
            ending.opened(ws);
        }
    }

    /** {@code ws} closed with {@code code} (after its close event and futures), {@code wasClean} or not; loop thread. */
    void untrack(WebSocket ws, int code, boolean wasClean) {
        counters.closed(code);
        GracefulShutdown ending = shutdown;
        if (ending != null && clients.contains(ws)) {
            ending.ended(wasClean);
        }
        clients.remove(ws);
        if (closing) {
            maybeFinishClose();
        }
    }

    /**
     * A fatal error stopped one of the loops (its connections are closed): stop the whole server
     * rather than serve on with a part missing, and say so. Runs on the failed loop's thread.
     */
    private void loopFailed(Throwable error) {
        closing = true;
        Acceptor bound = acceptor;
        if (bound != null) {
            bound.close();
        }
        loops.shutdown();
        try {
            reportError(error);
        } finally {
            closed.completeExceptionally(error);
        }
    }

    void reportError(Throwable error) {
        try {
            listener.onError(this, error);
        } catch (RuntimeException e) {
            System.getLogger(WebSocketServer.class.getName()).log(System.Logger.Level.WARNING,
                    "Listener threw from onError; ignored", e);
        }
    }

    void reportClientError(HandshakeRejection rejection, HandshakeRequest request) {
        try {
            listener.onClientError(this, new HandshakeException(rejection.body(), rejection.status(),
                    rejection.headers(), new byte[0]), request);
        } catch (RuntimeException e) {
            reportError(e);
        }
    }

    private void maybeFinishClose() {
        if (!clients.isEmpty() || closed.isDone()) {
            return;
        }
        loops.first().execute(() -> {
            if (closed.isDone() || !clients.isEmpty()) {
                return;
            }
            try {
                listener.onClose(this);
            } finally {
                // Completed by the last loop to end: the server's threads, sockets and native zlib
                // memory are all released when close() completes.
                loops.shutdown().whenComplete((ignored, error) -> closed.complete(null));
            }
        });
    }
}
