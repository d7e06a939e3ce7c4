package dev.jvmws.internal.conn;

import dev.jvmws.internal.client.ClientHandshakeHandler;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.Failures;
import dev.jvmws.internal.server.UpgradeHandler;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.MessageDeflater;
import dev.jvmws.extension.MessageInflater;
import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeadParser;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.MaskGenerator;
import dev.jvmws.protocol.Masking;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.Opcode;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One TCP connection from accept (or connect) to close: the HTTP upgrade exchange, then WebSocket
 * frames, the closing handshake and the teardown. All state lives on the connection's event loop;
 * public methods are safe from any thread and hand over to the loop when called elsewhere.
 *
 * <p>Ready states (what users see): {@code CONNECTING} until the upgrade is accepted, {@code OPEN},
 * {@code CLOSING} once a close frame was sent or received or the connection failed, {@code CLOSED}
 * once the socket is closed. Input phases (what bytes mean): an HTTP head, an HTTP body (client, non-101
 * responses), frames, or nothing but a drain to end-of-stream after the closing handshake.
 *
 * <p>Closing (RFC 6455 §7.1.1: the server closes TCP first): once the queue is flushed after a clean
 * closing handshake, a server closes the socket at once (nothing but the client's FIN can follow
 * its close frame). A client after the handshake, and either side after failing the connection,
 * shuts its output down, drains input until the peer's end-of-stream and then closes (half-closing
 * lets the peer read our close frame before the FIN, never a reset); the close timer bounds the wait.
 */
public final class Connection implements EventLoop.IoHandler, MessageAssembler.Listener {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    public static final int CONNECTING = 0;
    public static final int OPEN = 1;
    public static final int CLOSING = 2;
    public static final int CLOSED = 3;

    private static final int READ_HEAD = 0;
    private static final int AWAIT_DECISION = 1;
    private static final int READ_BODY = 2;
    private static final int READ_FRAMES = 3;
    private static final int DRAIN = 4;

    /** Payloads up to this size are copied next to their header; larger ones are queued uncopied. */
    private static final int COPY_THRESHOLD_BYTES = 8 * 1024;
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;
    private static final long REJECT_LINGER_NANOS = 2_000_000_000L;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final boolean client;
    private final OutboundQueue queue;
    /** Bytes of frames queued and not yet written; read from any thread, changed on the loop. */
    private volatile long bufferedAmount;
    private final InetSocketAddress remoteAddress;
    private SelectionKey key;
    private int interestOps;

    private volatile int readyState = CONNECTING;
    private static final java.lang.invoke.VarHandle READY_STATE;
    private static final java.lang.invoke.VarHandle BUFFERED_AMOUNT;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            READY_STATE = lookup.findVarHandle(Connection.class, "readyState", int.class);
            BUFFERED_AMOUNT = lookup.findVarHandle(Connection.class, "bufferedAmount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
    private volatile boolean paused;
    private int phase = READ_HEAD;
    private boolean dirty;
    private boolean closeWhenFlushed;
    private boolean outputShut;
    private boolean channelClosed;
    private EventLoop.Timer timer;
    /** Bytes of a queued HTTP head not yet written. */
    private long unsentHttpBytes;

    private HttpHeadParser headParser;
    private UpgradeHandler upgradeHandler;
    private ClientHandshakeHandler clientHandler;
    private HttpHead responseHead;
    private byte[] body;
    private int bodyLength;
    private long bodyExpected;
    /** Bytes read but not yet parsed: early frames behind the HTTP head, or input left while paused. */
    private ByteBuffer pendingInput;

    private ConnectionConfig config;
    private ConnectionListener listener;
    private MessageAssembler.Limits limits;
    private MessageAssembler assembler;
    private FrameParser parser;
    private MaskGenerator maskGenerator;
    /** {@link #keepFragments}' setting, kept here until the assembler exists. */
    private boolean keepFragments;
    private boolean sendingFragmentedMessage;
    /** Set when permessage-deflate was negotiated; compresses what we send. */
    private MessageDeflater deflater;
    /** Whether the message being sent (possibly in fragments) is compressed: decided by its first frame. */
    private boolean compressingMessage;
    private boolean closeSent;
    private boolean closeReceived;
    private int receivedCloseCode = CloseCode.ABNORMAL_CLOSURE;
    private String receivedCloseReason = "";
    private boolean errorReported;

    /** The send-queue cap from the config; written before OPEN is published, read by senders on any thread. */
    private volatile long maxBufferedBytes;
    /** The server's budget for unfinished messages; null for clients. */
    private MessageMemoryBudget messageMemory;
    /** Not reading until {@link #messageMemory} frees (see {@link #awaitMessageMemory}). */
    private boolean awaitingMemory;
    private EventLoop.Timer memoryTimer;
    /** When {@link #heldBytes()} last changed: a leader that stopped growing is stalled. Read from other loops. */
    private volatile long heldChangedNanos;
    /** Automatic pongs queued and not yet written: a peer that pings without reading can't grow the queue. */
    private int pendingAutoPongs;
    /** Input left by a slice of work that yielded waits for {@link #continueInput} on the next turn of the loop. */
    private boolean continuing;

    private Connection(EventLoop loop, SocketChannel channel, boolean client) {
        this.loop = loop;
        this.channel = channel;
        this.client = client;
        this.queue = new OutboundQueue(loop.chunkPool);
        queue.onWritten(this::written);
        InetSocketAddress remote = null;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException | ClassCastException e) {
            // not yet connected (client) or not an inet socket; filled in later when possible
        }
        this.remoteAddress = remote;
    }

    // ---------------------------------------------------------------- creation

    /** Takes an accepted socket onto {@code loop} and starts reading its upgrade request. */
    public static void accepted(EventLoop loop, SocketChannel channel, UpgradeHandler handler, int maxHeadBytes,
            long handshakeTimeoutNanos) {
        loop.execute(() -> {
            Connection connection = new Connection(loop, channel, false);
            connection.upgradeHandler = handler;
            connection.headParser = HttpHeadParser.forRequests(maxHeadBytes);
            if (connection.registerFor(SelectionKey.OP_READ) && handshakeTimeoutNanos > 0) {
                connection.timer = loop.schedule(connection::handshakeTimedOut, handshakeTimeoutNanos);
            }
        });
    }

    /**
     * Adopts a socket whose upgrade request was already read elsewhere ({@code noServer} mode); the
     * caller decides with {@link #acceptUpgrade} or {@link #rejectUpgrade}. {@code head} holds bytes
     * that followed the request (may be null).
     */
    public static Connection adopt(EventLoop loop, SocketChannel channel, ByteBuffer head) throws IOException {
        channel.configureBlocking(false);
        configure(channel);
        Connection connection = new Connection(loop, channel, false);
        connection.phase = AWAIT_DECISION;
        if (head != null && head.hasRemaining()) {
            connection.pendingInput = copyOf(head);
        }
        loop.execute(() -> connection.registerFor(0));
        return connection;
    }

    /** Opens a client connection: connect, send {@code request}, read the response. */
    public static Connection connect(EventLoop loop, InetSocketAddress address, byte[] request,
            ClientHandshakeHandler handler, int maxHeadBytes, long handshakeTimeoutNanos) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.configureBlocking(false);
            configure(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        Connection connection = new Connection(loop, channel, true);
        connection.clientHandler = handler;
        connection.headParser = HttpHeadParser.forResponses(maxHeadBytes);
        loop.execute(() -> {
            if (connection.channelClosed) {
                return;
            }
            if (handshakeTimeoutNanos > 0) {
                connection.timer = loop.schedule(connection::handshakeTimedOut, handshakeTimeoutNanos);
            }
            try {
                connection.queueHttpHead(ByteBuffer.wrap(request));
                if (channel.connect(address)) {
                    connection.registerFor(SelectionKey.OP_READ);
                    connection.flush();
                } else {
                    connection.registerFor(SelectionKey.OP_CONNECT);
                }
            } catch (IOException | RuntimeException e) {
                connection.handshakeFailed(e);
            }
        });
        return connection;
    }

    public static void configure(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private boolean registerFor(int ops) {
        try {
            interestOps = ops;
            key = loop.register(channel, ops, this);
            return true;
        } catch (IOException e) {
            closeChannel(e);
            return false;
        }
    }

    // ---------------------------------------------------------------- accessors (any thread)

    public int readyState() {
        return readyState;
    }

    public long bufferedAmount() {
        return bufferedAmount;
    }

    public boolean isPaused() {
        return paused;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public InetSocketAddress remoteAddress() {
        if (remoteAddress != null) {
            return remoteAddress;
        }
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- upgrade decisions

    /**
     * Accepts the upgrade: writes {@code response} (the 101, or null on the client side), switches to
     * frames and runs {@code onOpen} before any frame event. Safe from any thread.
     */
    public void acceptUpgrade(byte[] response, ConnectionConfig connectionConfig, ConnectionListener events,
            Runnable onOpen) {
        loop.run(() -> {
            if (channelClosed) {
                return; // the peer left while the upgrade was being decided
            }
            cancelTimer();
            config = connectionConfig;
            listener = events;
            maskGenerator = config.maskGenerator() != null ? config.maskGenerator() : loop.maskGenerator;
            messageMemory = config.messageMemory();
            maxBufferedBytes = config.maxBufferedBytes();
            DeflateParameters deflate = config.deflate();
            if (deflate != null) {
                // Frames we send follow our side's parameters; frames we receive, the peer's.
                deflater = new MessageDeflater(deflate.maxWindowBits(!client), deflate.noContextTakeover(!client),
                        config.deflateOptions().level(), config.deflateOptions().strategy(), loop.zlibPool,
                        config.zlibPermits());
            }
            if (response != null) {
                writeUpgradeResponse(response);
            }
            readyState = OPEN;
            phase = READ_FRAMES;
            try {
                onOpen.run();
            } catch (Throwable e) {
                failInternally(e);
                return;
            }
            ByteBuffer early = pendingInput;
            pendingInput = null;
            if (early != null && !paused) {
                readFrames(early);
            } else if (early != null) {
                pendingInput = early;
            }
            if (!channelClosed) {
                // Early frames may have ended the connection already (a close frame right behind the
                // 101): keep reading anyway, to see the peer's end-of-stream.
                setInterest(SelectionKey.OP_READ, phase == DRAIN || (!paused && !continuing));
            }
        });
    }

    /** Answers the upgrade request with an HTTP error response and closes. Safe from any thread. */
    public void rejectUpgrade(byte[] response) {
        loop.run(() -> {
            if (channelClosed) {
                return;
            }
            cancelTimer();
            readyState = CLOSING;
            phase = DRAIN;
            queueHttpHead(ByteBuffer.wrap(response));
            closeWhenFlushed = true;
            timer = loop.schedule(() -> closeChannel(null), REJECT_LINGER_NANOS);
            setInterest(SelectionKey.OP_READ, true); // to see the client's end-of-stream
            markDirty();
        });
    }

    /**
     * Closes the socket of a client handshake without telling its handler: the handler decided to
     * (a redirect, a non-101 response) and reports the outcome itself. Safe from any thread.
     */
    public void discard() {
        loop.run(() -> {
            clientHandler = null;
            closeChannel(null);
        });
    }

    /**
     * Fails a client connection whose {@code 101} answer we cannot accept (RFC 6455 §9.1, RFC 7692
     * §7.1): the server already holds the connection open, so it gets a close frame with {@code code}
     * before the socket closes; the handshake handler learns {@code error}. Safe from any thread.
     */
    public void failUpgrade(int code, Throwable error) {
        loop.run(() -> {
            if (channelClosed) {
                return;
            }
            ByteBuffer payload = FrameWriter.closePayload(code, "");
            ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerSize(payload.remaining(), client) + payload.remaining());
            FrameWriter.writeFrame(frame, true, 0, Opcode.CLOSE, payload, client, client ? loop.maskGenerator.nextMask() : 0);
            queue.addBuffer(frame.flip());
            handshakeFailed(error); // closing the channel writes what is queued first
        });
    }

    /** The error of a connection closed or terminated by its user while still connecting (ws's wording). */
    public static IOException closedBeforeEstablished() {
        return new IOException("WebSocket was closed before the connection was established");
    }

    /** Aborts a connection that is still connecting, reporting {@code error}. Safe from any thread. */
    public void abort(Throwable error) {
        loop.run(() -> {
            if (readyState == CONNECTING && client) {
                handshakeFailed(error);
            } else {
                closeChannel(error);
            }
        });
    }

    // ---------------------------------------------------------------- sending (any thread)

    /**
     * Sends a data frame ({@code opcode} TEXT or BINARY; a frame continuing an unfinished message is
     * sent as CONTINUATION). The payload's bytes are not copied when large: they must not change until
     * {@code done} completes. {@code mask} null means "as the role requires". {@code compress} asks
     * for permessage-deflate when negotiated; the first frame of a message decides for all its frames.
     */
    public boolean send(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            CompletableFuture<Void> done) {
        if (!reserveBuffered(payload.remaining() + FrameWriter.headerSize(payload.remaining(), client))) {
            return false;
        }
        if (loop.inEventLoop()) {
            sendData(opcode, payload, fin, compress, mask, done);
        } else {
            loop.execute(() -> sendData(opcode, payload, fin, compress, mask, done));
        }
        return true;
    }

    /** The send-queue cap ({@code maxBufferedBytes}); 0 for none. Any thread. */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /**
     * Counts {@code bytes} into bufferedAmount unless that would pass the cap. An empty queue takes
     * one message of any size: a cap below a message's size must not make that message unsendable.
     */
    private boolean reserveBuffered(long bytes) {
        long limit = maxBufferedBytes;
        if (limit <= 0) {
            addBuffered(bytes);
            return true;
        }
        while (true) {
            long current = bufferedAmount;
            if (current > 0 && current + bytes > limit) {
                return false;
            }
            if (BUFFERED_AMOUNT.compareAndSet(this, current, current + bytes)) {
                return true;
            }
        }
    }

    /** Sends a ping or pong (payload ≤ 125 bytes, checked by the caller). */
    public void sendControl(int opcode, ByteBuffer payload, Boolean mask, CompletableFuture<Void> done) {
        addBuffered(payload.remaining() + FrameWriter.headerSize(payload.remaining(), client));
        loop.run(() -> {
            if (!canSend()) {
                done.completeExceptionally(notOpen());
                return;
            }
            writeFrame(opcode, 0, payload, true, mask, done);
        });
    }

    /**
     * Starts the closing handshake with a close frame carrying {@code payload} (see
     * {@link FrameWriter#closePayload}). While connecting, aborts the handshake.
     */
    public void close(ByteBuffer payload) {
        // As ws and the W3C API: the socket reads CLOSING as soon as close() returns, on any thread.
        // Only OPEN -> CLOSING may happen off the loop; every other transition is the loop's.
        READY_STATE.compareAndSet(this, OPEN, CLOSING);
        loop.run(() -> {
            if (readyState == CONNECTING) {
                abort(closedBeforeEstablished());
            } else if (readyState != CLOSED && !closeSent && listener != null) {
                sendClose(payload);
                startCloseTimer();
            }
        });
    }

    /** Closes the socket at once, without a closing handshake. Safe from any thread. */
    public void terminate() {
        loop.run(() -> {
            if (readyState == CONNECTING && client) {
                handshakeFailed(closedBeforeEstablished());
            } else {
                closeChannel(null);
            }
        });
    }

    public void pause() {
        loop.run(() -> {
            if (readyState == CONNECTING || readyState == CLOSED || paused) {
                return;
            }
            paused = true;
            if (assembler != null) {
                assembler.suspend(true);
            }
            setInterest(SelectionKey.OP_READ, false);
        });
    }

    public void resume() {
        loop.run(() -> {
            if (!paused) {
                return;
            }
            paused = false;
            if (assembler != null) {
                assembler.suspend(false);
            }
            if (pendingInput != null) {
                // On the next turn, not now: resume() may be called from inside a callback of this
                // connection (a send's completion, a message), which must not re-enter the parser.
                continueLater();
            } else if (!channelClosed && !awaitingMemory && (phase == READ_FRAMES || phase == DRAIN)) {
                setInterest(SelectionKey.OP_READ, true);
            }
        });
    }

    /** Deliver binary messages as their frames' payloads (applies from the next message). */
    public void keepFragments(boolean keep) {
        loop.run(() -> {
            keepFragments = keep;
            if (limits != null) {
                limits.keepFragments = keep;
            }
        });
    }

    private void sendData(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            CompletableFuture<Void> done) {
        if (!canSend()) {
            done.completeExceptionally(notOpen());
            return;
        }
        int frameOpcode = sendingFragmentedMessage ? Opcode.CONTINUATION : opcode;
        if (!sendingFragmentedMessage) {
            compressingMessage = deflater != null && compress && worthCompressing(payload.remaining());
        }
        sendingFragmentedMessage = !fin;
        int rsv = 0;
        if (compressingMessage) {
            int length = payload.remaining();
            ByteBuffer compressed;
            try {
                compressed = deflater.compress(payload, fin);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                failInternally(e);
                return;
            }
            if (compressed == null) {
                compressingMessage = false; // would not shrink: sent as it is
            } else {
                payload = compressed;
                // bufferedAmount counted the uncompressed frame; now it counts the bytes to write.
                addBuffered(payload.remaining() + FrameWriter.headerSize(payload.remaining(), client)
                        - length - FrameWriter.headerSize(length, client));
                if (frameOpcode != Opcode.CONTINUATION) {
                    rsv = Opcode.RSV1; // RFC 7692 §6: set on the first frame of a compressed message only
                }
            }
        }
        writeFrame(frameOpcode, rsv, payload, fin, mask, done);
    }

    /**
     * ws's rule: with context takeover every message is compressed (even a short one gains from the
     * shared history); without it, messages below the threshold are sent as they are.
     */
    private boolean worthCompressing(int firstFrameLength) {
        return !config.deflate().noContextTakeover(!client) || firstFrameLength >= config.deflateOptions().threshold();
    }

    private void writeFrame(int opcode, int rsv, ByteBuffer payload, boolean fin, Boolean mask,
            CompletableFuture<Void> done) {
        boolean masked = mask != null ? mask : client;
        int maskKey = masked ? maskGenerator.nextMask() : 0;
        int length = payload.remaining();
        int headerSize = FrameWriter.headerSize(length, masked);
        if (length <= COPY_THRESHOLD_BYTES) {
            ByteBuffer out = queue.claim(headerSize + length);
            FrameWriter.writeHeader(out, fin, rsv, opcode, length, masked, maskKey);
            int start = out.position();
            out.put(start, payload, payload.position(), length);
            out.position(start + length);
            if (masked) {
                Masking.mask(out, start, start + length, maskKey, 0);
            }
            queue.commit(out);
        } else {
            ByteBuffer out = queue.claim(headerSize);
            FrameWriter.writeHeader(out, fin, rsv, opcode, length, masked, maskKey);
            queue.commit(out);
            ByteBuffer body;
            if (masked) {
                body = ByteBuffer.allocate(length);
                body.put(0, payload, payload.position(), length);
                Masking.mask(body, 0, length, maskKey, 0);
            } else {
                body = payload.duplicate();
            }
            queue.addBuffer(body);
        }
        if (done != null) {
            queue.completeWhenWritten(done);
        }
        markDirty();
    }

    private void addBuffered(long bytes) {
        // Cast to the handle's own return type, so the call links exactly, without an adapter.
        long unused = (long) BUFFERED_AMOUNT.getAndAdd(this, bytes);
    }

    /** Queues an HTTP head; it is not part of bufferedAmount, which counts frames only. */
    private void queueHttpHead(ByteBuffer head) {
        unsentHttpBytes += head.remaining();
        queue.addBuffer(head);
    }

    /**
     * Writes the 101 at once rather than through the send queue: the kernel takes it whole almost
     * always, and then the queue has never held anything and keeps no ring arrays (idle connections
     * stay small). Whatever the kernel leaves, or a failed write, goes to the queue as usual; its
     * flush then meets the same error and fails the connection the usual way.
     */
    private void writeUpgradeResponse(byte[] response) {
        ByteBuffer head = ByteBuffer.wrap(response);
        if (queue.isEmpty()) {
            try {
                channel.write(head);
            } catch (IOException e) {
                // left to the queue's flush, see above
            }
        }
        if (head.hasRemaining()) {
            queueHttpHead(head);
            markDirty();
        }
    }

    /**
     * The queue wrote {@code bytes}; runs before the futures of the sends they finish complete, so a
     * completed send is no longer counted. An HTTP head is always at the front of the queue (nothing is
     * queued before it), so the first bytes written are its own.
     */
    private void written(long bytes) {
        long http = Math.min(bytes, unsentHttpBytes);
        unsentHttpBytes -= http;
        addBuffered(http - bytes);
    }

    private void sendClose(ByteBuffer payload) {
        if (closeSent) {
            return;
        }
        closeSent = true;
        readyState = CLOSING;
        addBuffered(payload.remaining() + FrameWriter.headerSize(payload.remaining(), client));
        writeFrame(Opcode.CLOSE, 0, payload, true, null, null);
    }

    /**
     * Sends made before close() was called are still sent (they were queued to the loop before the
     * close frame); after our close frame nothing more may follow (RFC 6455 §5.5.1).
     */
    private boolean canSend() {
        return !closeSent && listener != null && readyState != CLOSED;
    }

    private IllegalStateException notOpen() {
        int state = readyState;
        return new IllegalStateException("WebSocket is not open: readyState " + state + " ("
                + stateName(state) + ")");
    }

    private static String stateName(int state) {
        switch (state) {
            case CONNECTING: return "CONNECTING";
            case OPEN: return "OPEN";
            case CLOSING: return "CLOSING";
            default: return "CLOSED";
        }
    }

    // ---------------------------------------------------------------- I/O events (loop thread)

    @Override
    public void onReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            finishConnect();
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !channelClosed) {
            if (mustAwaitMessageMemory()) {
                awaitMessageMemory();
                return;
            }
            read();
            // Everything this read produced leaves now, in one write, rather than after the whole
            // batch of ready sockets: with many connections that wait would be added to every echo.
            flushIfDirty();
        }
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        if (cause != null && readyState == CONNECTING && client) {
            handshakeFailed(cause);
            return;
        }
        closeChannel(cause);
    }

    /**
     * A bug here or an error from a user callback that escaped the guards: fail this connection
     * (1011, reported) and nothing else. Loop thread.
     */
    @Override
    public void onUnexpectedError(SelectionKey readyKey, Throwable error) {
        Failures.log(LOG, Level.ERROR, "Unexpected error on a connection; failing it with 1011", error);
        if (readyState == CONNECTING && client) {
            handshakeFailed(error);
        } else if (listener != null && (readyState == OPEN || readyState == CLOSING)) {
            fail(CloseCode.INTERNAL_ERROR, error);
            flushIfDirty();
        } else {
            closeChannel(error);
        }
    }

    private void finishConnect() {
        try {
            if (!channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            handshakeFailed(e);
            return;
        }
        setInterest(SelectionKey.OP_CONNECT, false);
        setInterest(SelectionKey.OP_READ, true);
        flush();
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int count;
        try {
            count = channel.read(buffer);
        } catch (IOException e) {
            ioFailed(e);
            return;
        }
        if (count < 0) {
            endOfInput();
            return;
        }
        buffer.flip();
        handleInput(buffer);
    }

    private void handleInput(ByteBuffer input) {
        switch (phase) {
            case READ_HEAD:
                readHead(input);
                break;
            case READ_BODY:
                readBody(input);
                break;
            case READ_FRAMES:
                readFrames(input);
                break;
            case AWAIT_DECISION:
                pendingInput = append(pendingInput, input);
                break;
            default:
                input.position(input.limit()); // draining: the closing handshake is over
                break;
        }
    }

    private void readHead(ByteBuffer input) {
        HttpHeadParser.Status status = headParser.parse(input);
        if (status == HttpHeadParser.Status.NEED_MORE) {
            return;
        }
        if (status == HttpHeadParser.Status.ERROR) {
            int code = headParser.errorStatus();
            String message = headParser.errorMessage();
            headParser = null;
            if (client) {
                handshakeFailed(new IOException("Invalid HTTP response: " + message));
            } else {
                rejectUpgrade(HandshakeRejection.of(code, message).toBytes());
                upgradeHandler.onInvalidRequest(this, code, message);
            }
            return;
        }
        HttpHead head = headParser.head();
        headParser = null;
        if (input.hasRemaining()) {
            pendingInput = copyOf(input);
        }
        if (!client) {
            phase = AWAIT_DECISION;
            setInterest(SelectionKey.OP_READ, false);
            upgradeHandler.onUpgradeRequest(this, head);
        } else if (head.statusCode() == 101) {
            phase = AWAIT_DECISION;
            setInterest(SelectionKey.OP_READ, false);
            clientHandler.onResponse(this, head, null);
        } else {
            responseHead = head;
            phase = READ_BODY;
            bodyExpected = head.headers().first("Content-Length").map(Connection::parseLength).orElse(-1L);
            ByteBuffer rest = pendingInput;
            pendingInput = null;
            if (bodyExpected == 0) {
                finishBody();
            } else if (rest != null) {
                readBody(rest);
            }
        }
    }

    private void readBody(ByteBuffer input) {
        long wanted = bodyExpected >= 0 ? bodyExpected : MAX_ERROR_BODY_BYTES;
        int room = (int) Math.min(wanted, MAX_ERROR_BODY_BYTES) - bodyLength;
        int take = Math.min(room, input.remaining());
        if (body == null) {
            body = new byte[(int) Math.min(wanted, MAX_ERROR_BODY_BYTES)];
        }
        input.get(body, bodyLength, take);
        bodyLength += take;
        input.position(input.limit());
        if (bodyLength >= Math.min(wanted, MAX_ERROR_BODY_BYTES)) {
            finishBody();
        }
    }

    private void finishBody() {
        byte[] bytes = body == null ? new byte[0] : java.util.Arrays.copyOf(body, bodyLength);
        body = null;
        HttpHead head = responseHead;
        responseHead = null;
        phase = AWAIT_DECISION;
        setInterest(SelectionKey.OP_READ, false);
        clientHandler.onResponse(this, head, bytes);
    }

    private void readFrames(ByteBuffer input) {
        FrameParser frames = parser();
        assembler.startWorkSlice();
        frames.parse(input);
        if (input.hasRemaining() && !assembler.isFinished() && !channelClosed) {
            if (paused) {
                pendingInput = copyOf(input);
            } else if (assembler.hasYielded()) {
                pendingInput = copyOf(input);
                continueLater();
            }
        }
        input.position(input.limit());
    }

    /**
     * Parses {@link #pendingInput} on the next turn of the loop, not reading the socket until it is
     * consumed: the other connections of the loop are served in between.
     */
    private void continueLater() {
        setInterest(SelectionKey.OP_READ, false);
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
        if (mustAwaitMessageMemory()) {
            // A message inflating from input already read grows without reading: it waits for the
            // budget too (measured: 20 decompression bombs inflating side by side held 3.5 GiB).
            awaitMessageMemory();
            return;
        }
        ByteBuffer pending = pendingInput;
        pendingInput = null;
        if (pending != null) {
            handleInput(pending);
        }
        if (!channelClosed && !paused && !continuing && !awaitingMemory && (phase == READ_FRAMES || phase == DRAIN)) {
            setInterest(SelectionKey.OP_READ, true);
        }
    }

    // ---------------------------------------------------------------- the server's message memory budget

    @Override
    public void onHeldBytesChanged(long deltaBytes) {
        long after = heldBytes();
        heldChangedNanos = loop.nanoTime();
        if (messageMemory != null) {
            messageMemory.changed(after - deltaBytes, after);
            if (after == 0) {
                messageMemory.stopLeading(this);
            }
        }
    }

    /** Bytes this connection holds in unfinished messages: the assembler's count, as the budget has it. */
    private long heldBytes() {
        return assembler == null ? 0 : assembler.heldBytes();
    }

    /** Whether to stop reading: the budget is spent and this connection is in the middle of a message. */
    private boolean mustAwaitMessageMemory() {
        return messageMemory != null && phase == READ_FRAMES && assembler != null
                && assembler.isInsideMessage() && messageMemory.isExhausted() && !messageMemory.tryLead(this);
    }

    /** Stops reading until the budget frees, or until the wait is over (see {@link MessageMemoryBudget}). */
    private void awaitMessageMemory() {
        awaitingMemory = true;
        setInterest(SelectionKey.OP_READ, false);
        if (memoryTimer == null) {
            memoryTimer = loop.schedule(this::messageMemoryWaitOver, messageMemory.waitNanos());
        }
        messageMemory.await(this);
    }

    /** The budget has room again: read on, unless it was taken again meanwhile. Any thread. */
    void budgetFreed() {
        loop.execute(() -> {
            if (!awaitingMemory || channelClosed) {
                return;
            }
            if (messageMemory.isExhausted() && !messageMemory.tryLead(this)) {
                messageMemory.await(this);
                return;
            }
            stopAwaitingMemory();
            if (paused || continuing) {
                return;
            }
            if (pendingInput != null) {
                continueLater();
            } else if (phase == READ_FRAMES || phase == DRAIN) {
                setInterest(SelectionKey.OP_READ, true);
            }
        });
    }

    private void messageMemoryWaitOver() {
        memoryTimer = null;
        if (!awaitingMemory || channelClosed) {
            return;
        }
        if (messageMemory.shouldEvict(heldBytes())) {
            fail(CloseCode.TRY_AGAIN_LATER, new WebSocketProtocolException(CloseCode.TRY_AGAIN_LATER,
                    "The server's memory for unfinished messages is exhausted and this connection holds "
                            + heldBytes() + " bytes of one; try again later"));
        } else if (!messageMemory.isExhausted()) {
            budgetFreed();
        } else {
            Connection lead = messageMemory.leader();
            if (lead != null && lead != this && loop.nanoTime() - lead.heldChangedNanos >= messageMemory.waitNanos()) {
                lead.evictStalledLeader(); // it holds the way forward and isn't taking it
            }
            memoryTimer = loop.schedule(this::messageMemoryWaitOver, messageMemory.waitNanos());
        }
    }

    /** Closes this connection (1013) if it still leads a stalled message; any thread. */
    void evictStalledLeader() {
        loop.execute(() -> {
            if (!channelClosed && messageMemory.leader() == this
                    && loop.nanoTime() - heldChangedNanos >= messageMemory.waitNanos()) {
                fail(CloseCode.TRY_AGAIN_LATER, new WebSocketProtocolException(CloseCode.TRY_AGAIN_LATER,
                        "The server's memory for unfinished messages is exhausted and this connection's message of "
                                + heldBytes() + " bytes has not grown for a while; try again later"));
            }
        });
    }

    private void stopAwaitingMemory() {
        awaitingMemory = false;
        if (memoryTimer != null) {
            memoryTimer.cancel();
            memoryTimer = null;
        }
    }

    private void endOfInput() {
        switch (phase) {
            case READ_BODY:
                finishBody();
                closeChannel(null);
                break;
            case READ_HEAD:
                if (client) {
                    handshakeFailed(new IOException("Connection closed by the server before the handshake completed"));
                } else {
                    closeChannel(null);
                }
                break;
            default:
                closeChannel(null);
                break;
        }
    }

    private void ioFailed(IOException error) {
        if (readyState == CONNECTING && client) {
            handshakeFailed(error);
        } else if (readyState == OPEN && !closeReceived) {
            closeChannel(error);
        } else {
            closeChannel(null); // failing while closing is the expected end of many peers
        }
    }

    // ---------------------------------------------------------------- frames in (MessageAssembler.Listener)

    @Override
    public void onText(String text) {
        try {
            listener.onText(text);
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        try {
            listener.onBinary(data);
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    @Override
    public void onBinaryFragments(List<ByteBuffer> fragments) {
        try {
            listener.onBinaryFragments(fragments);
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    @Override
    public void onPing(ByteBuffer payload) {
        if (config.autoPong() && readyState == OPEN && !closeSent) {
            if (config.maxPendingAutoPongs() > 0 && pendingAutoPongs >= config.maxPendingAutoPongs()) {
                // The peer pings and doesn't read our pongs: queueing more would grow without bound.
                fail(CloseCode.POLICY_VIOLATION, new WebSocketProtocolException(CloseCode.POLICY_VIOLATION,
                        "Too many pings: " + pendingAutoPongs + " pongs are still waiting to be written"));
                return;
            }
            pendingAutoPongs++;
            CompletableFuture<Void> written = new CompletableFuture<>();
            written.whenComplete((ignored, error) -> pendingAutoPongs--); // on the loop: the queue completes it
            addBuffered(payload.remaining() + FrameWriter.headerSize(payload.remaining(), client));
            writeFrame(Opcode.PONG, 0, payload, true, null, written);
        }
        try {
            listener.onPing(payload);
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    @Override
    public void onPong(ByteBuffer payload) {
        try {
            listener.onPong(payload);
        } catch (Throwable e) {
            failInternally(e);
        }
    }

    @Override
    public void onClose(int code, String reason) {
        closeReceived = true;
        receivedCloseCode = code;
        receivedCloseReason = reason;
        // RFC 6455 §5.5.1: answer with a close frame echoing the status code (none if none was sent).
        sendClose(code == CloseCode.NO_STATUS_RECEIVED ? ByteBuffer.allocate(0) : FrameWriter.closePayload(code, reason));
        phase = DRAIN;
        closeWhenFlushed = true;
        startCloseTimer();
        markDirty();
    }

    @Override
    public void onViolation(WebSocketProtocolException error) {
        fail(error.closeCode(), error);
    }

    /**
     * The frame parser, made when the first frame bytes arrive: a connection that never receives a
     * frame (many idle ones on a busy server) holds no parser, assembler, validator or inflater.
     */
    private FrameParser parser() {
        FrameParser current = parser;
        if (current != null) {
            return current;
        }
        limits = new MessageAssembler.Limits();
        limits.maxPayload = config.maxPayload();
        limits.maxFragments = config.maxFragments();
        limits.skipUtf8Validation = config.skipUtf8Validation();
        limits.keepFragments = keepFragments;
        assembler = new MessageAssembler(this, limits, !client);
        assembler.suspend(paused);
        DeflateParameters deflate = config.deflate();
        if (deflate != null) {
            limits.allowedRsv = Opcode.RSV1;
            assembler.enableDecompression(new MessageInflater(deflate.maxWindowBits(client),
                    deflate.noContextTakeover(client), loop.zlibPool, config.zlibPermits()));
        }
        parser = current = new FrameParser(assembler);
        return current;
    }

    /** Fails the connection (RFC 6455 §7.1.7): report, send a close frame with {@code code}, drop. */
    private void fail(int code, Throwable error) {
        if (channelClosed) {
            return;
        }
        reportError(error);
        if (readyState == OPEN || readyState == CLOSING) {
            sendClose(FrameWriter.closePayload(code, ""));
        }
        if (assembler != null) {
            assembler.release();
        }
        stopAwaitingMemory();
        phase = DRAIN;
        closeWhenFlushed = true;
        startCloseTimer();
        markDirty();
    }

    /** A listener threw: close with 1011 (internal error) and report the exception. Fatal errors go on up. */
    private void failInternally(Throwable e) {
        Failures.rethrowIfFatal(e);
        Failures.log(LOG, Level.DEBUG, "Listener threw; closing the connection with 1011", e);
        fail(CloseCode.INTERNAL_ERROR, e);
    }

    private void reportError(Throwable error) {
        if (errorReported || error == null || listener == null) {
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

    // ---------------------------------------------------------------- writing and closing (loop thread)

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop.markDirty(this);
        }
    }

    @Override
    public void flushIfDirty() {
        if (dirty) {
            dirty = false;
            flush();
        }
    }

    private void flush() {
        if (channelClosed || (key == null) || (interestOps & SelectionKey.OP_CONNECT) != 0) {
            return;
        }
        if (!queue.isEmpty()) {
            try {
                queue.writeTo(channel, loop.gather);
            } catch (IOException e) {
                ioFailed(e);
                return;
            }
        }
        if (!queue.isEmpty()) {
            setInterest(SelectionKey.OP_WRITE, true);
            return;
        }
        setInterest(SelectionKey.OP_WRITE, false);
        if (closeWhenFlushed && !outputShut) {
            if (!client && closeSent && closeReceived) {
                // A clean closing handshake, both close frames passed: the peer may send nothing
                // more but its FIN, so nothing unread can turn our close into a reset. The server
                // closes TCP now (RFC 6455 §7.1.1: the server closes first) rather than half-closing
                // and waiting for the FIN, which would cost a shutdown, a wake-up and a read more
                // per connection. After a failure (no close frame from the peer yet) it still
                // half-closes and drains, so the peer reads our close frame before any reset.
                closeChannel(null);
                return;
            }
            outputShut = true;
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                closeChannel(null);
                return;
            }
            if (paused) {
                setInterest(SelectionKey.OP_READ, true); // drain to end-of-stream regardless
            }
        }
    }

    private void startCloseTimer() {
        if (timer == null && config != null) {
            timer = loop.schedule(() -> {
                timer = null;
                closeChannel(null);
            }, config.closeTimeoutNanos());
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void handshakeTimedOut() {
        timer = null;
        if (client) {
            handshakeFailed(new IOException("Opening handshake has timed out"));
        } else {
            closeChannel(null);
        }
    }

    private void handshakeFailed(Throwable error) {
        if (channelClosed) {
            return;
        }
        ClientHandshakeHandler handler = clientHandler;
        clientHandler = null;
        closeChannel(null);
        if (handler != null) {
            handler.onFailure(this, error);
        }
    }

    /** Closes the socket and reports the end. {@code error}, if any, is reported first. */
    private void closeChannel(Throwable error) {
        if (channelClosed) {
            return;
        }
        if (error != null) {
            reportError(error);
        }
        channelClosed = true;
        cancelTimer();
        stopAwaitingMemory();
        if (messageMemory != null) {
            messageMemory.stopLeading(this); // even if it led while holding nothing
        }
        // Not while a TCP connect is pending (e.g. the handshake timed out): write() would throw
        // NotYetConnectedException, leaving the socket open and the close unreported.
        if (!queue.isEmpty() && !outputShut && channel.isConnected()) {
            try {
                queue.writeTo(channel, loop.gather); // last chance for a close frame already queued
            } catch (IOException ignored) {
                // the peer is gone; nothing left to tell it
            }
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            Failures.log(LOG, Level.DEBUG, "Error closing channel", e);
        }
        queue.fail(() -> new IOException("The WebSocket was closed before the data could be sent"));
        if (assembler != null) {
            assembler.release();
        }
        if (deflater != null) {
            deflater.release();
        }
        pendingInput = null;
        readyState = CLOSED;
        if (listener != null) {
            int code = closeReceived ? receivedCloseCode : CloseCode.ABNORMAL_CLOSURE;
            String reason = closeReceived ? receivedCloseReason : "";
            try {
                listener.onClosed(code, reason, closeSent && closeReceived);
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                Failures.log(LOG, Level.WARNING, "Listener threw from onClose; ignored", e);
            }
        }
    }

    private void setInterest(int op, boolean on) {
        int ops = on ? interestOps | op : interestOps & ~op;
        if (ops != interestOps && key != null && key.isValid()) {
            interestOps = ops;
            key.interestOps(ops);
        } else if (key == null) {
            interestOps = ops;
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ByteBuffer copyOf(ByteBuffer input) {
        ByteBuffer copy = ByteBuffer.allocate(input.remaining());
        copy.put(input);
        return copy.flip();
    }

    private static ByteBuffer append(ByteBuffer existing, ByteBuffer input) {
        if (existing == null) {
            return copyOf(input);
        }
        ByteBuffer joined = ByteBuffer.allocate(existing.remaining() + input.remaining());
        joined.put(existing).put(input);
        return joined.flip();
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
