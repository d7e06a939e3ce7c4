package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLHandshakeException;

/**
 * The sending half of a {@link TlsTransport}: plaintext (or a handshake message, an alert,
 * close_notify) encrypted by the engine into the loop's buffer, several records per socket write.
 * What the socket does not take stays here until it is writable again; the plaintext it came from
 * counts as taken, so the handler above never resends it. Loop thread.
 */
final class TlsOutput {
    private static final System.Logger LOG = System.getLogger(TlsOutput.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsTransport tls;
    /** Ciphertext the socket did not take yet; null when none. Read mode. */
    private ByteBuffer pending;

    TlsOutput(TlsTransport tls) {
        this.tls = tls;
    }

    boolean hasPending() {
        return pending != null;
    }

    /**
     * Sends the engine's handshake flight: every message it wants to wrap now, in one socket write (a
     * TLS 1.3 server's flight is four or more wraps; one segment wakes the peer once, not per message).
     * False when the socket must drain first.
     */
    boolean wrapHandshake() throws IOException {
        if (pending != null) {
            return false;
        }
        SSLEngine engine = tls.engine();
        int packetBytes = engine.getSession().getPacketBufferSize();
        ByteBuffer out = tls.loop().tlsBuffers.netOut(packetBytes);
        SSLEngineResult result;
        do {
            result = engine.wrap(EMPTY, out);
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLHandshakeException("TLS handshake closed by the engine");
            }
        } while (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                && result.bytesProduced() > 0 && out.remaining() >= packetBytes);
        send(out.flip());
        return pending == null;
    }

    /** Sends what the engine wants to say with no data of ours: a handshake message, a key update, an alert. */
    SSLEngineResult wrapNothing() throws IOException {
        SSLEngine engine = tls.engine();
        ByteBuffer out = tls.loop().tlsBuffers.netOut(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(EMPTY, out);
        send(out.flip());
        return result;
    }

    /** {@link TlsTransport#write} after the handshake: the plaintext bytes taken (0 while the socket is full). */
    long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        if (!flushPending()) {
            return 0;
        }
        SSLEngine engine = tls.engine();
        int packetBytes = engine.getSession().getPacketBufferSize();
        ByteBuffer out = tls.loop().tlsBuffers.netOut(packetBytes);
        long consumed = 0;
        while (remaining(sources, offset, length) > 0) {
            SSLEngineResult result = engine.wrap(sources, offset, length, out);
            consumed += result.bytesConsumed();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new ClosedChannelException();
            }
            if (out.remaining() < packetBytes || result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                send(out.flip());
                if (pending != null) {
                    return consumed; // the socket is full; what it did not take is ours to send
                }
                out.clear();
            }
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
        Transport inner = tls.inner();
        inner.write(out);
        if (out.hasRemaining()) {
            pending = InputBytes.append(pending, out);
            inner.writeInterest(true);
        }
    }

    /** Writes what the socket did not take before; returns whether nothing is left. */
    boolean flushPending() throws IOException {
        if (pending == null) {
            return true;
        }
        Transport inner = tls.inner();
        inner.write(pending);
        if (pending.hasRemaining()) {
            inner.writeInterest(true);
            return false;
        }
        pending = null;
        return true;
    }

    /** Queues close_notify (sent now if the socket takes it); a failure to is only logged. */
    void closeNotify() {
        SSLEngine engine = tls.engine();
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                if (wrapNothing().bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            Failures.log(LOG, Level.DEBUG, "Could not send close_notify", e);
        }
    }

    /** After a failure: the alert the engine may hold tells the peer why, if the socket takes it now. */
    void alertBestEffort() {
        try {
            tls.engine().closeOutbound();
            wrapNothing();
        } catch (IOException | RuntimeException ignored) {
            // the failure is reported either way
        }
    }
}
