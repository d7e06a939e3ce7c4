package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * XOR masking of payload bytes (RFC 6455 §5.3), eight bytes at a time.
 *
 * <p>The mask key is handled as a big-endian {@code int}: its most significant byte masks the first
 * payload byte. Masking is its own inverse, so {@link #mask} also unmasks. Work is done with
 * {@code long} reads and writes whose byte order follows the buffer's, so results are the same for
 * either {@link ByteOrder}.
 *
 * <p>Stateless; safe from any thread (callers own the buffers).
 */
public final class Masking {
    private Masking() {}

    /**
     * XORs {@code buffer[from, to)} in place with the mask key.
     *
     * @param key the four mask bytes as a big-endian int
     * @param keyOffset how many payload bytes precede {@code from} in the frame (only its value
     *     modulo 4 matters): lets a payload that arrives in pieces be unmasked piece by piece
     */
    public static void mask(ByteBuffer buffer, int from, int to, int key, long keyOffset) {
        int k = Integer.rotateLeft(key, 8 * (int) (keyOffset & 3));
        int i = from;
        if (to - from >= 8) {
            long bigEndian = ((long) k << 32) | (k & 0xFFFFFFFFL);
            long wide = buffer.order() == ByteOrder.BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
            int wideEnd = to - 7;
            for (; i < wideEnd; i += 8) {
                buffer.putLong(i, buffer.getLong(i) ^ wide);
            }
        }
        // The word loop advanced a multiple of 8 bytes, so the key phase at i is the phase at from.
        for (int shift = 24; i < to; i++, shift = (shift - 8) & 31) {
            buffer.put(i, (byte) (buffer.get(i) ^ (k >>> shift)));
        }
    }

    /**
     * Copies {@code source}'s remaining bytes into {@code target} at its position, masked; advances
     * both buffers.
     */
    public static void copyMasked(ByteBuffer source, ByteBuffer target, int key) {
        int start = target.position();
        target.put(source);
        mask(target, start, target.position(), key, 0);
    }
}
