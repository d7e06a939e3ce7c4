package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;

/**
 * The bytes of one message (or frame) being assembled, held in chunks that grow with what the peer
 * actually sent: a peer that declares a 64 MiB frame and trickles it makes us hold what arrived plus
 * at most one chunk, never a buffer sized by the declaration or doubled past what came (doubling one
 * array held up to 3× the bytes received, and an attacker's 200 trickled frames exhausted the heap).
 *
 * <p>A message that fits its first chunk is handed over without a copy; a message that spans several
 * chunks is copied once, into an exactly sized array, when it completes.
 *
 * <p>Not thread-safe: owned by one {@link MessageAssembler}.
 */
final class MessageBuffer {
    /** Frames up to this size known to be a whole message get one exactly sized array. */
    static final int EXACT_ALLOCATION_BYTES = 64 * 1024;
    /**
     * Larger whole-message frames, up to this size, get one exact array too when their first piece
     * brought at least a quarter of them (a 1 MiB message read 256 KiB at a time is not copied): the
     * array is then at most 4× what arrived, and never more than this.
     */
    static final int EXACT_ALLOCATION_LIMIT_BYTES = 1 << 20;
    /** Smallest chunk for a message of unknown or larger size. */
    static final int MIN_CHUNK_BYTES = 16 * 1024;
    /** Largest chunk: the most a buffer ever holds beyond what arrived. */
    static final int MAX_CHUNK_BYTES = 1 << 20;
    /** Java arrays stop a little short of Integer.MAX_VALUE. */
    private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static final byte[] EMPTY = new byte[0];

    /** Full chunks before {@link #current}, in order; null until a message spans two chunks. */
    private ArrayList<byte[]> full;
    private byte[] current;
    private int currentUsed;
    private long size;
    private long capacity;

    /** Bytes held so far. */
    long size() {
        return size;
    }

    /** Bytes allocated: what this buffer costs the heap, counted against memory budgets. */
    long capacity() {
        return capacity;
    }

    /**
     * Appends {@code src}'s remaining bytes (advancing its position).
     *
     * @param knownRemaining bytes certain to come before the message ends, counting these ({@code -1}
     *     when unknown): lets the buffer size its last chunk exactly
     */
    void append(ByteBuffer src, long knownRemaining) {
        while (src.hasRemaining()) {
            int room = room(src.remaining(), knownRemaining);
            int take = Math.min(room, src.remaining());
            src.get(current, currentUsed, take);
            currentUsed += take;
            size += take;
            if (knownRemaining > 0) {
                knownRemaining -= take;
            }
        }
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}; the size is not known ahead. */
    void append(byte[] bytes, int offset, int length) {
        while (length > 0) {
            int take = Math.min(room(length, -1), length);
            System.arraycopy(bytes, offset, current, currentUsed, take);
            currentUsed += take;
            size += take;
            offset += take;
            length -= take;
        }
    }

    /**
     * Hands over the bytes held as one buffer (backed by an array, position 0) and empties this
     * buffer. The caller owns the result.
     */
    ByteBuffer take() {
        ByteBuffer result;
        if (full == null) {
            result = current == null ? ByteBuffer.wrap(EMPTY) : ByteBuffer.wrap(current, 0, currentUsed).slice();
        } else {
            byte[] all = new byte[(int) size];
            int at = 0;
            for (byte[] chunk : full) {
                System.arraycopy(chunk, 0, all, at, chunk.length);
                at += chunk.length;
            }
            System.arraycopy(current, 0, all, at, currentUsed);
            result = ByteBuffer.wrap(all);
        }
        clear();
        return result;
    }

    /** Drops everything held. */
    void clear() {
        full = null;
        current = null;
        currentUsed = 0;
        size = 0;
        capacity = 0;
    }

    /** Room in the current chunk, starting a new one (sized for {@code wanted} more bytes) when it is full. */
    private int room(int wanted, long knownRemaining) {
        if (current != null && currentUsed < current.length) {
            return current.length - currentUsed;
        }
        if (size + wanted > MAX_ARRAY_BYTES) {
            // Callers bound messages by maxPayload long before this; an unlimited peer must not overflow.
            throw new IllegalStateException("message larger than a Java array");
        }
        int chunk = chunkSize(wanted, knownRemaining);
        if (current != null) {
            if (full == null) {
                full = new ArrayList<>();
            }
            full.add(current);
        }
        current = new byte[chunk];
        currentUsed = 0;
        capacity += chunk;
        return chunk;
    }

    private int chunkSize(int wanted, long knownRemaining) {
        if (size == 0 && knownRemaining >= wanted && (knownRemaining <= EXACT_ALLOCATION_BYTES
                || (knownRemaining <= EXACT_ALLOCATION_LIMIT_BYTES && knownRemaining <= 4L * wanted))) {
            return (int) knownRemaining; // the common small message: one array, handed over uncopied
        }
        // A quarter of what arrived: few chunks for a large message, little slack for a trickled one.
        long chunk = Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, size / 4));
        if (knownRemaining >= wanted) {
            chunk = Math.min(chunk, knownRemaining);
        }
        chunk = Math.max(chunk, Math.min(wanted, MAX_CHUNK_BYTES));
        return (int) Math.min(chunk, MAX_ARRAY_BYTES - size);
    }
}
