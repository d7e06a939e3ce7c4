package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;

/**
 * TLS over another {@link Transport} (a socket, or a proxy's tunnel), with an {@link SSLEngine}: the
 * handler above reads and writes plaintext as on any transport, and sees nothing until the TLS
 * handshake is over (a client handler gets {@link TransportHandler#onConnected} then).
 *
 * <p>Never blocks and never spins: the engine's delegated tasks (certificate checks, key exchange)
 * run off the loop while reading is off, and the handshake resumes on the loop when they are done;
 * a peer stalled mid-handshake or mid-record leaves the socket waiting for input, costing nothing.
 * Ciphertext is read into and written from the loop's {@link TlsBuffers}; a connection keeps only
 * what a burst could not finish (a partial record, encrypted bytes the socket did not take), so an
 * idle one holds no buffer.
 *
 * <p>Closing sends {@code close_notify} and gives the socket up to {@value #CLOSE_FLUSH_MILLIS} ms
 * to take what is still encrypted and unsent; a received {@code close_notify} is the end of the
 * input. A TLS 1.2 renegotiation is refused (the connection fails), as the initial handshake is the
 * only one a WebSocket needs.
 *
 * <p>Loop thread only, except {@link #remoteAddress}.
 */
public final class TlsTransport implements Transport, TransportHandler {
    private static final System.Logger LOG = System.getLogger(TlsTransport.class.getName());
    private static final Executor TASKS = Threads.offLoop("jvmws-tls-task-");
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    static final long CLOSE_FLUSH_MILLIS = 2_000;

    private final EventLoop loop;
    private final SSLEngine engine;
    private Transport inner;
    private TransportHandler handler;
    private boolean wantRead;
    private boolean wantWrite;
    /** The initial handshake is not over: no plaintext moves either way. */
    private boolean handshaking = true;
    private boolean taskRunning;
    private boolean readableQueued;
    private boolean closing;
    private boolean outputShut;
    /** Input ended: the peer's close_notify, or its end of stream. */
    private boolean inputEnded;
    /** The socket reached its end of stream (ciphertext kept before it may still be decrypted). */
    private boolean socketEnded;
    /** What failed TLS (a handshake refused, a bad record): the next read or write throws it. */
    private IOException failure;
    /** Ciphertext read and not yet decrypted (a partial record); null when none. Read mode. */
    private ByteBuffer netLeft;
    /** Plaintext decrypted and not yet read by the handler; null when none. Read mode. */
    private ByteBuffer plainLeft;
    /** Ciphertext the socket did not take yet; null when none. Read mode. */
    private ByteBuffer netPending;

    private TlsTransport(EventLoop loop, SSLEngine engine) {
        this.loop = loop;
        this.engine = engine;
    }

    /**
     * The server side over {@code inner} (an accepted socket): the handshake starts at once; set the
     * handler before the loop runs again. Loop thread.
     */
    public static TlsTransport server(Transport inner, SSLEngine engine) throws SSLException {
        TlsTransport tls = new TlsTransport(inner.loop(), engine);
        tls.inner = inner;
        inner.handler(tls);
        engine.beginHandshake();
        inner.readInterest(true);
        return tls;
    }

    /**
     * The client side, to be put over a transport still connecting with {@link #over}: the handshake
     * starts when that transport reports it is connected, and {@code handler} hears
     * {@link TransportHandler#onConnected} once the handshake is over.
     */
    public static TlsTransport client(EventLoop loop, SSLEngine engine, TransportHandler handler) {
        TlsTransport tls = new TlsTransport(loop, engine);
        tls.handler = handler;
        return tls;
    }

    /** Puts this client transport over {@code connecting}, whose handler it already is. */
    public TlsTransport over(Transport connecting) {
        this.inner = connecting;
        return this;
    }

    /** The TLS session, for the handshake's outcome (protocol, peer certificates). */
    public SSLSession session() {
        return engine.getSession();
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void handler(TransportHandler next) {
        this.handler = next;
    }

    // ---------------------------------------------------------------- the handshake

    /** Advances the initial handshake as far as it can go without waiting. */
    private void handshake() {
        try {
            while (handshaking && !taskRunning && !closing) {
                HandshakeStatus status = engine.getHandshakeStatus();
                switch (status) {
                    case NEED_WRAP:
                        if (!wrapHandshake()) {
                            return; // the socket is full: onWritable resumes
                        }
                        break;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        if (!unwrapHandshake()) {
                            inner.readInterest(true);
                            return; // a record is incomplete: onReadable resumes
                        }
                        break;
                    case NEED_TASK:
                        runDelegatedTasks();
                        return;
                    default: // FINISHED, NOT_HANDSHAKING
                        handshakeDone();
                        return;
                }
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    private boolean wrapHandshake() throws IOException {
        if (netPending != null) {
            return false;
        }
        ByteBuffer out = loop.tlsBuffers.netOut(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(EMPTY, out);
        send(out.flip());
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
            throw new SSLHandshakeException("TLS handshake closed by the engine");
        }
        return netPending == null;
    }

    private boolean unwrapHandshake() throws IOException {
        ByteBuffer net = readCiphertext();
        if (net == null) {
            throw new SSLHandshakeException("The peer closed the connection during the TLS handshake");
        }
        ByteBuffer plain = loop.tlsBuffers.plain(engine.getSession().getApplicationBufferSize());
        SSLEngineResult result = engine.unwrap(net, plain);
        keepCiphertext(net);
        keepPlaintext(plain.flip());
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW:
                if (socketEnded) {
                    throw new SSLHandshakeException("The peer closed the connection during the TLS handshake");
                }
                return false;
            case CLOSED:
                throw new SSLHandshakeException("The peer closed TLS during the handshake");
            default:
                return true;
        }
    }

    private void runDelegatedTasks() {
        taskRunning = true;
        inner.readInterest(false); // input waits for the tasks: a ready socket would otherwise spin the loop
        TASKS.execute(() -> {
            Throwable error = null;
            try {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                error = e;
            }
            Throwable taskError = error;
            loop.execute(() -> tasksDone(taskError));
        });
    }

    private void tasksDone(Throwable error) {
        taskRunning = false;
        if (closing) {
            return;
        }
        if (error != null) {
            failed(new SSLException("A TLS task failed", error));
        } else if (handshaking) {
            handshake();
        } else {
            applyInterest();
            queueReadable(); // what arrived meanwhile is decoded now
        }
    }

    private void handshakeDone() {
        handshaking = false;
        applyInterest();
        if (engine.getUseClientMode()) {
            handler.onConnected();
        } else if (plainLeft != null || netLeft != null) {
            queueReadable(); // the request may have come with the handshake's last flight
        }
    }

    /** TLS failed: report it once (a client's connect fails, a server's next read throws), then close. */
    private void failed(IOException error) {
        if (failure != null || closing) {
            return;
        }
        failure = error;
        Failures.log(LOG, Level.DEBUG, "TLS failed", error);
        try {
            // The engine may hold an alert telling the peer why: send it if the socket takes it now.
            ByteBuffer out = loop.tlsBuffers.netOut(engine.getSession().getPacketBufferSize());
            engine.closeOutbound();
            engine.wrap(EMPTY, out);
            inner.write(out.flip());
        } catch (IOException | RuntimeException ignored) {
            // the failure is reported either way
        }
        if (handshaking && engine.getUseClientMode()) {
            handler.onConnectFailed(error);
        } else {
            handler.onReadable();
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (plainLeft != null) {
            return takePlaintext(into);
        }
        if (handshaking || taskRunning) {
            return 0;
        }
        if (inputEnded) {
            return -1;
        }
        ByteBuffer net = readCiphertext();
        if (net == null) {
            inputEnded = true; // TCP ended without close_notify: the handler sees the end (1006 if open)
            return -1;
        }
        int produced = 0;
        boolean needMore = false;
        try {
            while (net.hasRemaining() && into.hasRemaining() && !inputEnded) {
                int applicationBytes = engine.getSession().getApplicationBufferSize();
                ByteBuffer target = into.remaining() >= applicationBytes ? into : loop.tlsBuffers.plain(applicationBytes);
                SSLEngineResult result = engine.unwrap(net, target);
                if (target != into) {
                    keepPlaintext(target.flip());
                    produced += plainLeft == null ? 0 : takePlaintext(into);
                } else {
                    produced += result.bytesProduced();
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                    needMore = true;
                    break;
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inputEnded = true; // close_notify
                    break;
                }
                if (!afterHandshakeMessage(result.getHandshakeStatus())) {
                    break;
                }
            }
        } catch (SSLException e) {
            failure = e;
            throw e;
        } finally {
            keepCiphertext(net);
        }
        if (needMore && socketEnded) {
            inputEnded = true; // a record cut short by the end of the stream: truncated, as TCP without close_notify
        }
        if (plainLeft != null || (netLeft != null && !needMore)) {
            queueReadable(); // decoded input remains that no socket event will announce
        }
        return produced == 0 && inputEnded ? -1 : produced;
    }

    /**
     * A record after the handshake asked the engine for more than decryption: a TLS 1.3 key update
     * or session ticket (answered), or a TLS 1.2 renegotiation (refused). Returns whether reading
     * may go on now.
     */
    private boolean afterHandshakeMessage(HandshakeStatus status) throws IOException {
        switch (status) {
            case NEED_WRAP:
            case NEED_TASK:
            case NEED_UNWRAP_AGAIN:
                if (!"TLSv1.3".equals(engine.getSession().getProtocol())) {
                    throw new SSLException("TLS renegotiation refused");
                }
                if (status == HandshakeStatus.NEED_TASK) {
                    runDelegatedTasks();
                    return false;
                }
                if (status == HandshakeStatus.NEED_WRAP) {
                    ByteBuffer out = loop.tlsBuffers.netOut(engine.getSession().getPacketBufferSize());
                    engine.wrap(EMPTY, out);
                    send(out.flip());
                }
                return true;
            default:
                return true;
        }
    }

    /**
     * Ciphertext to decrypt (read mode): what the socket has now, after the partial record kept from
     * before; null at the end of the stream with nothing kept. A partial record lives in this
     * connection's own buffer and the socket's bytes are read in after it there, so a peer trickling a
     * record a byte at a time costs a byte's work per read, not a copy of the record.
     */
    private ByteBuffer readCiphertext() throws IOException {
        int packetBytes = engine.getSession().getPacketBufferSize();
        ByteBuffer net;
        if (netLeft == null) {
            net = loop.tlsBuffers.netIn(packetBytes);
        } else {
            net = netLeft;
            if (net.position() > 0) {
                net.compact();
            } else {
                net.position(net.limit()).limit(net.capacity()); // back to write mode without moving bytes
            }
            if (!net.hasRemaining()) {
                net = ByteBuffer.allocate(net.capacity() + packetBytes).put(net.flip());
                netLeft = net;
            }
        }
        if (!socketEnded && inner.read(net) < 0) {
            socketEnded = true;
        }
        if (socketEnded && net.position() == 0) {
            netLeft = null;
            return null;
        }
        return net.flip();
    }

    /** Keeps what {@link #readCiphertext}'s buffer still holds (a partial record) for the next read. */
    private void keepCiphertext(ByteBuffer net) {
        if (!net.hasRemaining()) {
            netLeft = null;
        } else if (net != netLeft) {
            int packetBytes = engine.getSession().getPacketBufferSize();
            netLeft = ByteBuffer.allocate(Math.max(packetBytes, net.remaining())).put(net).flip();
        }
    }

    private void keepPlaintext(ByteBuffer plain) {
        if (plain.hasRemaining()) {
            plainLeft = InputBytes.append(plainLeft, plain);
        }
    }

    private int takePlaintext(ByteBuffer into) {
        int count = Math.min(into.remaining(), plainLeft.remaining());
        into.put(into.position(), plainLeft, plainLeft.position(), count);
        into.position(into.position() + count);
        plainLeft.position(plainLeft.position() + count);
        if (!plainLeft.hasRemaining()) {
            plainLeft = null;
        }
        return count;
    }

    private void queueReadable() {
        if (!readableQueued && wantRead) {
            readableQueued = true;
            loop.defer(() -> {
                readableQueued = false;
                if (wantRead && !closing && !handshaking && !taskRunning) {
                    handler.onReadable();
                }
            });
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closing || outputShut) {
            throw new ClosedChannelException();
        }
        if (handshaking || !flushPending()) {
            return 0;
        }
        int packetBytes = engine.getSession().getPacketBufferSize();
        ByteBuffer out = loop.tlsBuffers.netOut(packetBytes);
        long consumed = 0;
        try {
            while (remaining(sources, offset, length) > 0) {
                SSLEngineResult result = engine.wrap(sources, offset, length, out);
                consumed += result.bytesConsumed();
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new ClosedChannelException();
                }
                if (out.remaining() < packetBytes || result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    send(out.flip());
                    if (netPending != null) {
                        return consumed; // the socket is full; what it did not take is ours to send
                    }
                    out.clear();
                }
            }
        } catch (SSLException e) {
            failure = e;
            throw e;
        }
        send(out.flip());
        return consumed;
    }

    private static long remaining(ByteBuffer[] sources, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += sources[i].remaining();
        }
        return total;
    }

    /** Writes {@code out} (read mode) to the socket; keeps what it did not take and asks for writability. */
    private void send(ByteBuffer out) throws IOException {
        if (!out.hasRemaining()) {
            return;
        }
        inner.write(out);
        if (out.hasRemaining()) {
            netPending = InputBytes.append(netPending, out);
            inner.writeInterest(true);
        }
    }

    /** Writes what the socket did not take before; returns whether nothing is left. */
    private boolean flushPending() throws IOException {
        if (netPending == null) {
            return true;
        }
        inner.write(netPending);
        if (netPending.hasRemaining()) {
            inner.writeInterest(true);
            return false;
        }
        netPending = null;
        return true;
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (outputShut || closing) {
            return;
        }
        outputShut = true;
        queueCloseNotify();
        if (flushPending()) {
            inner.shutdownOutput();
        }
    }

    private void queueCloseNotify() {
        try {
            engine.closeOutbound();
            ByteBuffer out = loop.tlsBuffers.netOut(engine.getSession().getPacketBufferSize());
            while (!engine.isOutboundDone()) {
                SSLEngineResult result = engine.wrap(EMPTY, out);
                if (result.bytesProduced() == 0) {
                    break;
                }
            }
            send(out.flip());
        } catch (IOException | RuntimeException e) {
            Failures.log(LOG, Level.DEBUG, "Could not send close_notify", e);
        }
    }

    // ---------------------------------------------------------------- interest and the socket's events

    @Override
    public void readInterest(boolean on) {
        wantRead = on;
        if (!handshaking && !taskRunning && !closing) {
            inner.readInterest(on);
            if (on && (plainLeft != null || netLeft != null)) {
                queueReadable();
            }
        }
    }

    @Override
    public void writeInterest(boolean on) {
        wantWrite = on;
        if (!handshaking && !closing) {
            inner.writeInterest(on || netPending != null);
        }
    }

    private void applyInterest() {
        inner.readInterest(wantRead);
        inner.writeInterest(wantWrite || netPending != null);
    }

    @Override
    public void onConnected() {
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            failed(e);
            return;
        }
        inner.readInterest(true);
        handshake();
    }

    @Override
    public void onConnectFailed(IOException error) {
        handler.onConnectFailed(error);
    }

    @Override
    public void onReadable() {
        if (failure != null) {
            handler.onReadable(); // its read throws the failure
        } else if (handshaking) {
            handshake();
        } else if (!wantRead || taskRunning) {
            inner.readInterest(false);
        } else {
            handler.onReadable();
        }
    }

    @Override
    public void onWritable() {
        try {
            if (!flushPending()) {
                return;
            }
        } catch (IOException e) {
            if (closing) {
                inner.close();
            } else {
                failed(e);
            }
            return;
        }
        if (closing) {
            inner.close(); // everything sent, close_notify included
        } else if (outputShut) {
            shutDownInnerOutput();
        } else if (handshaking) {
            handshake();
        } else if (wantWrite) {
            handler.onWritable();
        } else {
            inner.writeInterest(false);
        }
    }

    private void shutDownInnerOutput() {
        inner.writeInterest(false);
        try {
            inner.shutdownOutput();
        } catch (IOException e) {
            inner.close();
        }
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        handler.onLoopShutdown(cause);
    }

    @Override
    public void onUnexpectedError(Throwable error) {
        handler.onUnexpectedError(error);
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        if (closing) {
            return;
        }
        if (!outputShut && failure == null && !handshaking) {
            queueCloseNotify();
        }
        closing = true;
        inner.readInterest(false);
        if (netPending == null) {
            inner.close();
            return;
        }
        // Encrypted bytes (a close frame, close_notify) the socket has not taken yet: the kernel would
        // send a plain socket's after close(); these are ours, so the socket stays open until they
        // are written, for a bounded time.
        inner.writeInterest(true);
        loop.schedule(inner::close, CLOSE_FLUSH_MILLIS * 1_000_000);
    }

    @Override
    public boolean isOpen() {
        return !closing && inner != null && inner.isOpen();
    }

    @Override
    public boolean isConnected() {
        return !handshaking && inner.isConnected();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        Transport current = inner;
        return current == null ? null : current.remoteAddress();
    }
}
