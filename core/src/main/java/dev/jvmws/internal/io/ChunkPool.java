package dev.jvmws.internal.io;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Buffers that outbound frames are encoded into, recycled per event loop. Up to
 * {@link #MAX_DIRECT_CHUNKS} direct chunks per loop, made on demand and then kept: direct, so a write
 * needs no copy into a temporary native buffer; pooled, so an idle connection holds none and a busy
 * one reuses the same few.
 *
 * <p>When all of them are queued at once (a broadcast has just put a frame on more connections than
 * that), the overflow gets plain heap buffers of the size asked for, left to GC. Allocating direct
 * chunks instead cost a malloc and a 16 KiB zeroing per frame, and a burst of them ran into the
 * JDK's direct-memory limit, where the allocating thread waits for a full GC: broadcasting to 1,000
 * connections held every delivery up by ~100 ms at the 99th percentile.
 *
 * <p>Not thread-safe: owned by one {@link EventLoop}.
 */
public final class ChunkPool {
    public static final int CHUNK_BYTES = 16 * 1024;
    static final int MAX_DIRECT_CHUNKS = 256;
    /** Overflow buffers are at least this big, so a busy connection appends a few frames to one. */
    static final int MIN_OVERFLOW_BYTES = 1024;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int directChunks;

    /** A buffer in write mode with room for at least {@code bytes} (at most {@link #CHUNK_BYTES}). */
    public ByteBuffer acquire(int bytes) {
        ByteBuffer chunk = free.pollFirst();
        if (chunk != null) {
            return chunk.clear();
        }
        if (directChunks < MAX_DIRECT_CHUNKS) {
            directChunks++;
            return ByteBuffer.allocateDirect(CHUNK_BYTES);
        }
        return ByteBuffer.allocate(Math.max(bytes, MIN_OVERFLOW_BYTES));
    }

    /** Takes back a buffer from {@link #acquire}: direct chunks are kept, overflow buffers dropped. */
    public void release(ByteBuffer chunk) {
        if (chunk.isDirect()) {
            free.addFirst(chunk);
        }
    }

    /** Direct chunks made so far (never more than {@link #MAX_DIRECT_CHUNKS}). */
    public int directChunks() {
        return directChunks;
    }
}
