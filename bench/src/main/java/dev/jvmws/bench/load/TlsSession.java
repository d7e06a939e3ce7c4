package dev.jvmws.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * One load connection's TLS: an {@link SSLEngine} between its socket and its plaintext. Ciphertext is
 * read into, decrypted into and encrypted into its loop's shared buffers; a connection keeps bytes of
 * its own only while it must (the start of a record whose end has not arrived, ciphertext the socket
 * did not take), so an idle connection (M1T) holds its engine and nothing else. Delegated tasks run
 * inline: they are the generator's cost, the same for every server.
 *
 * <p>Not thread-safe: owned by one {@link LoadConnection}, on its loop's thread.
 */
final class TlsSession {
    /** What the session reports to its connection. */
    interface Owner {
        /** The handshake finished: application data may be sent. */
        void onEstablished() throws IOException;

        /** Decrypted bytes, {@code data} readable until the call returns. */
        void onPlaintext(ByteBuffer data) throws IOException;

        /** Whether the connection closed meanwhile (then the rest of the input is dropped). */
        boolean isClosed();
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Records encrypted into one write, at most: a 1 MiB message leaves in 16 writes, not 64. */
    private static final int RECORDS_PER_WRITE = 4;

    private final SSLEngine engine;
    private final LoadLoop loop;
    private final SocketChannel channel;
    private final Owner owner;
    private final int packetBytes;
    private final int plaintextBytes;

    /** Ciphertext read but not yet decrypted (an incomplete record), in read mode; null when none. */
    private ByteBuffer partialRecord;
    /** Ciphertext the socket did not take yet, in read mode; null when none. */
    private ByteBuffer unsent;
    private boolean established;

    TlsSession(SSLEngine engine, LoadLoop loop, SocketChannel channel, Owner owner) {
        this.engine = engine;
        this.loop = loop;
        this.channel = channel;
        this.owner = owner;
        // Before the handshake these are the largest the engine may need.
        this.packetBytes = engine.getSession().getPacketBufferSize();
        this.plaintextBytes = engine.getSession().getApplicationBufferSize();
    }

    /** Sends the ClientHello (or keeps it in {@link #hasUnsent()} if the socket is full). */
    void begin() throws IOException {
        engine.beginHandshake();
        advanceHandshake();
    }

    boolean isEstablished() {
        return established;
    }

    /** Whether ciphertext is waiting for the socket (wait for OP_WRITE, then {@link #flushUnsent()}). */
    boolean hasUnsent() {
        return unsent != null;
    }

    /** Writes waiting ciphertext; true when none is left. */
    boolean flushUnsent() throws IOException {
        if (unsent == null) {
            return true;
        }
        channel.write(unsent);
        if (unsent.hasRemaining()) {
            return false;
        }
        unsent = null;
        return true;
    }

    /**
     * Encrypts plaintext from {@code source} (up to {@value #RECORDS_PER_WRITE} records) and writes it.
     * Returns true if the socket took all of it; {@code source} may still have bytes left for the next
     * call. Returns false if ciphertext is waiting: nothing is encrypted while it is.
     */
    boolean write(ByteBuffer source) throws IOException {
        if (!flushUnsent()) {
            return false;
        }
        ByteBuffer net = loop.tlsOutputBuffer(RECORDS_PER_WRITE * packetBytes);
        net.clear();
        HandshakeStatus status = HandshakeStatus.NOT_HANDSHAKING;
        while (source.hasRemaining() && net.remaining() >= packetBytes) {
            SSLEngineResult result = engine.wrap(source, net);
            checkWrap(result);
            status = result.getHandshakeStatus();
            if (status != HandshakeStatus.NOT_HANDSHAKING) {
                break;
            }
        }
        net.flip();
        boolean sent = send(net);
        if (status != HandshakeStatus.NOT_HANDSHAKING) {
            advanceHandshake();
        }
        return sent && unsent == null;
    }

    /**
     * Reads what the socket has, decrypts it and hands the plaintext to the owner (handshake messages
     * are consumed here, and the handshake answered). Returns false at the end of the stream: the
     * server's close_notify, or TCP's end.
     */
    boolean read() throws IOException {
        ByteBuffer net = loop.readBuffer();
        net.clear();
        if (partialRecord != null) {
            net.put(partialRecord);
            partialRecord = null;
        }
        int n = channel.read(net);
        net.flip();
        if (n < 0) {
            return false;
        }
        ByteBuffer plain = loop.tlsPlaintextBuffer(plaintextBytes);
        plain.clear();
        boolean closeNotify = false;
        while (net.hasRemaining() && !owner.isClosed()) {
            SSLEngineResult result = engine.unwrap(net, plain);
            SSLEngineResult.Status status = result.getStatus();
            if (status == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                deliver(plain);
                continue;
            }
            if (status == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                break;
            }
            boolean progressed = result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            HandshakeStatus handshake = result.getHandshakeStatus();
            if (handshake != HandshakeStatus.NOT_HANDSHAKING || !established) {
                // The engine may refuse to read on until it has answered (NEED_WRAP): answering is progress.
                progressed |= handshake == HandshakeStatus.NEED_WRAP || handshake == HandshakeStatus.NEED_TASK;
                advanceHandshake();
            }
            if (status == SSLEngineResult.Status.CLOSED) {
                closeNotify = true;
                break;
            }
            if (!progressed) {
                break;
            }
        }
        if (!owner.isClosed()) {
            deliver(plain);
        }
        if (net.hasRemaining() && !closeNotify && !owner.isClosed()) {
            partialRecord = ByteBuffer.allocate(net.remaining());
            partialRecord.put(net).flip();
        }
        return !closeNotify;
    }

    /**
     * Sends close_notify if the socket takes it at once; never waits. For a connection being closed:
     * what a well-behaved client sends before its FIN.
     */
    void closeQuietly() {
        if (!established || unsent != null) {
            return;
        }
        try {
            engine.closeOutbound();
            ByteBuffer net = loop.tlsOutputBuffer(RECORDS_PER_WRITE * packetBytes);
            net.clear();
            engine.wrap(EMPTY, net);
            net.flip();
            channel.write(net);
        } catch (IOException | RuntimeException ignored) {
            // The socket is being closed anyway; close_notify is a courtesy.
        }
    }

    /** Runs tasks and sends handshake messages until the engine waits for the server or is done. */
    private void advanceHandshake() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                ByteBuffer net = loop.tlsOutputBuffer(RECORDS_PER_WRITE * packetBytes);
                net.clear();
                checkWrap(engine.wrap(EMPTY, net));
                net.flip();
                send(net);
            } else {
                if (!established && status == HandshakeStatus.NOT_HANDSHAKING) {
                    established = true;
                    owner.onEstablished();
                }
                return;
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private void checkWrap(SSLEngineResult result) throws SSLException {
        switch (result.getStatus()) {
            case OK:
                return;
            case CLOSED:
                throw new SSLException("the TLS session is closed");
            default:
                // The buffer always has room for a whole record, so this is a bug, not back-pressure.
                throw new IllegalStateException("wrap: " + result);
        }
    }

    /** Writes {@code net} (ciphertext, read mode), keeping what the socket does not take, in order. */
    private boolean send(ByteBuffer net) throws IOException {
        if (!net.hasRemaining()) {
            return unsent == null;
        }
        if (unsent == null) {
            channel.write(net);
            if (!net.hasRemaining()) {
                return true;
            }
            unsent = ByteBuffer.allocate(net.remaining());
            unsent.put(net).flip();
            return false;
        }
        ByteBuffer more = ByteBuffer.allocate(unsent.remaining() + net.remaining());
        more.put(unsent).put(net).flip();
        unsent = more;
        return false;
    }

    private void deliver(ByteBuffer plain) throws IOException {
        if (plain.position() > 0) {
            plain.flip();
            owner.onPlaintext(plain);
            plain.clear();
        }
    }
}
