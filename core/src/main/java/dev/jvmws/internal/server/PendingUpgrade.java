package dev.jvmws.internal.server;

import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeadParser;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.conn.ConnectionListener;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.InputBytes;
import dev.jvmws.internal.io.Failures;
import dev.jvmws.internal.io.SocketTransport;
import dev.jvmws.internal.io.StreamTransport;
import dev.jvmws.internal.io.TlsTransport;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;

/**
 * The server side of one opening handshake, from the first byte of the request to its outcome: reads
 * the request head (bounded in size and by {@code handshakeTimeout}), hands it to the
 * {@link UpgradeHandler}, then either gives the transport to a new {@link Connection} with the 101
 * ({@link #accept}) or answers an HTTP error and closes ({@link #reject}): the error response is
 * written, the output shut, and the client's end of stream awaited for at most
 * {@value #REJECT_LINGER_MILLIS} ms, so the client reads the whole answer rather than a reset.
 *
 * <p>Loop thread, except {@link #accept}, {@link #reject} and {@link #remoteAddress}, which are safe
 * from any thread.
 */
public final class PendingUpgrade implements TransportHandler {
    private static final System.Logger LOG = System.getLogger(PendingUpgrade.class.getName());
    static final long REJECT_LINGER_MILLIS = 2_000;

    private enum Step { READING, DECIDING, REJECTING, DONE }

    private final Transport transport;
    private final EventLoop loop;
    private final UpgradeHandler handler;
    private HttpHeadParser headParser;
    private Step step;
    private EventLoop.Timer timer;
    /** Bytes that followed the request head: early frames, decoded once accepted. */
    private ByteBuffer early;
    /** The rejection's bytes not yet written. */
    private ByteBuffer answer;
    /** The server's count of upgrades still reading or deciding, while this one counts in it; else null. */
    private AtomicInteger pendingCount;

    private PendingUpgrade(Transport transport, UpgradeHandler handler, Step step) {
        this.transport = transport;
        this.loop = transport.loop();
        this.handler = handler;
        this.step = step;
    }

    /** Takes an accepted socket onto {@code loop} and starts reading its upgrade request. Any thread. */
    public static void accepted(EventLoop loop, SocketChannel channel, ServerTls tls, UpgradeHandler handler,
            int maxHeadBytes, long handshakeTimeoutNanos, PendingLimit pending) {
        loop.execute(() -> {
            PendingUpgrade upgrade = adopt(loop, channel, tls, handler, Step.READING);
            if (upgrade == null) {
                return;
            }
            if (!pending.enter()) {
                // Slowloris: thousands of sockets that never finish their request. Past the limit a new
                // one is answered at once, before any of its bytes are read or buffered.
                upgrade.reject(HandshakeRejection.of(503, "Too many pending handshakes").toBytes());
                handler.onInvalidRequest(upgrade, 503, "Too many pending handshakes");
                return;
            }
            upgrade.pendingCount = pending.count();
            upgrade.headParser = HttpHeadParser.forRequests(maxHeadBytes);
            upgrade.transport.readInterest(true);
            if (handshakeTimeoutNanos > 0) {
                upgrade.timer = loop.schedule(upgrade::timedOut, handshakeTimeoutNanos);
            }
        });
    }

    /**
     * Adopts a channel whose upgrade request was already read elsewhere ({@code noServer} mode, a
     * container's upgraded stream); the caller decides with {@link #accept} or {@link #reject}. A
     * {@link SocketChannel} goes on the loop's selector; any other channel, blocking, gets a
     * {@link StreamTransport}. {@code head} holds bytes that followed the request (may be null). Loop
     * thread.
     */
    public static PendingUpgrade adopted(EventLoop loop, ByteChannel channel, ByteBuffer head) {
        PendingUpgrade upgrade = adopt(loop, channel, null, null, Step.DECIDING);
        if (upgrade != null && head != null && head.hasRemaining()) {
            upgrade.early = InputBytes.copyOf(head);
        }
        return upgrade;
    }

    private static PendingUpgrade adopt(EventLoop loop, ByteChannel channel, ServerTls tls, UpgradeHandler handler,
            Step step) {
        try {
            Transport transport = channel instanceof SocketChannel
                    ? SocketTransport.adopt(loop, (SocketChannel) channel)
                    : StreamTransport.adopt(loop, channel);
            if (tls != null) {
                transport = TlsTransport.server(transport, tls.newEngine());
            }
            PendingUpgrade upgrade = new PendingUpgrade(transport, handler, step);
            transport.handler(upgrade);
            return upgrade;
        } catch (IOException | RuntimeException e) {
            Failures.log(LOG, Level.DEBUG, "Could not take an accepted socket", e);
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            return null;
        }
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public InetSocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    /** The TLS session the request came over; null for a plain connection. */
    public SSLSession tlsSession() {
        return transport instanceof TlsTransport ? ((TlsTransport) transport).session() : null;
    }

    /**
     * Accepts: writes {@code response} (the 101), opens the connection and runs {@code onOpen} with it
     * before any frame event. Nothing happens if the client left meanwhile. Any thread.
     */
    public void accept(byte[] response, ConnectionConfig config, ConnectionListener listener,
            Consumer<Connection> onOpen) {
        loop.run(() -> {
            if (step == Step.DONE || step == Step.REJECTING) {
                return; // the client left, or timed out, while the upgrade was being decided
            }
            step = Step.DONE;
            leavePending();
            cancelTimer();
            ByteBuffer bytes = early;
            early = null;
            Connection.open(transport, config, listener, response, bytes, onOpen);
        });
    }

    /** Answers with an HTTP error {@code response} and closes. Any thread. */
    public void reject(byte[] response) {
        loop.run(() -> {
            if (step == Step.DONE || step == Step.REJECTING) {
                return;
            }
            step = Step.REJECTING;
            leavePending();
            cancelTimer();
            early = null;
            answer = ByteBuffer.wrap(response);
            timer = loop.schedule(this::close, REJECT_LINGER_MILLIS * 1_000_000);
            transport.readInterest(true); // to see the client's end of stream
            onWritable();
        });
    }

    // ---------------------------------------------------------------- transport events

    @Override
    public void onReadable() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int count;
        try {
            count = transport.read(buffer);
        } catch (IOException e) {
            close();
            return;
        }
        if (count < 0) {
            close();
            return;
        }
        buffer.flip();
        if (step == Step.READING) {
            readHead(buffer);
        } else if (step == Step.DECIDING) {
            early = InputBytes.append(early, buffer);
        }
        // REJECTING: whatever else the client sends is dropped until its end of stream
    }

    private void readHead(ByteBuffer input) {
        HttpHeadParser.Status status = headParser.parse(input);
        if (status == HttpHeadParser.Status.NEED_MORE) {
            return;
        }
        HttpHeadParser parser = headParser;
        headParser = null;
        if (status == HttpHeadParser.Status.ERROR) {
            reject(HandshakeRejection.of(parser.errorStatus(), parser.errorMessage()).toBytes());
            handler.onInvalidRequest(this, parser.errorStatus(), parser.errorMessage());
            return;
        }
        if (input.hasRemaining()) {
            early = InputBytes.copyOf(input);
        }
        step = Step.DECIDING;
        transport.readInterest(false);
        handler.onUpgradeRequest(this, parser.head());
    }

    @Override
    public void onWritable() {
        if (step != Step.REJECTING || answer == null) {
            return;
        }
        try {
            transport.write(answer);
            if (answer.hasRemaining()) {
                transport.writeInterest(true);
                return;
            }
            answer = null;
            transport.writeInterest(false);
            transport.shutdownOutput();
        } catch (IOException e) {
            close();
        }
    }

    private void timedOut() {
        timer = null;
        close();
    }

    private void close() {
        step = Step.DONE;
        leavePending();
        cancelTimer();
        early = null;
        transport.close();
    }

    /** No longer reading or deciding: out of the server's pending count. */
    private void leavePending() {
        if (pendingCount != null) {
            pendingCount.decrementAndGet();
            pendingCount = null;
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
        close();
    }

    @Override
    public void onUnexpectedError(Throwable error) {
        Failures.log(LOG, Level.ERROR, "Unexpected error during an upgrade; closing its socket", error);
        close();
    }
}
