package dev.jvmws.internal.io;

import java.nio.ByteBuffer;

/** Keeping input read into the loop's shared buffer beyond the call that read it, and handing kept bytes on. */
public final class InputBytes {
    private InputBytes() {}

    /** A heap copy of {@code input}'s remaining bytes (consumed). */
    public static ByteBuffer copyOf(ByteBuffer input) {
        ByteBuffer copy = ByteBuffer.allocate(input.remaining());
        copy.put(input);
        return copy.flip();
    }

    /** {@code existing} (may be null) followed by {@code input}'s remaining bytes (consumed), in a new buffer. */
    public static ByteBuffer append(ByteBuffer existing, ByteBuffer input) {
        if (existing == null) {
            return copyOf(input);
        }
        ByteBuffer joined = ByteBuffer.allocate(existing.remaining() + input.remaining());
        joined.put(existing).put(input);
        return joined.flip();
    }

    /** Moves as many of {@code from}'s remaining bytes as {@code into} has room for; returns how many. */
    public static int move(ByteBuffer from, ByteBuffer into) {
        int count = Math.min(into.remaining(), from.remaining());
        into.put(into.position(), from, from.position(), count);
        into.position(into.position() + count);
        from.position(from.position() + count);
        return count;
    }
}
