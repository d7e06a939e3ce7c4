package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.ChunkPool;
import dev.jvmws.internal.io.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The bytes a connection has produced but the kernel has not yet taken, in order. Small frames are
 * encoded back to back into pooled direct chunks (so many frames leave in one write); large payloads
 * are queued as their own buffers, uncopied, behind their header. Each send's future completes when its
 * last byte is written.
 *
 * <p>Frames are never split or reordered here: a frame's bytes are contiguous in the queue, so frames
 * of two messages cannot interleave. The writer marks where each frame ends ({@link #markFrameEnd}),
 * so another queue's frames (pings and pongs, which may pass data) can be written between two frames
 * of this one: {@link #atFrameBoundary} tells when, and {@link #writeTo} can stop at the current
 * frame's end.
 *
 * <p>Not thread-safe: owned by one connection on its event loop.
 */
final class OutboundQueue {
    private static final int GATHER_LIMIT = 64;
    // Shared empty rings: a connection that never queues anything holds no arrays of its own.
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
    private static final boolean[] NO_FLAGS = new boolean[0];
    private static final long[] NO_ENDS = new long[0];
    private static final CompletableFuture<?>[] NO_FUTURES = new CompletableFuture<?>[0];

    private final ChunkPool pool;

    /** Ring of segments, each in read mode (position = next byte to write, limit = end of data). */
    private ByteBuffer[] segments = NO_BUFFERS;
    private boolean[] pooled = NO_FLAGS;
    private int head;
    private int count;
    /** True while the last segment is a pooled chunk that more frames may be appended to. */
    private boolean tailOpen;
    /** Where the claimed buffer's unwritten data started and ended when it was claimed. */
    private int claimedReadPosition;
    private int claimedDataEnd;

    /** Ring of pending completions: a future completes once {@code written} reaches its end offset. */
    private long[] completionEnds = NO_ENDS;
    private CompletableFuture<?>[] completions = NO_FUTURES;
    private int completionHead;
    private int completionCount;

    /** Ring of the offsets where queued frames end, oldest first; ends at or before {@link #frameStart} are dropped. */
    private long[] frameEnds = NO_ENDS;
    private int frameEndHead;
    private int frameEndCount;
    /** Where the frame being written began: the end of the last frame written whole. */
    private long frameStart;

    private long enqueued;
    private long written;
    private LongConsumer writtenListener = bytes -> {};

    OutboundQueue(ChunkPool pool) {
        this.pool = pool;
    }

    /** Tells {@code listener} the size of each write, before the futures it completes are completed. */
    void onWritten(LongConsumer listener) {
        this.writtenListener = listener;
    }

    boolean isEmpty() {
        return enqueued == written;
    }

    long queuedBytes() {
        return enqueued - written;
    }

    /**
     * Returns a buffer in write mode with at least {@code bytes} (≤ one chunk) of room at its position.
     * Write the frame, then call {@link #commit}.
     */
    ByteBuffer claim(int bytes) {
        if (tailOpen) {
            ByteBuffer tail = segments[(head + count - 1) % segments.length];
            if (tail.capacity() - tail.limit() >= bytes) {
                claimedReadPosition = tail.position();
                claimedDataEnd = tail.limit();
                tail.limit(tail.capacity()).position(claimedDataEnd);
                return tail;
            }
        }
        ByteBuffer chunk = pool.acquire(bytes);
        append(chunk, true);
        tailOpen = true;
        claimedReadPosition = 0;
        claimedDataEnd = 0;
        return chunk;
    }

    /** Ends a {@link #claim}: the bytes written into the claimed buffer are now queued. */
    void commit(ByteBuffer claimed) {
        int end = claimed.position();
        claimed.limit(end).position(claimedReadPosition);
        enqueued += end - claimedDataEnd;
    }

    /** Queues {@code data}'s remaining bytes without copying; the caller must not change them. */
    void addBuffer(ByteBuffer data) {
        int length = data.remaining();
        if (length == 0) {
            return;
        }
        append(data, false);
        tailOpen = false;
        enqueued += length;
    }

    /** Marks the end of a frame (or of an HTTP head): bytes queued so far form whole frames. */
    void markFrameEnd() {
        if (frameEndCount > 0 && frameEnds[(frameEndHead + frameEndCount - 1) % frameEnds.length] == enqueued) {
            return;
        }
        if (frameEndCount == frameEnds.length) {
            long[] grown = new long[Math.max(4, frameEnds.length * 2)];
            for (int i = 0; i < frameEndCount; i++) {
                grown[i] = frameEnds[(frameEndHead + i) % frameEnds.length];
            }
            frameEnds = grown;
            frameEndHead = 0;
        }
        frameEnds[(frameEndHead + frameEndCount) % frameEnds.length] = enqueued;
        frameEndCount++;
    }

    /** Whether no frame is partly written: another frame may go out now without splitting one. */
    boolean atFrameBoundary() {
        return written == frameStart;
    }

    /** Completes {@code future} once every byte queued so far has been written. */
    void completeWhenWritten(CompletableFuture<?> future) {
        if (enqueued == written) {
            future.complete(null);
            return;
        }
        if (completionCount == completions.length) {
            int capacity = Math.max(4, completions.length * 2);
            long[] ends = new long[capacity];
            CompletableFuture<?>[] futures = new CompletableFuture<?>[capacity];
            for (int i = 0; i < completionCount; i++) {
                int from = (completionHead + i) % completions.length;
                ends[i] = completionEnds[from];
                futures[i] = completions[from];
            }
            completionEnds = ends;
            completions = futures;
            completionHead = 0;
        }
        int slot = (completionHead + completionCount) % completions.length;
        completionEnds[slot] = enqueued;
        completions[slot] = future;
        completionCount++;
    }

    /**
     * Writes as much as {@code transport} takes; returns the number of bytes written. With
     * {@code stopAtFrameEnd}, writes only the rest of the frame being written (nothing at a frame
     * boundary), so a frame of another queue can follow it.
     */
    long writeTo(Transport transport, ByteBuffer[] gather, boolean stopAtFrameEnd) throws IOException {
        long total = 0;
        while (count > 0 && !(stopAtFrameEnd && atFrameBoundary())) {
            long allowed = stopAtFrameEnd ? currentFrameEnd() - written : Long.MAX_VALUE;
            int n = 0;
            long attempted = 0;
            ByteBuffer cut = null;
            int limit = Math.min(Math.min(count, GATHER_LIMIT), gather.length);
            while (n < limit && attempted < allowed) {
                ByteBuffer segment = segments[(head + n) % segments.length];
                if (segment.remaining() > allowed - attempted) {
                    // The frame ends inside this segment: write up to its end through a view.
                    cut = segment.duplicate();
                    cut.limit(cut.position() + (int) (allowed - attempted));
                    segment = cut;
                }
                gather[n++] = segment;
                attempted += segment.remaining();
            }
            long wrote;
            try {
                wrote = n == 1 ? transport.write(gather[0]) : transport.write(gather, 0, n);
            } finally {
                Arrays.fill(gather, 0, n, null);
            }
            if (cut != null) {
                segments[(head + n - 1) % segments.length].position(cut.position());
            }
            if (wrote <= 0) {
                break;
            }
            total += wrote;
            written += wrote;
            writtenListener.accept(wrote);
            dropWrittenSegments();
            dropWrittenFrameEnds();
            completeWritten();
            if (wrote < attempted) {
                break; // the kernel's send buffer is full
            }
        }
        return total;
    }

    /** Where the frame being written (or the next one) ends; the queue's end when no end was marked. */
    private long currentFrameEnd() {
        return frameEndCount > 0 ? frameEnds[frameEndHead] : enqueued;
    }

    private void dropWrittenFrameEnds() {
        while (frameEndCount > 0 && frameEnds[frameEndHead] <= written) {
            frameStart = frameEnds[frameEndHead];
            frameEndHead = (frameEndHead + 1) % frameEnds.length;
            frameEndCount--;
        }
        if (frameEndCount == 0 && written == enqueued) {
            frameStart = written;
        }
    }

    /**
     * Fails every pending completion with {@code cause} and releases the chunks. The cause is made
     * only when a completion is pending: an exception's stack trace costs more than the rest of a
     * connection's teardown, and most connections close with nothing left to fail.
     */
    void fail(Supplier<? extends Throwable> cause) {
        while (count > 0) {
            int index = head;
            if (pooled[index]) {
                pool.release(segments[index]);
            }
            segments[index] = null;
            head = (head + 1) % segments.length;
            count--;
        }
        tailOpen = false;
        written = enqueued;
        frameStart = enqueued;
        frameEndCount = 0;
        Throwable error = completionCount > 0 ? cause.get() : null;
        while (completionCount > 0) {
            CompletableFuture<?> future = completions[completionHead];
            completions[completionHead] = null;
            completionHead = (completionHead + 1) % completions.length;
            completionCount--;
            future.completeExceptionally(error);
        }
    }

    private void append(ByteBuffer buffer, boolean isPooled) {
        if (count == segments.length) {
            int capacity = Math.max(4, segments.length * 2);
            ByteBuffer[] grown = new ByteBuffer[capacity];
            boolean[] grownPooled = new boolean[capacity];
            for (int i = 0; i < count; i++) {
                int from = (head + i) % segments.length;
                grown[i] = segments[from];
                grownPooled[i] = pooled[from];
            }
            segments = grown;
            pooled = grownPooled;
            head = 0;
        }
        int slot = (head + count) % segments.length;
        segments[slot] = buffer;
        pooled[slot] = isPooled;
        count++;
    }

    private void dropWrittenSegments() {
        while (count > 0 && !segments[head].hasRemaining()) {
            if (count == 1) {
                // Keep nothing while idle: the open chunk goes back to the pool too.
                tailOpen = false;
            }
            if (pooled[head]) {
                pool.release(segments[head]);
            }
            segments[head] = null;
            head = (head + 1) % segments.length;
            count--;
        }
    }

    private void completeWritten() {
        while (completionCount > 0 && completionEnds[completionHead] <= written) {
            CompletableFuture<?> future = completions[completionHead];
            completions[completionHead] = null;
            completionHead = (completionHead + 1) % completions.length;
            completionCount--;
            future.complete(null);
        }
    }
}
