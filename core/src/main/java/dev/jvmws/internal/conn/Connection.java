package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.Failures;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.Opcode;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One upgraded connection: the glue between its {@link Transport}, its {@link WireCodec} and the
 * {@link ConnectionListener} above, with the closing policy. The lifecycle is {@link ConnectionState}'s;
 * the handshake before it belongs to the server's and client's upgrade classes, which hand the
 * transport over through {@link #open}.
 *
 * <p>All state lives on the transport's event loop; the public methods are safe from any thread and
 * hand over to the loop when called elsewhere.
 *
 * <p>Closing (RFC 6455 §7.1.1: the server closes TCP first): once the queue is flushed after a clean
 * closing handshake, a server closes the socket at once (nothing but the client's FIN can follow
 * its close frame). A client after the handshake, and either side after failing the connection,
 * shuts its output down, drains input until the peer's end-of-stream and then closes (half-closing
 * lets the peer read our close frame before the FIN, never a reset); the close timer bounds the wait.
 */
public final class Connection implements TransportHandler, EventLoop.Flushable, MessageAssembler.Listener {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final VarHandle BUFFERED_AMOUNT;

    static {
        try {
            BUFFERED_AMOUNT = MethodHandles.lookup().findVarHandle(Connection.class, "bufferedAmount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final EventLoop loop;
    private final Transport transport;
    private final boolean client;
    private final ConnectionConfig config;
    private final ConnectionListener listener;
    private final WireCodec codec;
    private final ConnectionState state = new ConnectionState();
    private final Outbound out;
    /** Not reading on the user's request; read from any thread. */
    private volatile boolean paused;
    /** Bytes read but not yet decoded: early frames behind the HTTP head, or input left while paused. */
    private ByteBuffer pendingInput;
    /** Input left by a slice of work that yielded waits for {@link #continueInput} on the next turn. */
    private boolean continuing;
    /** After our close or a failure: input is read only to see the peer's end of stream. */
    private boolean draining;
    private boolean channelClosed;
    private boolean errorReported;
    private EventLoop.Timer closeTimer;
    /** The server's budget for unfinished messages; null for clients. */
    private final MessageMemoryGate memory;
    /** Automatic pongs queued and not yet written: a peer that pings without reading can't grow the queue. */
    private int pendingAutoPongs;
    /** Frame bytes queued and not yet written; read from any thread, changed by senders and the loop. */
    private volatile long bufferedAmount;

    private Connection(Transport transport, boolean client, ConnectionConfig config, ConnectionListener listener) {
        this.loop = transport.loop();
        this.transport = transport;
        this.client = client;
        this.config = config;
        this.listener = listener;
        this.codec = new Rfc6455Codec(this, config, loop.maskGenerator, loop.zlibPool);
        this.out = new Outbound(this, loop, transport);
        this.memory = config.messageMemory() == null ? null : new MessageMemoryGate(this, loop, config.messageMemory());
    }

    /**
     * Takes over {@code transport} after an accepted upgrade: writes {@code response} (the 101; null on
     * the client side), opens, runs {@code onOpen} before any frame event, then decodes {@code early}
     * (bytes that followed the HTTP head; may be null). Loop thread.
     */
    public static Connection open(Transport transport, boolean client, ConnectionConfig config,
            ConnectionListener listener, byte[] response, ByteBuffer early, Consumer<Connection> onOpen) {
        Connection connection = new Connection(transport, client, config, listener);
        transport.handler(connection);
        connection.start(response, early, onOpen);
        return connection;
    }

    private void start(byte[] response, ByteBuffer early, Consumer<Connection> onOpen) {
        if (response != null) {
            out.writeHttpHead(response);
        }
        state.opened();
        try {
            onOpen.accept(this);
        } catch (Throwable e) {
            failInternally(e);
            return;
        }
        if (early != null && early.hasRemaining() && !paused) {
            decode(early);
        } else if (early != null && early.hasRemaining()) {
            pendingInput = early;
        }
        if (!channelClosed) {
            // Early frames may have ended the connection already (a close frame right behind the
            // 101): keep reading anyway, to see the peer's end-of-stream.
            transport.readInterest(draining || (!paused && !continuing));
        }
    }

    // ---------------------------------------------------------------- accessors (any thread)

    public ConnectionState.Ready readyState() {
        return state.ready();
    }

    public long bufferedAmount() {
        return bufferedAmount;
    }

    /** The send-queue cap ({@code maxBufferedBytes}); 0 for none. */
    public long maxBufferedBytes() {
        return config.maxBufferedBytes();
    }

    public boolean isPaused() {
        return paused;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    // ---------------------------------------------------------------- sending (any thread)

    /**
     * Sends a data frame ({@code opcode} TEXT or BINARY; a frame continuing an unfinished message is
     * sent as CONTINUATION). Large payloads are not copied: their bytes must not change until
     * {@code done} completes. {@code mask} null means "as the role requires". {@code compress} asks
     * for permessage-deflate when negotiated; the first frame of a message decides for all its frames.
     *
     * @return false, sending nothing, when the queue already holds {@code maxBufferedBytes}
     */
    public boolean send(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            CompletableFuture<Void> done) {
        if (!reserveBuffered(codec.frameBytes(payload.remaining(), mask))) {
            return false;
        }
        loop.run(() -> sendData(opcode, payload, fin, compress, mask, done));
        return true;
    }

    /** Sends a ping or pong (payload ≤ 125 bytes, checked by the caller); it may pass queued data frames. */
    public void sendControl(int opcode, ByteBuffer payload, Boolean mask, CompletableFuture<Void> done) {
        addBuffered(codec.frameBytes(payload.remaining(), mask));
        loop.run(() -> {
            if (!state.canSend()) {
                done.completeExceptionally(notOpen());
                return;
            }
            out.queueControl(codec.encodeControl(opcode, payload, mask, out.control()), done);
        });
    }

    /**
     * Counts {@code bytes} into bufferedAmount unless that would pass the cap. An empty queue takes
     * one message of any size: a cap below a message's size must not make that message unsendable.
     */
    private boolean reserveBuffered(long bytes) {
        long limit = config.maxBufferedBytes();
        while (true) {
            long current = bufferedAmount;
            if (limit > 0 && current > 0 && current + bytes > limit) {
                return false;
            }
            if (BUFFERED_AMOUNT.compareAndSet(this, current, current + bytes)) {
                return true;
            }
        }
    }

    void addBuffered(long bytes) {
        // Cast to the handle's own return type, so the call links exactly, without an adapter.
        long unused = (long) BUFFERED_AMOUNT.getAndAdd(this, bytes);
    }

    private void sendData(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            CompletableFuture<Void> done) {
        if (!state.canSend()) {
            done.completeExceptionally(notOpen());
            return;
        }
        int counted = codec.frameBytes(payload.remaining(), mask);
        long queued;
        try {
            queued = codec.encodeData(opcode, payload, fin, compress, mask, out.data());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            failInternally(e);
            return;
        }
        addBuffered(queued - counted); // compression changed the frame's size
        out.queueData(done);
    }

    /**
     * Starts the closing handshake with a close frame carrying {@code payload} (see
     * {@link FrameWriter#closePayload}). Sends already made go out first.
     */
    public void close(ByteBuffer payload) {
        state.startClosing();
        loop.run(() -> {
            if (!state.isClosed() && !state.hasSentClose()) {
                sendClose(payload);
                startCloseTimer();
            }
        });
    }

    /** Closes the socket at once, without a closing handshake. */
    public void terminate() {
        loop.run(() -> closeChannel(null));
    }

    public void pause() {
        loop.run(() -> {
            if (state.isClosed() || paused) {
                return;
            }
            paused = true;
            codec.suspend(true);
            transport.readInterest(false);
        });
    }

    public void resume() {
        loop.run(() -> {
            if (!paused) {
                return;
            }
            paused = false;
            codec.suspend(false);
            if (pendingInput != null) {
                // On the next turn, not now: resume() may be called from inside a callback of this
                // connection (a send's completion, a message), which must not re-enter the parser.
                continueLater();
            } else if (!channelClosed && !isWaitingForMemory()) {
                transport.readInterest(true);
            }
        });
    }

    /** Deliver binary messages as their frames' payloads (applies from the next message). */
    public void keepFragments(boolean keep) {
        loop.run(() -> codec.keepFragments(keep));
    }

    private void sendClose(ByteBuffer payload) {
        if (state.hasSentClose()) {
            return;
        }
        state.closeSent();
        addBuffered(codec.frameBytes(payload.remaining(), null));
        codec.encodeControl(Opcode.CLOSE, payload, null, out.data());
        out.queueData(null);
    }

    private IllegalStateException notOpen() {
        ConnectionState.Ready ready = state.ready();
        return new IllegalStateException("WebSocket is not open: readyState " + ready.ordinal() + " (" + ready + ")");
    }

    // ---------------------------------------------------------------- input (loop thread)

    @Override
    public void onReadable() {
        if (memory != null && !draining && memory.mustWait(codec.isInsideMessage())) {
            memory.await();
            return;
        }
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int count;
        try {
            count = transport.read(buffer);
        } catch (IOException e) {
            ioFailed(e);
            return;
        }
        if (count < 0) {
            closeChannel(null);
            return;
        }
        buffer.flip();
        if (draining) {
            buffer.position(buffer.limit()); // the closing handshake is over: only the end of stream matters
        } else {
            decode(buffer);
        }
        // Everything this read produced leaves now, in one write, rather than after the whole batch of
        // ready sockets: with many connections that wait would be added to every echo.
        flushIfDirty();
    }

    private void decode(ByteBuffer input) {
        codec.decode(input);
        if (input.hasRemaining() && !codec.isFinished() && !channelClosed) {
            if (paused) {
                pendingInput = copyOf(input);
            } else if (codec.hasYielded()) {
                pendingInput = copyOf(input);
                continueLater();
            }
        }
        input.position(input.limit());
    }

    /**
     * Decodes {@link #pendingInput} on the next turn of the loop, not reading the socket until it is
     * consumed: the other connections of the loop are served in between.
     */
    private void continueLater() {
        transport.readInterest(false);
        if (!continuing) {
            continuing = true;
            loop.defer(this::continueInput);
        }
    }

    private void continueInput() {
        continuing = false;
        if (channelClosed || paused) {
            return; // resume() continues
        }
        if (memory != null && !draining && memory.mustWait(codec.isInsideMessage())) {
            // A message inflating from input already read grows without reading: it waits for the
            // budget too (measured: 20 decompression bombs inflating side by side held 3.5 GiB).
            memory.await();
            return;
        }
        ByteBuffer pending = pendingInput;
        pendingInput = null;
        if (pending != null && !draining) {
            decode(pending);
        }
        if (!channelClosed && !paused && !continuing && !isWaitingForMemory()) {
            transport.readInterest(true);
        }
    }

    private boolean isWaitingForMemory() {
        return memory != null && memory.isWaiting();
    }

    void stopReadingForMemory() {
        transport.readInterest(false);
    }

    /** The message memory budget let this connection go on. */
    void readOnAfterMemory() {
        if (paused || continuing) {
            return;
        }
        if (pendingInput != null) {
            continueLater();
        } else {
            transport.readInterest(true);
        }
    }

    boolean isChannelClosed() {
        return channelClosed;
    }

    long heldBytes() {
        return codec.heldBytes();
    }

    @Override
    public void onWritable() {
        out.flush();
    }

    @Override
    public void flushIfDirty() {
        out.flushIfDirty();
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        closeChannel(cause);
    }

    /** A bug here or an error from a user callback that escaped the guards: fail this connection (1011). */
    @Override
    public void onUnexpectedError(Throwable error) {
        Failures.log(LOG, Level.ERROR, "Unexpected error on a connection; failing it with 1011", error);
        if (!state.isClosed() && !channelClosed) {
            fail(CloseCode.INTERNAL_ERROR, error);
            out.flushIfDirty();
        }
    }

    @Override
    public void onFlushFailed(Throwable error) {
        onUnexpectedError(error);
    }

    void ioFailed(IOException error) {
        // Failing while closing is the expected end of many peers: only an open connection reports it.
        closeChannel(state.isOpen() && !state.hasReceivedClose() ? error : null);
    }

    // ---------------------------------------------------------------- events from the codec (loop thread)

    @Override
    public void onText(String text) {
        deliver(() -> listener.onText(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        deliver(() -> listener.onBinary(data));
    }

    @Override
    public void onBinaryFragments(List<ByteBuffer> fragments) {
        deliver(() -> listener.onBinaryFragments(fragments));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        if (config.autoPong() && state.isOpen() && !state.hasSentClose()) {
            if (config.maxPendingAutoPongs() > 0 && pendingAutoPongs >= config.maxPendingAutoPongs()) {
                // The peer pings and doesn't read our pongs: queueing more would grow without bound.
                fail(CloseCode.POLICY_VIOLATION, new WebSocketProtocolException(CloseCode.POLICY_VIOLATION,
                        "Too many pings: " + pendingAutoPongs + " pongs are still waiting to be written"));
                return;
            }
            pendingAutoPongs++;
            CompletableFuture<Void> written = new CompletableFuture<>();
            written.whenComplete((ignored, error) -> pendingAutoPongs--); // on the loop: the queue completes it
            addBuffered(codec.frameBytes(payload.remaining(), null));
            out.queueControl(codec.encodeControl(Opcode.PONG, payload, null, out.control()), written);
        }
        deliver(() -> listener.onPing(payload));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        deliver(() -> listener.onPong(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        state.closeReceived(code, reason);
        // RFC 6455 §5.5.1: answer with a close frame echoing the status code (none if none was sent).
        sendClose(code == CloseCode.NO_STATUS_RECEIVED ? ByteBuffer.allocate(0) : FrameWriter.closePayload(code, reason));
        draining = true;
        out.closeWhenFlushed();
        startCloseTimer();
    }

    @Override
    public void onViolation(WebSocketProtocolException error) {
        fail(error.closeCode(), error);
    }

    @Override
    public void onHeldBytesChanged(long deltaBytes) {
        if (memory != null) {
            memory.heldBytesChanged(deltaBytes, codec.heldBytes());
        }
    }

    /** Runs a listener callback: if it throws, the connection fails with 1011 (fatal errors go on up). */
    private void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    // ---------------------------------------------------------------- failing and closing (loop thread)

    /** Fails with {@code code} (the memory budget's 1013). */
    void failWith(int code, Throwable error) {
        fail(code, error);
    }

    /** Fails the connection (RFC 6455 §7.1.7): report, send a close frame with {@code code}, drop. */
    private void fail(int code, Throwable error) {
        if (channelClosed) {
            return;
        }
        reportError(error);
        state.failed();
        sendClose(FrameWriter.closePayload(code, ""));
        codec.releaseDecoder();
        if (memory != null) {
            memory.stopWaiting();
        }
        draining = true;
        out.closeWhenFlushed();
        startCloseTimer();
    }

    private void failInternally(Throwable e) {
        Failures.rethrowIfFatal(e);
        Failures.log(LOG, Level.DEBUG, "Listener threw; closing the connection with 1011", e);
        fail(CloseCode.INTERNAL_ERROR, e);
    }

    private void reportError(Throwable error) {
        if (errorReported || error == null) {
            return;
        }
        errorReported = true;
        try {
            listener.onError(error);
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.WARNING, "Listener threw from onError; ignored", e);
        }
    }

    /** The queue is flushed after the closing handshake or a failure: close now, or half-close and drain. */
    void flushedForClose() {
        if (!client && state.isCleanClose()) {
            // A clean closing handshake, both close frames passed: the peer may send nothing more but
            // its FIN, so nothing unread can turn our close into a reset. The server closes TCP now
            // (RFC 6455 §7.1.1) rather than half-closing and waiting for the FIN, which would cost a
            // shutdown, a wake-up and a read more per connection. After a failure (no close frame
            // from the peer yet) it still half-closes and drains, so the peer reads our close frame
            // before any reset.
            closeChannel(null);
            return;
        }
        state.outputShut();
        try {
            transport.shutdownOutput();
        } catch (IOException e) {
            closeChannel(null);
            return;
        }
        if (paused || isWaitingForMemory()) {
            transport.readInterest(true); // drain to end-of-stream regardless
        }
    }

    private void startCloseTimer() {
        if (closeTimer == null) {
            closeTimer = loop.schedule(() -> {
                closeTimer = null;
                closeChannel(null);
            }, config.closeTimeoutNanos());
        }
    }

    /** Closes the socket and reports the end. {@code error}, if any, is reported first. */
    void closeChannel(Throwable error) {
        if (channelClosed) {
            return;
        }
        if (error != null) {
            reportError(error);
        }
        channelClosed = true;
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
        if (memory != null) {
            memory.release();
        }
        out.close(state.isOutputShut());
        transport.close();
        codec.release();
        pendingInput = null;
        state.closed();
        try {
            listener.onClosed(state.closeCode(), state.closeReason(), state.isCleanClose());
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.WARNING, "Listener threw from onClose; ignored", e);
        }
    }

    private static ByteBuffer copyOf(ByteBuffer input) {
        ByteBuffer copy = ByteBuffer.allocate(input.remaining());
        copy.put(input);
        return copy.flip();
    }
}
