package dev.jvmws.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLHandshakeException;

/**
 * The receiving half of a {@link TlsTransport}: ciphertext from the socket, decrypted by the engine
 * into the handler's buffer. What one read cannot finish stays here: a partial record (in this
 * connection's own buffer, into which the socket's next bytes are read, so a peer trickling a record
 * a byte at a time costs a byte's work per read rather than a copy of the record), or plaintext the
 * handler's buffer had no room for. Loop thread.
 */
final class TlsInput {
    private final TlsTransport tls;
    /** Ciphertext read and not yet decrypted (a partial record); null when none. Read mode. */
    private ByteBuffer netLeft;
    /** Plaintext decrypted and not yet read by the handler; null when none. Read mode. */
    private ByteBuffer plainLeft;
    /** The socket reached its end of stream (ciphertext kept before it may still be decrypted). */
    private boolean socketEnded;
    /** Input ended: the peer's close_notify, or its end of stream. */
    private boolean ended;

    TlsInput(TlsTransport tls) {
        this.tls = tls;
    }

    /** Whether input is held here that no socket event will announce. */
    boolean hasBuffered() {
        return plainLeft != null || netLeft != null;
    }

    /**
     * Decrypts the handshake records the socket has, as long as the engine wants to unwrap (a peer's
     * flight arrives as several records in one segment: one read for all of them); false when a record
     * is not complete yet.
     */
    boolean unwrapHandshake() throws IOException {
        SSLEngine engine = tls.engine();
        ByteBuffer net = readCiphertext();
        if (net == null) {
            throw new SSLHandshakeException("The peer closed the connection during the TLS handshake");
        }
        ByteBuffer plain = tls.loop().tlsBuffers.plain(engine.getSession().getApplicationBufferSize());
        SSLEngineResult result;
        try {
            do {
                result = engine.unwrap(net, plain);
            } while (result.getStatus() == SSLEngineResult.Status.OK && net.hasRemaining()
                    && isUnwrap(result.getHandshakeStatus()) && plain.position() == 0);
        } finally {
            keepCiphertext(net);
        }
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

    private static boolean isUnwrap(SSLEngineResult.HandshakeStatus status) {
        return status == SSLEngineResult.HandshakeStatus.NEED_UNWRAP
                || status == SSLEngineResult.HandshakeStatus.NEED_UNWRAP_AGAIN;
    }

    /** {@link TlsTransport#read} after the handshake: plaintext into {@code into}, -1 at the end. */
    int read(ByteBuffer into) throws IOException {
        if (plainLeft != null) {
            return takePlaintext(into);
        }
        if (ended) {
            return -1;
        }
        ByteBuffer net = readCiphertext();
        if (net == null) {
            ended = true; // TCP ended without close_notify: the handler sees the end (1006 if open)
            return -1;
        }
        SSLEngine engine = tls.engine();
        int produced = 0;
        boolean needMore = false;
        try {
            while (net.hasRemaining() && into.hasRemaining() && !ended) {
                int applicationBytes = engine.getSession().getApplicationBufferSize();
                ByteBuffer target = into.remaining() >= applicationBytes ? into : tls.loop().tlsBuffers.plain(applicationBytes);
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
                    ended = true; // close_notify
                    break;
                }
                if (!tls.afterHandshakeMessage(result.getHandshakeStatus())) {
                    break;
                }
            }
        } finally {
            keepCiphertext(net);
        }
        if (needMore && socketEnded) {
            ended = true; // a record cut short by the end of the stream: truncated, as TCP without close_notify
        }
        if (plainLeft != null || (netLeft != null && !needMore)) {
            tls.queueReadable(); // decoded input remains that no socket event will announce
        }
        return produced == 0 && ended ? -1 : produced;
    }

    /**
     * Ciphertext to decrypt (read mode): what the socket has now, after the partial record kept from
     * before; null at the end of the stream with nothing kept.
     */
    private ByteBuffer readCiphertext() throws IOException {
        int packetBytes = tls.engine().getSession().getPacketBufferSize();
        ByteBuffer net;
        if (netLeft == null) {
            net = tls.loop().tlsBuffers.netIn(packetBytes);
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
        if (!socketEnded && tls.inner().read(net) < 0) {
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
            int packetBytes = tls.engine().getSession().getPacketBufferSize();
            netLeft = ByteBuffer.allocate(Math.max(packetBytes, net.remaining())).put(net).flip();
        }
    }

    private void keepPlaintext(ByteBuffer plain) {
        if (plain.hasRemaining()) {
            plainLeft = InputBytes.append(plainLeft, plain);
        }
    }

    private int takePlaintext(ByteBuffer into) {
        int count = InputBytes.move(plainLeft, into);
        if (!plainLeft.hasRemaining()) {
            plainLeft = null;
        }
        return count;
    }
}
