package dev.jvmws.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the load generator: non-blocking connect, the hand-written upgrade, then
 * sending pre-built messages and counting the replies. Outgoing bytes are only ever views of shared,
 * pre-built buffers: the handshake request, then batches of the workload's {@link Message}, then at
 * most one control frame (a close). Reads go through the loop's shared buffer. On a wss target the
 * same bytes go through a {@link TlsSession}, whose handshake comes first.
 *
 * <p>Lifecycle: connecting → (TLS handshake →) upgrading (request written, response being read) →
 * open → closed. A raw TCP target is open as soon as it is connected. Not thread-safe: owned by one
 * {@link LoadLoop}; other threads reach it through {@link LoadLoop#execute}.
 */
public final class LoadConnection {
    private final LoadLoop loop;
    private final Target target;
    private final ConnectionBehavior behavior;
    private final ReplyCounter replies;
    private final Message message;
    private final ByteBuffer messages;

    private SocketChannel channel;
    private TlsSession tls;
    private SelectionKey key;
    private int interestOps;
    private OpenListener openListener;
    private long startedNanos;

    private ByteBuffer request;
    private UpgradeResponseReader response;
    private boolean open;
    private boolean closed;
    private boolean closeFrameReported;

    private long pendingMessages;
    /** The variant of {@link #message} the next send starts with. */
    private int nextVariant;
    private ByteBuffer control;
    private long messagesReceived;
    private String extensions;
    private Object attachment;

    /** Told when the connection opens or fails before opening (used to pace connection opening). */
    interface OpenListener {
        void onOpened(LoadConnection connection);

        void onOpenFailed(LoadConnection connection, String reason);
    }

    /**
     * A connection on {@code loop} to {@code target} that sends {@code message} (null: it sends no data
     * messages) and reports to {@code behavior}. Nothing happens until {@link #start}.
     */
    LoadConnection(LoadLoop loop, Target target, Message message, ConnectionBehavior behavior) {
        this.loop = loop;
        this.target = target;
        this.behavior = behavior;
        this.message = message;
        this.messages = message == null ? null : message.newView();
        this.replies = message != null ? message.newReplyCounter()
                : new ServerFrameReader(target.offersPerMessageDeflate());
    }

    /** Opens the socket, bound to {@code source} (null: any), and starts connecting. Loop thread only. */
    void start(InetSocketAddress source, OpenListener listener) {
        this.openListener = listener;
        this.startedNanos = System.nanoTime();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            // Lets bind() pick a port still in TIME_WAIT from an earlier run (Linux allows it when
            // both sockets set SO_REUSEADDR); loopback connects may reuse the 4-tuple (tcp_tw_reuse).
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (source != null) {
                channel.bind(source);
            }
            boolean connected = channel.connect(target.server());
            key = channel.register(loop.selector(), 0, this);
            if (connected) {
                onConnected();
            } else {
                setInterest(SelectionKey.OP_CONNECT);
            }
        } catch (IOException | RuntimeException e) {
            fail(describe(e));
        }
    }

    /** Queues {@code count} more messages; they leave in batches as the socket accepts them. */
    public void sendMessages(long count) {
        if (messages == null) {
            throw new IllegalStateException("this connection has no message to send");
        }
        pendingMessages += count;
        flushSafely();
    }

    /** Queues one pre-built control frame (a view the caller gives up), sent after queued messages. */
    public void sendControl(ByteBuffer frame) {
        if (control != null) {
            throw new IllegalStateException("a control frame is already queued");
        }
        control = frame;
        flushSafely();
    }

    /**
     * Closes the socket now (no WebSocket close handshake; over TLS, close_notify if the socket takes
     * it at once), without reporting to the behavior. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tls != null) {
            tls.closeQuietly();
        }
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing is left to release; the kernel has the socket.
            }
        }
    }

    /** Called by the loop with the ready operations of this connection's key. */
    void handle(int readyOps) {
        try {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                if (!channel.finishConnect()) {
                    return;
                }
                onConnected();
            }
            if (!closed && (readyOps & SelectionKey.OP_WRITE) != 0) {
                flush();
            }
            if (!closed && (readyOps & SelectionKey.OP_READ) != 0) {
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail(describe(e));
        }
    }

    public LoadLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return open && !closed;
    }

    /** Complete data messages received since the connection opened. */
    public long messagesReceived() {
        return messagesReceived;
    }

    /**
     * The server's {@code Sec-WebSocket-Extensions} answer, or null; set before the connection opens,
     * so readable by whoever waited for the opening.
     */
    public String extensions() {
        return extensions;
    }

    /** Of {@link #messagesReceived()}, those that arrived compressed (RSV1 set). */
    public long compressedReceived() {
        return replies.compressedMessages();
    }

    /** {@link System#nanoTime()} when {@link #start} was called. */
    public long startedNanos() {
        return startedNanos;
    }

    /** Per-connection state a behavior keeps here (like {@link SelectionKey#attachment()}). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        attachment = value;
    }

    private void onConnected() throws IOException {
        if (target.isRaw()) {
            setInterest(SelectionKey.OP_READ);
            becomeOpen();
            return;
        }
        if (target.isTls()) {
            setInterest(SelectionKey.OP_READ);
            tls = new TlsSession(target.tls().newEngine(), loop, channel, new TlsSession.Owner() {
                @Override
                public void onEstablished() throws IOException {
                    startUpgrade();
                }

                @Override
                public void onPlaintext(ByteBuffer data) throws IOException {
                    LoadConnection.this.onPlaintext(data);
                }

                @Override
                public boolean isClosed() {
                    return closed;
                }
            });
            tls.begin();
            if (tls.hasUnsent()) {
                setInterest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return;
        }
        startUpgrade();
    }

    /** Sends the upgrade request: once connected, or over TLS once the handshake finished. */
    private void startUpgrade() throws IOException {
        request = target.newUpgradeRequestView();
        response = new UpgradeResponseReader(target.offersPerMessageDeflate());
        setInterest(SelectionKey.OP_READ);
        flush();
    }

    private void becomeOpen() {
        open = true;
        OpenListener listener = openListener;
        openListener = null;
        if (listener != null) {
            listener.onOpened(this);
        }
        if (!closed) {
            behavior.onOpen(this);
        }
    }

    private void read() throws IOException {
        if (tls != null) {
            boolean more = tls.read();
            if (closed) {
                return;
            }
            if (!more) {
                onEndOfStream();
            } else if (tls.hasUnsent()) {
                setInterest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return;
        }
        ByteBuffer in = loop.readBuffer();
        in.clear();
        int n = channel.read(in);
        if (n < 0) {
            onEndOfStream();
            return;
        }
        if (n == 0) {
            return;
        }
        in.flip();
        onPlaintext(in);
    }

    /** Bytes from the server (decrypted, on a wss target): the upgrade response, then frames. */
    private void onPlaintext(ByteBuffer in) {
        if (response != null) {
            if (!response.consume(in)) {
                return;
            }
            String rejection = response.rejection();
            extensions = response.extensions();
            response = null;
            if (rejection != null) {
                fail(rejection);
                return;
            }
            becomeOpen();
            if (closed) {
                return;
            }
        }
        if (!in.hasRemaining()) {
            return;
        }
        int completed = replies.consume(in);
        if (completed > 0) {
            messagesReceived += completed;
            behavior.onReplies(this, completed, System.nanoTime());
        }
        if (!closed && !closeFrameReported && replies.isCloseReceived()) {
            closeFrameReported = true;
            behavior.onCloseFrame(this);
        }
    }

    private void onEndOfStream() {
        if (closeFrameReported) {
            close();
            behavior.onClosed(this, null);
        } else if (open) {
            fail("server closed the connection");
        } else if (tls != null && !tls.isEstablished()) {
            fail("server closed the connection during the TLS handshake");
        } else {
            fail("server closed the connection during the handshake");
        }
    }

    private void flushSafely() {
        if (closed || !open) {
            return;
        }
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            fail(describe(e));
        }
    }

    /** Writes until everything queued is out or the socket is full (then waits for OP_WRITE). */
    private void flush() throws IOException {
        if (tls != null) {
            flushTls();
            return;
        }
        while (true) {
            ByteBuffer out = nextOutput();
            if (out == null) {
                setInterest(SelectionKey.OP_READ);
                return;
            }
            channel.write(out);
            if (out.hasRemaining()) {
                setInterest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    /** {@link #flush()} through TLS: waiting ciphertext first, nothing but the handshake before it is done. */
    private void flushTls() throws IOException {
        if (!tls.flushUnsent()) {
            setInterest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
        }
        if (!tls.isEstablished()) {
            setInterest(SelectionKey.OP_READ);
            return;
        }
        while (true) {
            ByteBuffer out = nextOutput();
            if (out == null) {
                setInterest(SelectionKey.OP_READ);
                return;
            }
            if (!tls.write(out)) {
                setInterest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
        }
    }

    /** The buffer to write next, or null when nothing is queued. */
    private ByteBuffer nextOutput() {
        if (request != null) {
            if (request.hasRemaining()) {
                return request;
            }
            request = null;
        }
        if (!open) {
            return null;
        }
        if (messages != null) {
            if (messages.hasRemaining()) {
                return messages;
            }
            if (pendingMessages > 0) {
                int batch = (int) Math.min(pendingMessages, message.maxBatch());
                pendingMessages -= batch;
                message.select(messages, nextVariant, batch);
                nextVariant = (nextVariant + batch) % message.variants();
                return messages;
            }
        }
        if (control != null) {
            if (control.hasRemaining()) {
                return control;
            }
            control = null;
        }
        return null;
    }

    private void setInterest(int ops) {
        if (ops != interestOps && key != null && key.isValid()) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    private void fail(String reason) {
        if (closed) {
            return;
        }
        close();
        OpenListener listener = openListener;
        openListener = null;
        if (listener != null) {
            listener.onOpenFailed(this, reason);
        } else {
            behavior.onClosed(this, reason);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
