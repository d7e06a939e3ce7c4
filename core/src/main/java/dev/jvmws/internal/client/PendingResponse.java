package dev.jvmws.internal.client;

import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeadParser;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.conn.ConnectionListener;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.InputBytes;
import dev.jvmws.internal.io.Failures;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The client side of one opening handshake over one socket: connects, writes the upgrade request and
 * reads the answer — a 101 head, or another status with its body (up to
 * {@value #MAX_ERROR_BODY_BYTES} bytes, or its {@code Content-Length}) — all within
 * {@code handshakeTimeout}, and hands it to the {@link ClientHandshakeHandler}, which accepts (the
 * transport goes to a new {@link Connection}), discards (a redirect, an unexpected status) or fails it.
 *
 * <p>Loop thread only.
 */
public final class PendingResponse implements TransportHandler {
    private static final System.Logger LOG = System.getLogger(PendingResponse.class.getName());
    static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private enum Step { CONNECTING, READING_HEAD, READING_BODY, DECIDING, DONE }

    private final EventLoop loop;
    private final ByteBuffer request;
    private final HttpHeadParser headParser;
    private ClientHandshakeHandler handler;
    private Transport transport;
    private Step step = Step.CONNECTING;
    private EventLoop.Timer timer;
    private HttpHead head;
    private byte[] body;
    private int bodyLength;
    /** The body's end: its Content-Length, or the bound when it has none. */
    private int bodyExpected;
    /** Bytes that followed the 101: early frames, decoded once accepted. */
    private ByteBuffer early;

    private PendingResponse(EventLoop loop, byte[] request, ClientHandshakeHandler handler, int maxHeadBytes) {
        this.loop = loop;
        this.request = ByteBuffer.wrap(request);
        this.handler = handler;
        this.headParser = HttpHeadParser.forResponses(maxHeadBytes);
    }

    /**
     * Connects along {@code route} (a socket, through a proxy's tunnel, over TLS, as it says) and
     * sends {@code request}; {@code handler} learns the outcome, never from inside this call. The
     * handshake timeout covers the proxy's answer and the TLS handshake. Loop thread.
     *
     * @throws IOException if no socket could be opened (the handler is not told)
     */
    public static PendingResponse connect(EventLoop loop, ClientRoute route, byte[] request,
            ClientHandshakeHandler handler, int maxHeadBytes, long handshakeTimeoutNanos) throws IOException {
        PendingResponse pending = new PendingResponse(loop, request, handler, maxHeadBytes);
        // The request goes out once every layer is ready (onConnected then).
        pending.transport = route.open(loop, pending);
        if (handshakeTimeoutNanos > 0) {
            pending.timer = loop.schedule(pending::timedOut, handshakeTimeoutNanos);
        }
        return pending;
    }

    /**
     * Sends {@code request} over {@code transport}, already connected (a tunnel, a test's in-memory
     * pair), and reads the answer as {@link #connect} does. Loop thread.
     */
    public static PendingResponse over(Transport transport, byte[] request, ClientHandshakeHandler handler,
            int maxHeadBytes, long handshakeTimeoutNanos) {
        EventLoop loop = transport.loop();
        PendingResponse pending = new PendingResponse(loop, request, handler, maxHeadBytes);
        pending.transport = transport;
        transport.handler(pending);
        if (handshakeTimeoutNanos > 0) {
            pending.timer = loop.schedule(pending::timedOut, handshakeTimeoutNanos);
        }
        loop.defer(pending::onConnected); // not from inside the caller's own call
        return pending;
    }

    /** Whether the handshake is still under way on this socket (not yet accepted, discarded or failed). */
    public boolean isPending() {
        return step != Step.DONE;
    }

    /** Accepts the 101: the transport goes to a connection, which runs {@code onOpen} before any event. */
    public void accept(ConnectionConfig config, ConnectionListener listener, Consumer<Connection> onOpen) {
        if (step == Step.DONE) {
            return;
        }
        finish();
        ByteBuffer bytes = early;
        early = null;
        Connection.open(transport, config, listener, null, bytes, onOpen);
    }

    /** Closes the socket without telling the handler: it decided to, and reports the outcome itself. */
    public void discard() {
        handler = null;
        close();
    }

    /**
     * Fails a 101 we cannot accept (RFC 6455 §9.1, RFC 7692 §7.1): the server already holds the
     * connection open, so it gets a close frame with {@code code} before the socket closes; the
     * handler learns {@code error}.
     */
    public void failUpgrade(int code, Throwable error) {
        if (step == Step.DONE) {
            return;
        }
        ByteBuffer payload = FrameWriter.closePayload(code, "");
        ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerSize(payload.remaining(), true) + payload.remaining());
        FrameWriter.writeFrame(frame, true, 0, Opcode.CLOSE, payload, true, loop.maskGenerator.nextMask());
        try {
            transport.write(frame.flip()); // a dozen bytes on a fresh socket: the kernel takes them
        } catch (IOException ignored) {
            // the server is gone; the failure is reported either way
        }
        fail(error);
    }

    /** Gives up on the handshake, reporting {@code error} to the handler. */
    public void abort(Throwable error) {
        fail(error);
    }

    // ---------------------------------------------------------------- transport events

    @Override
    public void onConnected() {
        if (step != Step.CONNECTING) {
            return;
        }
        step = Step.READING_HEAD;
        transport.readInterest(true);
        onWritable();
    }

    @Override
    public void onConnectFailed(IOException error) {
        fail(error);
    }

    @Override
    public void onWritable() {
        if (!request.hasRemaining() || step == Step.DONE) {
            return;
        }
        try {
            transport.write(request);
        } catch (IOException e) {
            fail(e);
            return;
        }
        transport.writeInterest(request.hasRemaining());
    }

    @Override
    public void onReadable() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int count;
        try {
            count = transport.read(buffer);
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (count < 0) {
            endOfStream();
            return;
        }
        buffer.flip();
        if (step == Step.READING_HEAD) {
            readHead(buffer);
        } else if (step == Step.READING_BODY) {
            readBody(buffer);
        } else if (step == Step.DECIDING) {
            early = InputBytes.append(early, buffer);
        }
    }

    private void readHead(ByteBuffer input) {
        HttpHeadParser.Status status = headParser.parse(input);
        if (status == HttpHeadParser.Status.NEED_MORE) {
            return;
        }
        if (status == HttpHeadParser.Status.ERROR) {
            fail(new IOException("Invalid HTTP response: " + headParser.errorMessage()));
            return;
        }
        head = headParser.head();
        if (head.statusCode() == 101) {
            if (input.hasRemaining()) {
                early = InputBytes.copyOf(input);
            }
            decide(null);
            return;
        }
        long length = head.headers().first("Content-Length").map(PendingResponse::parseLength).orElse(-1L);
        bodyExpected = (int) (length >= 0 ? Math.min(length, MAX_ERROR_BODY_BYTES) : MAX_ERROR_BODY_BYTES);
        step = Step.READING_BODY;
        if (bodyExpected == 0) {
            decide(new byte[0]);
        } else if (input.hasRemaining()) {
            readBody(input);
        }
    }

    private void readBody(ByteBuffer input) {
        if (body == null) {
            body = new byte[bodyExpected];
        }
        int take = Math.min(bodyExpected - bodyLength, input.remaining());
        input.get(body, bodyLength, take);
        bodyLength += take;
        input.position(input.limit()); // past the body: not ours to read
        if (bodyLength == bodyExpected) {
            decide(body);
        }
    }

    private void endOfStream() {
        if (step == Step.READING_BODY) {
            decide(Arrays.copyOf(body == null ? new byte[0] : body, bodyLength));
            close();
        } else if (step == Step.READING_HEAD) {
            fail(new IOException("Connection closed by the server before the handshake completed"));
        } else {
            close();
        }
    }

    private void decide(byte[] responseBody) {
        step = Step.DECIDING;
        cancelTimer();
        transport.readInterest(false);
        body = null;
        ClientHandshakeHandler decider = handler;
        if (decider != null) {
            decider.onResponse(this, head, responseBody);
        }
    }

    private void timedOut() {
        timer = null;
        fail(new IOException("Opening handshake has timed out"));
    }

    private void fail(Throwable error) {
        if (step == Step.DONE) {
            return;
        }
        ClientHandshakeHandler decider = handler;
        handler = null;
        close();
        if (decider != null) {
            decider.onFailure(this, error);
        }
    }

    private void finish() {
        step = Step.DONE;
        cancelTimer();
    }

    private void close() {
        finish();
        early = null;
        if (transport != null) {
            transport.close();
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        fail(cause != null ? cause : new IOException("The client's event loop stopped"));
    }

    @Override
    public void onUnexpectedError(Throwable error) {
        Failures.log(LOG, Level.ERROR, "Unexpected error during a client handshake; failing it", error);
        fail(error);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
