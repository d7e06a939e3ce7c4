package dev.jvmws.bench.load;

import java.nio.ByteBuffer;

/**
 * The message a workload sends, pre-built once: {@code maxBatch} copies of its wire bytes back to
 * back, so that sending k messages (k ≤ maxBatch) is one write of the first k copies of the same
 * buffer. For a WebSocket target the wire bytes are a masked frame; for a raw TCP target they are the
 * bare payload, and the echo is counted in bytes. Immutable; thread-safe (connections take views).
 */
public final class Message {
    private final ByteBuffer batch;
    private final int wireBytes;
    private final int maxBatch;
    private final boolean raw;

    private Message(ByteBuffer batch, int wireBytes, int maxBatch, boolean raw) {
        this.batch = batch;
        this.wireBytes = wireBytes;
        this.maxBatch = maxBatch;
        this.raw = raw;
    }

    /** {@code payload} as a masked data frame of {@code opcode}, or raw bytes if the target is raw. */
    public static Message of(Target target, int opcode, byte[] payload, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
        }
        if (target.isRaw()) {
            ByteBuffer batch = ByteBuffer.allocateDirect(payload.length * maxBatch);
            for (int i = 0; i < maxBatch; i++) {
                batch.put(payload);
            }
            batch.flip();
            return new Message(batch.asReadOnlyBuffer(), payload.length, maxBatch, true);
        }
        return new Message(ClientFrames.repeated(opcode, payload, maxBatch), ClientFrames.frameSize(payload.length),
                maxBatch, false);
    }

    /** Bytes one message takes on the wire. */
    public int wireBytes() {
        return wireBytes;
    }

    /** The most messages one write may carry. */
    public int maxBatch() {
        return maxBatch;
    }

    /** A connection's own view of the shared bytes; it moves position and limit, never the bytes. */
    ByteBuffer newView() {
        ByteBuffer view = batch.duplicate();
        view.limit(0);
        return view;
    }

    /** What counts this message's echoes: frames for WebSocket, bytes for raw TCP. */
    ReplyCounter newReplyCounter() {
        return raw ? new RawReplyCounter(wireBytes) : new ServerFrameReader();
    }
}
