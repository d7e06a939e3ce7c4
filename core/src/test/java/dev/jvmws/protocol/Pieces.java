package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The kinds of input buffer a parser may be given: heap or direct, either byte order. Each piece is a
 * fresh copy (the parser unmasks in place) in a slice of a larger buffer, with a non-zero position, so
 * code that confuses absolute and relative indexes or ignores {@code arrayOffset} shows up.
 */
enum Pieces {
    HEAP(false, ByteOrder.BIG_ENDIAN),
    HEAP_LITTLE_ENDIAN(false, ByteOrder.LITTLE_ENDIAN),
    DIRECT(true, ByteOrder.BIG_ENDIAN),
    DIRECT_LITTLE_ENDIAN(true, ByteOrder.LITTLE_ENDIAN);

    private static final int LEAD = 2;
    private static final int POSITION = 3;
    private static final int TRAIL = 5;

    private final boolean direct;
    private final ByteOrder order;

    Pieces(boolean direct, ByteOrder order) {
        this.direct = direct;
        this.order = order;
    }

    /** A copy of {@code bytes[from, to)} between the position and limit of a new buffer of this kind. */
    ByteBuffer wrap(byte[] bytes, int from, int to) {
        int length = to - from;
        int capacity = LEAD + POSITION + length + TRAIL;
        ByteBuffer whole = direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        ByteBuffer piece = whole.position(LEAD).slice();
        piece.position(POSITION);
        piece.put(bytes, from, length);
        piece.flip().position(POSITION);
        return piece.order(order);
    }
}
