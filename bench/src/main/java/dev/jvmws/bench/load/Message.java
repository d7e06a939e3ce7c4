package dev.jvmws.bench.load;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The message a workload sends, pre-built once. A message has one or more variants (different
 * payloads), sent in turn by each connection; the wire bytes of every variant are laid out back to
 * back, followed by the first {@code maxBatch - 1} variants again, so that sending k messages
 * (k ≤ maxBatch) from any variant on is one write of one contiguous slice of the same buffer. With
 * one variant that is simply {@code maxBatch} copies. For a WebSocket target the wire bytes are masked
 * frames (compressed ones with RSV1 set, {@link #compressed}); for a raw TCP target they are the bare
 * payload, and the echo is counted in bytes. Immutable; thread-safe (connections take views).
 */
public final class Message {
    private final ByteBuffer frames;
    /** Where the i-th laid-out message starts in {@link #frames}; the last entry is the end. */
    private final int[] offsets;
    private final int variants;
    private final int maxBatch;
    private final boolean raw;
    /** Whether the target negotiates permessage-deflate, so replies may arrive compressed. */
    private final boolean compressedReplies;

    private Message(List<byte[]> wireMessages, int maxBatch, boolean raw, boolean compressedReplies) {
        this.variants = wireMessages.size();
        this.maxBatch = maxBatch;
        this.raw = raw;
        this.compressedReplies = compressedReplies;
        int laidOut = variants + maxBatch - 1;
        this.offsets = new int[laidOut + 1];
        long total = 0;
        for (int i = 0; i < laidOut; i++) {
            offsets[i] = (int) total;
            total += wireMessages.get(i % variants).length;
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("messages too large for one buffer: " + total + " bytes");
            }
        }
        offsets[laidOut] = (int) total;
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) total);
        for (int i = 0; i < laidOut; i++) {
            buffer.put(wireMessages.get(i % variants));
        }
        this.frames = buffer.flip().asReadOnlyBuffer();
    }

    /** {@code payload} as a masked data frame of {@code opcode}, or raw bytes if the target is raw. */
    public static Message of(Target target, int opcode, byte[] payload, int maxBatch) {
        checkBatch(maxBatch);
        if (target.isRaw()) {
            return new Message(List.of(payload), maxBatch, true, false);
        }
        return new Message(List.of(ClientFrames.frameBytes(0, opcode, payload)), maxBatch, false,
                target.offersPerMessageDeflate());
    }

    /** {@link #compressed(Target, int, List, int)} with one payload. */
    public static Message compressed(Target target, int opcode, byte[] payload, int maxBatch) {
        return compressed(target, opcode, List.of(payload), maxBatch);
    }

    /**
     * Each of {@code payloads} compressed once ({@link DeflatedPayload}) and sent as a masked
     * {@code opcode} frame with RSV1 set, the variants in turn, for a target that {@link
     * Target#offersPerMessageDeflate() offers permessage-deflate}; its connections accept compressed
     * replies. Distinct variants keep a server with context takeover from compressing each echo into a
     * reference to the previous one, as it would if every message were the same.
     */
    public static Message compressed(Target target, int opcode, List<byte[]> payloads, int maxBatch) {
        checkBatch(maxBatch);
        if (!target.offersPerMessageDeflate()) {
            throw new IllegalArgumentException("compressed frames need a target that offers permessage-deflate: "
                    + target);
        }
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("no payload to send");
        }
        List<byte[]> frames = new ArrayList<>();
        for (byte[] payload : payloads) {
            frames.add(ClientFrames.frameBytes(ClientFrames.RSV1, opcode, DeflatedPayload.compress(payload)));
        }
        return new Message(frames, maxBatch, false, true);
    }

    private static void checkBatch(int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1: " + maxBatch);
        }
    }

    /** How many different messages are sent in turn. */
    public int variants() {
        return variants;
    }

    /** Bytes variant {@code variant} takes on the wire. */
    public int wireBytes(int variant) {
        return offsets[variant + 1] - offsets[variant];
    }

    /** The most messages one write may carry. */
    public int maxBatch() {
        return maxBatch;
    }

    /** A connection's own view of the shared bytes; it moves position and limit, never the bytes. */
    ByteBuffer newView() {
        ByteBuffer view = frames.duplicate();
        view.limit(0);
        return view;
    }

    /**
     * Sets {@code view} (from {@link #newView()}) to the {@code count} messages from variant
     * {@code first} on (count ≤ {@link #maxBatch()}); the next send starts at variant
     * {@code (first + count) % variants()}.
     */
    void select(ByteBuffer view, int first, int count) {
        view.limit(offsets[first + count]);
        view.position(offsets[first]);
    }

    /** What counts this message's echoes: frames for WebSocket, bytes for raw TCP. */
    ReplyCounter newReplyCounter() {
        if (raw) {
            if (variants != 1) {
                throw new IllegalStateException("a raw echo is counted in bytes of one payload");
            }
            return new RawReplyCounter(wireBytes(0));
        }
        return new ServerFrameReader(compressedReplies);
    }
}
