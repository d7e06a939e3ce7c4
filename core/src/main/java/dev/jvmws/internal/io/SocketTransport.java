package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A {@link Transport} over a non-blocking {@link SocketChannel} registered with one event loop: TCP, or
 * a Unix domain socket (which has no remote address to report).
 */
public final class SocketTransport implements Transport, EventLoop.IoHandler {
    private static final System.Logger LOG = System.getLogger(SocketTransport.class.getName());

    private final EventLoop loop;
    private final SocketChannel channel;
    private TransportHandler handler;
    private SelectionKey key;
    private int interestOps;
    private boolean closed;
    /** Known once connected; kept so the address survives the close. */
    private volatile InetSocketAddress remoteAddress;

    private SocketTransport(EventLoop loop, SocketChannel channel, TransportHandler handler) {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
    }

    /**
     * Takes an accepted (or otherwise connected) socket onto {@code loop}, with no interest yet: set
     * the {@linkplain #handler handler} before asking for events. Loop thread.
     */
    public static SocketTransport adopt(EventLoop loop, SocketChannel channel) throws IOException {
        configure(channel);
        SocketTransport transport = new SocketTransport(loop, channel, null);
        transport.remoteAddress = addressOf(channel);
        transport.register(0);
        return transport;
    }

    /**
     * Starts connecting to {@code address}, an {@link InetSocketAddress} or a
     * {@link UnixDomainSocketAddress}; {@code handler} learns the outcome through
     * {@link TransportHandler#onConnected} or {@link TransportHandler#onConnectFailed}. Loop thread.
     *
     * @throws IOException if no socket could be opened, or the connect failed at once (the handler is
     *     not told)
     */
    public static SocketTransport connect(EventLoop loop, SocketAddress address, TransportHandler handler)
            throws IOException {
        boolean unix = address instanceof UnixDomainSocketAddress;
        SocketChannel channel = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        SocketTransport transport;
        try {
            configure(channel);
            transport = new SocketTransport(loop, channel, handler);
            if (connectNow(channel, address, unix)) {
                transport.remoteAddress = addressOf(channel);
                transport.register(0);
                loop.defer(handler::onConnected); // not from inside the caller's own call
            } else {
                transport.register(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return transport;
    }

    /**
     * A Unix domain socket connects or fails at once, and the JDK's error ("No such file or
     * directory", "Connection refused") does not say which socket: the path is added, as Node's
     * {@code connect ENOENT /path} has it.
     */
    private static boolean connectNow(SocketChannel channel, SocketAddress address, boolean unix) throws IOException {
        try {
            return channel.connect(address);
        } catch (IOException e) {
            if (!unix) {
                throw e;
            }
            ConnectException named = new ConnectException(e.getMessage() + ": " + address);
            named.initCause(e);
            throw named;
        }
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        // Nagle's algorithm only exists on TCP; a Unix domain socket has no such option.
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    /** The peer's IP address; null for a Unix domain socket (as Node's {@code remoteAddress}) or when unknown. */
    private static InetSocketAddress addressOf(SocketChannel channel) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof InetSocketAddress ? (InetSocketAddress) remote : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void register(int ops) throws IOException {
        interestOps = ops;
        key = loop.register(channel, ops, this);
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void handler(TransportHandler next) {
        this.handler = next;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return length == 1 ? channel.write(sources[offset]) : channel.write(sources, offset, length);
    }

    @Override
    public int write(ByteBuffer source) throws IOException {
        return channel.write(source);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            Failures.log(LOG, Level.DEBUG, "Error closing channel", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public void readInterest(boolean on) {
        interest(SelectionKey.OP_READ, on);
    }

    @Override
    public void writeInterest(boolean on) {
        interest(SelectionKey.OP_WRITE, on);
    }

    private void interest(int op, boolean on) {
        int ops = on ? interestOps | op : interestOps & ~op;
        if (ops != interestOps && key != null && key.isValid()) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    // ---------------------------------------------------------------- EventLoop.IoHandler

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            handler.onWritable();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
            handler.onReadable();
        }
    }

    private void finishConnect() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            handler.onConnectFailed(e);
            return;
        }
        remoteAddress = addressOf(channel);
        interest(SelectionKey.OP_CONNECT, false);
        handler.onConnected();
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        handler.onLoopShutdown(cause);
    }

    @Override
    public void onUnexpectedError(SelectionKey readyKey, Throwable error) {
        handler.onUnexpectedError(error);
    }
}
