package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.Failures;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
public final class Connection implements TransportHandler, EventLoop.Flushable {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());

    private final Transport transport;
    private final ConnectionConfig config;
    private final Delivery delivery;
    private final WireCodec codec;
    private final ConnectionState state = new ConnectionState();
    private final Outbound out;
    private final Inbound in;
    private final Sends sends;
    private EventLoop.Timer closeTimer;
    /** Automatic pongs queued and not yet written: a peer that pings without reading can't grow the queue. */
    private int pendingAutoPongs;
    /** Null unless a heartbeat or an idle timeout is configured. */
    private Heartbeat heartbeat;

    private Connection(Transport transport, ConnectionConfig config, ConnectionListener listener) {
        this.transport = transport;
        this.config = config;
        this.delivery = new Delivery(this, listener, config.callbackExecutor() != null);
        this.codec = new Rfc6455Codec(delivery, config, transport.loop());
        this.out = new Outbound(this);
        this.in = new Inbound(this, config.messageMemory());
        this.sends = new Sends(this, out, codec, config);
    }

    /**
     * Takes over {@code transport} after an accepted upgrade: writes {@code response} (the 101; null on
     * the client side), opens, runs {@code onOpen} before any frame event, then decodes {@code early}
     * (bytes that followed the HTTP head; may be null). Loop thread.
     */
    public static Connection open(Transport transport, ConnectionConfig config,
            ConnectionListener listener, byte[] response, ByteBuffer early, Consumer<Connection> onOpen) {
        Connection connection = new Connection(transport, config, listener);
        transport.handler(connection);
        connection.start(response, early, onOpen);
        return connection;
    }

    private void start(byte[] response, ByteBuffer early, Consumer<Connection> onOpen) {
        if (response != null) {
            out.writeHttpHead(response);
        }
        state.opened();
        ConnectionEvents.opened(this);
        Heartbeat.Settings beat = config.heartbeat();
        if (beat != null) {
            heartbeat = new Heartbeat(this, beat, transport.loop());
            heartbeat.start(); // from the moment the connection opens, before anyone hears of it
        }
        delivery.runNow(() -> onOpen.accept(this)); // the wiring above, on the loop, before any event
        delivery.opened();
        if (!state.isTransportClosed()) {
            in.start(early);
        }
    }

    // ---------------------------------------------------------------- accessors (any thread)

    public ConnectionState.Ready readyState() {
        return state.ready();
    }

    public long bufferedAmount() {
        return out.bufferedAmount();
    }

    /** The send-queue cap ({@code maxBufferedBytes}); 0 for none. */
    public long maxBufferedBytes() {
        return config.maxBufferedBytes();
    }

    public boolean isPaused() {
        return in.isPaused();
    }

    /** Bytes of frames received since the upgrade (those that came right behind the handshake included). */
    public long bytesReceived() {
        return in.bytesReceived();
    }

    /** Frame bytes written since the upgrade. */
    public long bytesSent() {
        return out.bytesSent();
    }

    public EventLoop eventLoop() {
        return transport.loop();
    }

    Transport transport() {
        return transport;
    }

    WireCodec codec() {
        return codec;
    }

    ConnectionConfig config() {
        return config;
    }

    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    // ---------------------------------------------------------------- sending and closing (any thread)

    /** Data frames, shared frames, pings and pongs. */
    public Sends sends() {
        return sends;
    }

    /**
     * Starts the closing handshake with a close frame carrying {@code payload} (see
     * {@link FrameWriter#closePayload}). Sends already made go out first.
     */
    public void close(ByteBuffer payload) {
        state.startClosing();
        transport.loop().run(() -> {
            if (!state.isClosed() && !state.hasSentClose()) {
                sendClose(payload);
                startCloseTimer();
            }
        });
    }

    /** Closes the socket at once, without a closing handshake. */
    public void terminate() {
        transport.loop().run(() -> closeChannel(null));
    }

    /** Stops reading (messages already read may still arrive, up to the next event boundary). */
    public void pause() {
        transport.loop().run(() -> {
            if (!state.isTransportClosed()) {
                in.pause();
            }
        });
    }

    public void resume() {
        transport.loop().run(in::resume);
    }

    /** Deliver binary messages as their frames' payloads (applies from the next message). */
    public void keepFragments(boolean keep) {
        transport.loop().run(() -> codec.keepFragments(keep));
    }

    private void sendClose(ByteBuffer payload) {
        if (state.hasSentClose()) {
            return;
        }
        state.closeSent();
        out.add(codec.frameBytes(payload.remaining(), null));
        codec.encodeControl(Opcode.CLOSE, payload, null, out.data());
        out.queueData(null, Long.MAX_VALUE);
    }

    /** On the loop: whether a send may be queued now; if not, {@code done} fails saying why. */
    boolean canSend(CompletableFuture<Void> done) {
        if (state.canSend()) {
            return true;
        }
        ConnectionState.Ready ready = state.ready();
        done.completeExceptionally(new IllegalStateException(
                "WebSocket is not open: readyState " + ready.ordinal() + " (" + ready + ")"));
        return false;
    }

    // ---------------------------------------------------------------- input (loop thread)

    @Override
    public void onReadable() {
        if (heartbeat != null) {
            heartbeat.arrived();
        }
        in.onReadable();
        // Everything this read produced leaves now, in one write, rather than after the whole batch of
        // ready sockets: with many connections that wait would be added to every echo.
        out.flushIfDirty();
    }

    /** Holds reading while the listener's executor is behind (see {@link Delivery}), or lets it go on. */
    void holdInput(boolean hold) {
        if (!state.isTransportClosed()) {
            in.hold(hold);
        }
    }

    boolean isChannelClosed() {
        return state.isTransportClosed();
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
        if (!state.isClosed() && !state.isTransportClosed()) {
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

    // ---------------------------------------------------------------- the protocol's answers (loop thread)

    /**
     * A ping arrived: queues the automatic pong (ws's {@code autoPong}), unless the peer does not read
     * the pongs already queued; returns whether the ping is to be delivered.
     */
    boolean answerPing(ByteBuffer payload) {
        if (config.autoPong() && state.isOpen() && !state.hasSentClose()) {
            if (config.maxPendingAutoPongs() > 0 && pendingAutoPongs >= config.maxPendingAutoPongs()) {
                // The peer pings and doesn't read our pongs: queueing more would grow without bound.
                fail(CloseCode.POLICY_VIOLATION, new WebSocketProtocolException(CloseCode.POLICY_VIOLATION,
                        "Too many pings: " + pendingAutoPongs + " pongs are still waiting to be written"));
                return false;
            }
            pendingAutoPongs++;
            CompletableFuture<Void> written = new CompletableFuture<>();
            written.whenComplete((ignored, error) -> pendingAutoPongs--); // on the loop: the queue completes it
            out.add(codec.frameBytes(payload.remaining(), null));
            out.queueControl(codec.encodeControl(Opcode.PONG, payload, null, out.control()), written);
        }
        return true;
    }

    /** The peer's close frame arrived: answer it (RFC 6455 §5.5.1, echoing its code) and close. */
    void closeReceived(int code, String reason) {
        state.closeReceived(code, reason);
        sendClose(code == CloseCode.NO_STATUS_RECEIVED ? ByteBuffer.allocate(0) : FrameWriter.closePayload(code, reason));
        in.drain();
        out.closeWhenFlushed();
        startCloseTimer();
    }

    /** A message (or part of one) was received or sent: the idle timeout starts again. */
    private void messagePassed() {
        if (heartbeat != null) {
            heartbeat.messagePassed();
        }
    }

    /** A whole message arrived (about to be delivered). */
    void messageArrived() {
        messagePassed();
        config.counters().messageReceived();
    }

    /** A message, or a part of one ({@code last}: its end), was queued for sending. */
    void messageQueued(boolean last) {
        messagePassed();
        if (last) {
            config.counters().messageSent();
        }
    }

    /** The queue came down to the low-water mark after being above the high one. */
    void drained() {
        if (state.canSend()) {
            delivery.drained();
        }
    }

    void heldBytesChanged(long deltaBytes) {
        in.heldBytesChanged(deltaBytes);
    }

    // ---------------------------------------------------------------- failing and closing (loop thread)

    /** Fails the connection (RFC 6455 §7.1.7): report, send a close frame with {@code code}, drop. */
    void fail(int code, Throwable error) {
        if (state.isTransportClosed()) {
            return;
        }
        config.counters().failed(code);
        delivery.error(error);
        state.failed();
        sendClose(FrameWriter.closePayload(code, ""));
        codec.releaseDecoder();
        in.drain();
        out.closeWhenFlushed();
        startCloseTimer();
    }

    /** A listener threw: close with 1011 and report the exception. */
    void failInternally(Throwable e) {
        fail(CloseCode.INTERNAL_ERROR, e);
    }

    /** The queue is flushed after the closing handshake or a failure: close now, or half-close and drain. */
    void flushedForClose() {
        if (!config.client() && state.isCleanClose()) {
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
        in.readToEnd(); // to the peer's end of stream, even when paused
    }

    private void startCloseTimer() {
        if (closeTimer == null) {
            closeTimer = transport.loop().schedule(() -> {
                closeTimer = null;
                closeChannel(null);
            }, config.closeTimeoutNanos());
        }
    }

    /** Closes the socket and reports the end. {@code error}, if any, is reported first. */
    void closeChannel(Throwable error) {
        if (state.isTransportClosed()) {
            return;
        }
        delivery.error(error);
        state.transportClosed();
        if (heartbeat != null) {
            heartbeat.stop();
        }
        if (closeTimer != null) {
            closeTimer.cancel();
            closeTimer = null;
        }
        out.close(state.isOutputShut());
        transport.close();
        codec.release();
        in.release();
        state.closed();
        out.abandonWaiting(); // sends waiting behind an unfinished message fail now, before the close event
        ConnectionEvents.closed(this, state.closeCode(), state.isCleanClose());
        delivery.closed(state.closeCode(), state.closeReason(), state.isCleanClose());
    }
}
