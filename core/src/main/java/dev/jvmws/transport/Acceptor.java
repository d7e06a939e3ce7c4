package dev.jvmws.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;

/**
 * A listening socket: accepts connections on the group's first loop and hands each to the next loop
 * of the group, round-robin, where it reads its upgrade request.
 *
 * <p>Thread-safe: {@link #close} may be called from any thread.
 */
public final class Acceptor implements EventLoop.IoHandler {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    /** Accept at most this many sockets per readiness event, so a connection storm can't starve I/O. */
    private static final int ACCEPTS_PER_WAKEUP = 64;

    private final EventLoopGroup group;
    private final ServerSocketChannel serverChannel;
    private final UpgradeHandler handler;
    private final int maxHeadBytes;
    private final long handshakeTimeoutNanos;
    private final InetSocketAddress localAddress;
    private volatile SelectionKey key;

    private Acceptor(EventLoopGroup group, ServerSocketChannel serverChannel, UpgradeHandler handler,
            int maxHeadBytes, long handshakeTimeoutNanos) throws IOException {
        this.group = group;
        this.serverChannel = serverChannel;
        this.handler = handler;
        this.maxHeadBytes = maxHeadBytes;
        this.handshakeTimeoutNanos = handshakeTimeoutNanos;
        this.localAddress = (InetSocketAddress) serverChannel.getLocalAddress();
    }

    /** Binds and starts accepting; the future completes once the socket is registered with its loop. */
    public static CompletableFuture<Acceptor> bind(EventLoopGroup group, InetSocketAddress address, int backlog,
            UpgradeHandler handler, int maxHeadBytes, long handshakeTimeoutNanos) {
        CompletableFuture<Acceptor> started = new CompletableFuture<>();
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, backlog);
            channel.configureBlocking(false);
            Acceptor acceptor = new Acceptor(group, channel, handler, maxHeadBytes, handshakeTimeoutNanos);
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

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public void onReady(SelectionKey readyKey) {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel socket;
            try {
                socket = serverChannel.accept();
            } catch (IOException e) {
                // e.g. too many open files: log and keep listening rather than dying.
                LOG.log(Level.WARNING, "accept failed", e);
                return;
            }
            if (socket == null) {
                return;
            }
            try {
                socket.configureBlocking(false);
                Connection.configure(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                continue;
            }
            Connection.accepted(group.next(), socket, handler, maxHeadBytes, handshakeTimeoutNanos);
        }
    }

    @Override
    public void onLoopShutdown() {
        closeNow();
    }

    /** Stops accepting and releases the port. Safe from any thread; idempotent. */
    public CompletableFuture<Void> close() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        group.first().run(() -> {
            closeNow();
            closed.complete(null);
        });
        return closed;
    }

    private void closeNow() {
        SelectionKey registered = key;
        if (registered != null) {
            registered.cancel();
        }
        closeQuietly(serverChannel);
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
