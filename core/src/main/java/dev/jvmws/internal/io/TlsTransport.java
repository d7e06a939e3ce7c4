package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS over another {@link Transport} (a socket, or a proxy's tunnel), with an {@link SSLEngine}: the
 * handler above reads and writes plaintext as on any transport, and sees nothing until the TLS
 * handshake is over (a client handler gets {@link TransportHandler#onConnected} then).
 *
 * <p>Never blocks and never spins: the engine's delegated tasks (certificate checks, key exchange)
 * run off the loop while reading is off, and the handshake resumes on the loop when they are done;
 * a peer stalled mid-handshake or mid-record leaves the socket waiting for input, costing nothing.
 * Records go through {@link TlsInput} and {@link TlsOutput}, by way of the loop's {@link TlsBuffers}: a
 * connection keeps only what a burst could not finish (a partial record, encrypted bytes the socket
 * did not take), so an idle one holds no buffer. This class runs the handshake, the interest in
 * readiness the handler asked for, and closing.
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
    static final long CLOSE_FLUSH_MILLIS = 2_000;

    private final EventLoop loop;
    private final SSLEngine engine;
    private final TlsInput in = new TlsInput(this);
    private final TlsOutput out = new TlsOutput(this);
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
    /** What failed TLS (a handshake refused, a bad record): the next read or write throws it. */
    private IOException failure;

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

    SSLEngine engine() {
        return engine;
    }

    /** The transport under this one (the socket, or a tunnel). */
    Transport inner() {
        return inner;
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
                        if (!out.wrapHandshake()) {
                            return; // the socket is full: onWritable resumes
                        }
                        break;
                    case NEED_UNWRAP:
                    case NEED_UNWRAP_AGAIN:
                        if (!in.unwrapHandshake()) {
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
        } else if (in.hasBuffered()) {
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
        out.alertBestEffort();
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
        if (handshaking || taskRunning) {
            return 0;
        }
        try {
            return in.read(into);
        } catch (SSLException e) {
            failure = e;
            throw e;
        }
    }

    /**
     * A record after the handshake asked the engine for more than decryption: a TLS 1.3 key update
     * or session ticket (answered), or a TLS 1.2 renegotiation (refused). Returns whether reading
     * may go on now.
     */
    boolean afterHandshakeMessage(HandshakeStatus status) throws IOException {
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
                    out.wrapNothing();
                }
                return true;
            default:
                return true;
        }
    }

    /** Tells the handler, on the loop's next turn, that input is held here (level-triggered, as a selector). */
    void queueReadable() {
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
        if (handshaking) {
            return 0;
        }
        try {
            return out.write(sources, offset, length);
        } catch (SSLException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        if (outputShut || closing) {
            return;
        }
        outputShut = true;
        out.closeNotify();
        if (out.flushPending()) {
            inner.shutdownOutput();
        }
    }

    // ---------------------------------------------------------------- interest and the socket's events

    @Override
    public void readInterest(boolean on) {
        wantRead = on;
        if (!handshaking && !taskRunning && !closing) {
            inner.readInterest(on);
            if (on && in.hasBuffered()) {
                queueReadable();
            }
        }
    }

    @Override
    public void writeInterest(boolean on) {
        wantWrite = on;
        if (!handshaking && !closing) {
            inner.writeInterest(on || out.hasPending());
        }
    }

    private void applyInterest() {
        inner.readInterest(wantRead);
        inner.writeInterest(wantWrite || out.hasPending());
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
            if (!out.flushPending()) {
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
            out.closeNotify();
        }
        closing = true;
        inner.readInterest(false);
        if (!out.hasPending() || loop.isStopped()) {
            inner.close(); // nothing left to send, or no loop left to send it
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
