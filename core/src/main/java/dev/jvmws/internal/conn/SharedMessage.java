package dev.jvmws.internal.conn;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.MessageDeflater;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.extension.ZlibStreams;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One message sent to many connections (a server's broadcast), framed once per distinct way the
 * receivers need it: one uncompressed frame for every receiver without permessage-deflate (or below
 * its threshold), and one compressed frame per window size the receivers agreed to. A compressed
 * frame is compressed without context (no back-reference before the message), so it is valid in any
 * receiver's stream whatever that receiver's history; each receiver then adds the message to its own
 * history as if it had compressed it itself (see {@link MessageDeflater#sentCompressedElsewhere}).
 * Frames are unmasked: only a server broadcasts.
 *
 * <p>Not thread-safe: one broadcast's caller frames it, from one thread; the frames are immutable and
 * shared by the receivers' loops as read-only views.
 */
public final class SharedMessage implements AutoCloseable {
    private final int opcode;
    private final ByteBuffer payload;
    private ByteBuffer plainFrame;
    /** Compressed frames by window bits; a null value means "did not shrink: send it plain". */
    private final Map<Integer, ByteBuffer> compressedFrames = new HashMap<>(4);
    /** Zlib streams for compressing, from the caller's loop or made for this message (then ended). */
    private ZlibStreams zlib;
    private boolean ownZlib;

    /** {@code payload} must not change while the message is being sent (it is not copied). */
    public SharedMessage(int opcode, ByteBuffer payload) {
        this.opcode = opcode;
        this.payload = payload.asReadOnlyBuffer();
    }

    /** The message's bytes (read-only). */
    ByteBuffer payload() {
        return payload.duplicate();
    }

    /**
     * The frame for {@code connection}: compressed when it negotiated permessage-deflate, the message
     * reaches its threshold and compressing shrinks it; else plain. Returns a buffer shared with other receivers: never
     * written to.
     */
    ByteBuffer frameFor(Connection connection) {
        ConnectionConfig config = connection.config();
        DeflateParameters deflate = config.deflate();
        // Below the threshold a message goes plain even with context takeover (where a connection's own
        // sends compress everything): a shared frame has no history to gain from.
        if (deflate == null || payload.remaining() < config.deflateOptions().threshold()) {
            return plainFrame();
        }
        int windowBits = deflate.maxWindowBits(true);
        if (!compressedFrames.containsKey(windowBits)) {
            compressedFrames.put(windowBits, compress(connection, windowBits));
        }
        ByteBuffer frame = compressedFrames.get(windowBits);
        return frame != null ? frame : plainFrame();
    }

    /** Whether {@code frame} (one {@link #frameFor} returned) carries the message compressed. */
    static boolean isCompressed(ByteBuffer frame) {
        return (frame.get(frame.position()) & Opcode.RSV1) != 0;
    }

    private ByteBuffer plainFrame() {
        if (plainFrame == null) {
            plainFrame = frame(0, payload());
        }
        return plainFrame;
    }

    private ByteBuffer compress(Connection connection, int windowBits) {
        PerMessageDeflateOptions options = connection.config().deflateOptions();
        MessageDeflater deflater = new MessageDeflater(windowBits, true, options.level(), options.strategy(),
                zlib(connection));
        try {
            ByteBuffer compressed = deflater.compress(payload(), true);
            return compressed == null ? null : frame(Opcode.RSV1, compressed);
        } finally {
            deflater.release();
        }
    }

    /** On a loop thread, that loop's pooled streams (one thread uses them); elsewhere a pool of our own. */
    private ZlibStreams zlib(Connection connection) {
        if (zlib == null) {
            if (connection.eventLoop().inEventLoop()) {
                zlib = connection.eventLoop().zlib;
            } else {
                zlib = ZlibStreams.pooled();
                ownZlib = true;
            }
        }
        return zlib;
    }

    private ByteBuffer frame(int rsv, ByteBuffer body) {
        int length = body.remaining();
        ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerSize(length, false) + length);
        FrameWriter.writeHeader(frame, true, rsv, opcode, length, false, 0);
        frame.put(body).flip();
        return frame.asReadOnlyBuffer();
    }

    /** Ends the zlib streams made for this message (the frames stay valid). */
    @Override
    public void close() {
        if (ownZlib) {
            zlib.close();
        }
        zlib = null;
        ownZlib = false;
    }
}
