package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * A listening socket: accepts connections on the group's first loop and hands each, with the next loop
 * of the group (round-robin), to its owner, which reads the upgrade request there.
 *
 * <p>It listens on TCP or on a Unix domain socket. The socket file of the latter is the listener's
 * own: binding fails if the file exists (as Node's {@code listen(path)}: {@code EADDRINUSE}), and
 * closing removes it (as libuv does), which the JDK does not.
 *
 * <p>When accepting fails (most often {@code EMFILE}: no file descriptor left) it stops accepting for
 * a back-off that doubles from {@value #MIN_BACKOFF_MILLIS} to {@value #MAX_BACKOFF_MILLIS} ms while
 * the failures go on, and resumes by itself: retrying at once would spin a core on a socket that stays
 * ready (Netty and Tomcat back off the same way). Pending clients wait in the kernel's backlog
 * meanwhile. Failures are logged when they start and then at most every {@value #LOG_EVERY_SECONDS} s.
 *
 * <p>Thread-safe: {@link #close} may be called from any thread.
 */
public final class Acceptor implements EventLoop.IoHandler {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    /** Accept at most this many sockets per readiness event, so a connection storm can't starve I/O. */
    private static final int ACCEPTS_PER_WAKEUP = 64;
    static final long MIN_BACKOFF_MILLIS = 50;
    static final long MAX_BACKOFF_MILLIS = 1_000;
    private static final long LOG_EVERY_SECONDS = 10;

    private final EventLoopGroup group;
    private final ServerSocketChannel serverChannel;
    /** Told of each accepted socket and the loop it is to live on; runs on the accepting loop. */
    private final BiConsumer<EventLoop, SocketChannel> onAccepted;
    private final SocketAddress localAddress;
    private volatile SelectionKey key;
    private volatile boolean closed;
    /** Set by the first close: the socket file is removed once, never a later listener's at the same path. */
    private final AtomicBoolean released = new AtomicBoolean();
    /** Accept failures in a row; loop thread. */
    private long failures;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private long lastFailureLogNanos;
    /** The accept call: the listening socket's own, or a test's stand-in that fails as EMFILE does. */
    private volatile AcceptStep acceptStep = ServerSocketChannel::accept;

    /** One accept on a listening socket. */
    interface AcceptStep {
        SocketChannel accept(ServerSocketChannel channel) throws IOException;
    }

    private Acceptor(EventLoopGroup group, ServerSocketChannel serverChannel,
            BiConsumer<EventLoop, SocketChannel> onAccepted) throws IOException {
        this.group = group;
        this.serverChannel = serverChannel;
        this.onAccepted = onAccepted;
        this.localAddress = serverChannel.getLocalAddress();
    }

    /**
     * Binds to {@code address} (an {@code InetSocketAddress} or a {@link UnixDomainSocketAddress}) and
     * starts accepting; the future completes once the socket is registered with its loop.
     */
    public static CompletableFuture<Acceptor> bind(EventLoopGroup group, SocketAddress address, int backlog,
            BiConsumer<EventLoop, SocketChannel> onAccepted) {
        CompletableFuture<Acceptor> started = new CompletableFuture<>();
        ServerSocketChannel channel = null;
        try {
            channel = address instanceof UnixDomainSocketAddress
                    ? ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                    : ServerSocketChannel.open();
            // A TCP port in TIME_WAIT can be bound again at once; a Unix socket has no such option.
            if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR)) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            bindTo(channel, address, backlog);
            channel.configureBlocking(false);
            Acceptor acceptor = new Acceptor(group, channel, onAccepted);
            EventLoop loop = group.first();
            loop.execute(() -> {
                try {
                    acceptor.key = loop.register(acceptor.serverChannel, SelectionKey.OP_ACCEPT, acceptor);
                    started.complete(acceptor);
                } catch (IOException e) {
                    started.completeExceptionally(e);
                }
            });
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            started.completeExceptionally(e);
        }
        return started;
    }

    /**
     * Binds; the JDK's {@code BindException} does not say which socket path is taken, so the path is
     * added, as Node's {@code listen EADDRINUSE: address already in use /path} has it.
     */
    private static void bindTo(ServerSocketChannel channel, SocketAddress address, int backlog) throws IOException {
        try {
            channel.bind(address, backlog);
        } catch (BindException e) {
            if (!(address instanceof UnixDomainSocketAddress)) {
                throw e;
            }
            BindException named = new BindException(e.getMessage() + ": " + address);
            named.initCause(e);
            throw named;
        }
    }

    /** Replaces the accept call (tests: a failure such as EMFILE, which no test can cause for real in-process). */
    void acceptWith(AcceptStep step) {
        acceptStep = step;
    }

    /** The bound address: an {@code InetSocketAddress} (with the port picked for port 0), or the socket path's. */
    public SocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel socket;
            try {
                socket = acceptStep.accept(serverChannel);
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (socket == null) {
                return;
            }
            if (failures > 0) {
                Failures.log(LOG, Level.INFO, "Accepting again after " + failures + " failed accepts", null);
                failures = 0;
                backoffMillis = MIN_BACKOFF_MILLIS;
            }
            onAccepted.accept(group.next(), socket);
        }
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        closeNow();
    }

    /** Whatever else failed while accepting: the listening socket stays open, after a back-off. */
    @Override
    public void onUnexpectedError(SelectionKey readyKey, Throwable error) {
        backOff(error);
    }

    /** Stops accepting for the current back-off, then resumes; loop thread. */
    private void backOff(Throwable error) {
        failures++;
        long now = group.first().nanoTime();
        if (failures == 1 || now - lastFailureLogNanos >= LOG_EVERY_SECONDS * 1_000_000_000L) {
            lastFailureLogNanos = now;
            Failures.log(LOG, Level.WARNING, "Accept failed (" + failures + " in a row): " + error
                    + "; pausing accepts for " + backoffMillis + " ms", failures == 1 ? error : null);
        }
        SelectionKey registered = key;
        if (registered == null || !registered.isValid()) {
            return;
        }
        registered.interestOps(0);
        group.first().schedule(this::resumeAccepting, backoffMillis * 1_000_000L);
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    }

    private void resumeAccepting() {
        SelectionKey registered = key;
        if (!closed && registered != null && registered.isValid()) {
            registered.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting and releases the port, or the socket file. Safe from any thread; idempotent. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        if (group.first().isStopped()) {
            closeNow(); // no loop to hand over to; closing a channel is safe from any thread
            closed.complete(null);
            return closed;
        }
        group.first().run(() -> {
            closeNow();
            closed.complete(null);
        });
        return closed;
    }

    private void closeNow() {
        closed = true;
        SelectionKey registered = key;
        if (registered != null) {
            registered.cancel();
        }
        closeQuietly(serverChannel);
        if (localAddress instanceof UnixDomainSocketAddress && released.compareAndSet(false, true)) {
            try {
                Files.deleteIfExists(((UnixDomainSocketAddress) localAddress).getPath());
            } catch (IOException e) {
                Failures.log(LOG, Level.WARNING, "Could not remove the socket file " + localAddress, e);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
