package dev.jvmws.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPoolTest {
    private final ChunkPool pool = new ChunkPool();

    @Test
    void makesDirectChunksUpToItsLimitThenHeapBuffersOfTheSizeAskedFor() {
        List<ByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < ChunkPool.MAX_DIRECT_CHUNKS; i++) {
            ByteBuffer chunk = pool.acquire(40);
            assertThat(chunk.isDirect()).isTrue();
            assertThat(chunk.capacity()).isEqualTo(ChunkPool.CHUNK_BYTES);
            held.add(chunk);
        }

        ByteBuffer small = pool.acquire(40);
        ByteBuffer large = pool.acquire(5_000);

        // Every direct chunk is queued somewhere (a broadcast): the overflow is heap, never more direct memory.
        assertThat(small.isDirect()).isFalse();
        assertThat(small.remaining()).isEqualTo(ChunkPool.MIN_OVERFLOW_BYTES);
        assertThat(large.isDirect()).isFalse();
        assertThat(large.remaining()).isEqualTo(5_000);
        assertThat(pool.directChunks()).isEqualTo(ChunkPool.MAX_DIRECT_CHUNKS);
    }

    @Test
    void keepsReleasedDirectChunksAndDropsOverflowBuffers() {
        List<ByteBuffer> held = new ArrayList<>();
        for (int i = 0; i < ChunkPool.MAX_DIRECT_CHUNKS; i++) {
            held.add(pool.acquire(10));
        }
        ByteBuffer overflow = pool.acquire(10);
        ByteBuffer first = held.get(0);
        first.put((byte) 1);

        pool.release(overflow);
        pool.release(first);

        ByteBuffer again = pool.acquire(10);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).as("cleared").isZero();
        assertThat(pool.acquire(10).isDirect()).as("the overflow buffer was not pooled").isFalse();
    }
}
