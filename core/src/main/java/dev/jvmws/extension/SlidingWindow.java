package dev.jvmws.extension;

/**
 * The last bytes of an LZ77 stream, up to a fixed capacity, kept contiguous so they can be handed to
 * {@code Deflater.setDictionary} / {@code Inflater.setDictionary} without copying.
 *
 * <p>This is what lets a connection with context takeover hold no zlib stream between messages: the
 * peer's window is exactly these bytes, so any pooled (de)compressor primed with them continues the
 * stream. The array grows with the data (an idle connection that exchanged little holds little) up to
 * the capacity.
 *
 * <p>Not thread-safe.
 */
final class SlidingWindow {
    private static final int INITIAL_BYTES = 1024;

    private final int capacity;
    private byte[] bytes;
    private int size;

    SlidingWindow(int capacity) {
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    /** The backing array; the window is {@code [0, size())}. Valid until the next append. */
    byte[] array() {
        return bytes;
    }

    void append(byte[] data, int offset, int length) {
        if (length >= capacity) {
            ensureArray(capacity);
            System.arraycopy(data, offset + length - capacity, bytes, 0, capacity);
            size = capacity;
            return;
        }
        int keep = Math.min(size, capacity - length);
        ensureArray(keep + length);
        if (keep < size) {
            System.arraycopy(bytes, size - keep, bytes, 0, keep);
        }
        System.arraycopy(data, offset, bytes, keep, length);
        size = keep + length;
    }

    void append(java.nio.ByteBuffer data) {
        int length = data.remaining();
        if (data.hasArray()) {
            append(data.array(), data.arrayOffset() + data.position(), length);
            return;
        }
        int skip = Math.max(0, length - capacity);
        byte[] copy = new byte[length - skip];
        data.get(data.position() + skip, copy);
        append(copy, 0, copy.length);
    }

    /** A copy of the window's bytes, for {@link #restore}. */
    byte[] copy() {
        return bytes == null ? new byte[0] : java.util.Arrays.copyOf(bytes, size);
    }

    /** Makes the window exactly {@code saved} (a {@link #copy}) again. */
    void restore(byte[] saved) {
        size = 0;
        append(saved, 0, saved.length);
    }

    void clear() {
        size = 0;
        bytes = null;
    }

    private void ensureArray(int needed) {
        if (bytes == null || bytes.length < needed) {
            int grown = bytes == null ? INITIAL_BYTES : bytes.length * 2;
            byte[] bigger = new byte[Math.min(capacity, Math.max(grown, needed))];
            if (bytes != null) {
                System.arraycopy(bytes, 0, bigger, 0, size);
            }
            bytes = bigger;
        }
    }
}
