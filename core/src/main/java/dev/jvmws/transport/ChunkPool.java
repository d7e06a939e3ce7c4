package dev.jvmws.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that outbound frames are encoded into, recycled per event loop. Direct, so a write
 * needs no copy into a temporary native buffer; pooled, so an idle connection holds none and a busy
 * one reuses the same few. The pool keeps at most {@link #MAX_POOLED_CHUNKS}; more are left to GC.
 *
 * <p>Not thread-safe: owned by one {@link EventLoop}.
 */
final class ChunkPool {
    static final int CHUNK_BYTES = 16 * 1024;
    static final int MAX_POOLED_CHUNKS = 256;

    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    ByteBuffer acquire() {
        ByteBuffer chunk = free.pollFirst();
        return chunk != null ? chunk.clear() : ByteBuffer.allocateDirect(CHUNK_BYTES);
    }

    void release(ByteBuffer chunk) {
        if (free.size() < MAX_POOLED_CHUNKS) {
            free.addFirst(chunk);
        }
    }
}
