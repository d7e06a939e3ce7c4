package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.Failures;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The sends a connection takes from any thread — data frames, a broadcast's shared frames, pings and
 * pongs: each reserves its bytes against {@code maxBufferedBytes} on the calling thread, then hands
 * over to the loop, where the state is checked and the frame encoded into the {@link Outbound} queue.
 * The close frame is the {@link Connection}'s own (it is part of the closing policy).
 */
public final class Sends {
    private static final System.Logger LOG = System.getLogger(Sends.class.getName());

    private final Connection connection;
    private final Outbound out;
    private final WireCodec codec;
    private final ConnectionConfig config;

    Sends(Connection connection, Outbound out, WireCodec codec, ConnectionConfig config) {
        this.connection = connection;
        this.out = out;
        this.codec = codec;
        this.config = config;
    }

    /**
     * Sends a data frame ({@code opcode} TEXT or BINARY; a frame continuing an unfinished message is
     * sent as CONTINUATION). Large payloads are not copied: their bytes must not change until
     * {@code done} completes. {@code mask} null means "as the role requires". {@code compress} asks
     * for permessage-deflate when negotiated; the first frame of a message decides for all its frames.
     * While {@code sender}'s message is unfinished ({@code fin} false), other senders' frames wait
     * for its end (see {@link MessageOrder}).
     *
     * @return false, sending nothing, when the queue already holds {@code maxBufferedBytes}
     */
    public boolean send(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            Object sender, CompletableFuture<Void> done) {
        if (!out.reserve(codec.frameBytes(payload.remaining(), mask), config.maxBufferedBytes())) {
            return false;
        }
        if (connection.eventLoop().inEventLoop()) {
            sendData(opcode, payload, fin, compress, mask, sender, done); // an echo: no task to allocate
        } else {
            connection.eventLoop().execute(() -> sendData(opcode, payload, fin, compress, mask, sender, done));
        }
        return true;
    }

    private void sendData(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            Object sender, CompletableFuture<Void> done) {
        if (!connection.canSend(done)) {
            return;
        }
        if (!out.admit(sender, () -> sendData(opcode, payload, fin, compress, mask, sender, done))) {
            return;
        }
        connection.messageQueued(fin);
        try {
            out.sendData(codec, opcode, payload, fin, compress, mask, sender, done, config.highWaterMark());
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            Failures.log(LOG, Level.ERROR, "Compressing a message failed; failing the connection with 1011", e);
            connection.failInternally(e);
        }
    }

    /**
     * Sends {@code message}, framed once for many connections (a server's broadcast; see
     * {@link SharedMessage}): the frame this connection needs is chosen on the calling thread and
     * queued as a read-only view, never copied. It waits behind a message another sender left
     * unfinished, as any send.
     *
     * @return false, sending nothing, when the queue already holds {@code maxBufferedBytes}
     */
    public boolean sendShared(SharedMessage message, CompletableFuture<Void> done) {
        ByteBuffer frame = message.frameFor(connection);
        if (!out.reserve(frame.remaining(), config.maxBufferedBytes())) {
            return false;
        }
        ByteBuffer compressedMessage = SharedMessage.isCompressed(frame) ? message.payload() : null;
        connection.eventLoop().run(() -> sendSharedOnLoop(frame, compressedMessage, done));
        return true;
    }

    private void sendSharedOnLoop(ByteBuffer frame, ByteBuffer compressedMessage, CompletableFuture<Void> done) {
        if (!connection.canSend(done)) {
            return;
        }
        if (!out.admit(frame, () -> sendSharedOnLoop(frame, compressedMessage, done))) {
            return;
        }
        connection.messageQueued(true);
        codec.sentShared(compressedMessage);
        out.sendEncoded(frame.duplicate(), done, config.highWaterMark());
    }

    /** Whether more than the high-water mark waits to be written (the connection is behind its peer). */
    public boolean isBehind() {
        return out.bufferedAmount() > config.highWaterMark();
    }

    /** Sends a ping or pong (payload ≤ 125 bytes, checked by the caller); it may pass queued data frames. */
    public void sendControl(int opcode, ByteBuffer payload, Boolean mask, CompletableFuture<Void> done) {
        out.add(codec.frameBytes(payload.remaining(), mask));
        connection.eventLoop().run(() -> {
            if (connection.canSend(done)) {
                out.queueControl(codec.encodeControl(opcode, payload, mask, out.control()), done);
            }
        });
    }
}
