package dev.jvmws.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.internal.io.ChunkPool;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private final ChunkPool pool = new ChunkPool();
    private final OutboundQueue queue = new OutboundQueue(pool);
    private final ByteBuffer[] gather = new ByteBuffer[64];

    @Test
    void smallFramesShareOneChunkAndLeaveInOneWrite() throws IOException {
        for (int i = 0; i < 10; i++) {
            append("frame" + i);
        }
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        queue.writeTo(channel, gather, false);
        assertThat(channel.writeCalls).isEqualTo(1);
        assertThat(channel.text()).isEqualTo("frame0frame1frame2frame3frame4frame5frame6frame7frame8frame9");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void completesEachFutureOnlyWhenItsLastByteIsWritten() throws IOException {
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        append("aaaa");
        queue.completeWhenWritten(first);
        append("bbbb");
        queue.completeWhenWritten(second);

        ThrottledChannel channel = new ThrottledChannel(3);
        queue.writeTo(channel, gather, false);
        assertThat(first).isNotDone();
        queue.writeTo(channel, gather, false);
        assertThat(first).isCompleted();
        assertThat(second).isNotDone();
        assertThat(queue.queuedBytes()).isEqualTo(2);
        queue.writeTo(channel, gather, false);
        assertThat(second).isCompleted();
        assertThat(channel.text()).isEqualTo("aaaabbbb");
    }

    @Test
    void keepsOrderAcrossChunksAndUncopiedBuffers() throws IOException {
        append("head1");
        ByteBuffer large = ByteBuffer.wrap("LARGE-PAYLOAD".getBytes());
        queue.addBuffer(large);
        append("head2");
        ThrottledChannel channel = new ThrottledChannel(4);
        while (!queue.isEmpty()) {
            queue.writeTo(channel, gather, false);
        }
        assertThat(channel.text()).isEqualTo("head1LARGE-PAYLOADhead2");
    }

    @Test
    void frameLargerThanTheRestOfAChunkStartsANewChunk() throws IOException {
        byte[] nearlyFull = new byte[ChunkPool.CHUNK_BYTES - 10];
        ByteBuffer claimed = queue.claim(nearlyFull.length);
        claimed.put(nearlyFull);
        queue.commit(claimed);
        append("0123456789ABCDEF"); // 16 bytes: does not fit in the 10 left
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        queue.writeTo(channel, gather, false);
        assertThat(channel.bytes.size()).isEqualTo(nearlyFull.length + 16);
        assertThat(channel.text()).endsWith("0123456789ABCDEF");
    }

    @Test
    void failCompletesPendingFuturesExceptionally() {
        CompletableFuture<Void> pending = new CompletableFuture<>();
        append("never written");
        queue.completeWhenWritten(pending);
        queue.fail(() -> new IOException("closed"));
        assertThat(pending).isCompletedExceptionally();
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aFrameThatExactlyFillsTheRestOfAChunkGoesInIt() throws IOException {
        ByteBuffer claimed = queue.claim(ChunkPool.CHUNK_BYTES - 10);
        claimed.put(new byte[ChunkPool.CHUNK_BYTES - 10]);
        queue.commit(claimed);
        append("0123456789");
        assertThat(pool.directChunks()).isEqualTo(1);
        ThrottledChannel channel = new ThrottledChannel(Integer.MAX_VALUE);
        assertThat(queue.writeTo(channel, gather, false)).as("bytes written").isEqualTo(ChunkPool.CHUNK_BYTES);
        assertThat(channel.writeCalls).isEqualTo(1);
    }

    @Test
    void writtenChunksGoBackToThePoolAndTheGatherArrayIsLeftEmpty() throws IOException {
        for (int round = 0; round < 5; round++) {
            append("round" + round);
            append("more");
            assertThat(queue.writeTo(new ThrottledChannel(Integer.MAX_VALUE), gather, false)).isEqualTo(10);
        }
        assertThat(pool.directChunks()).as("one chunk, reused every round").isEqualTo(1);
        assertThat(gather).containsOnlyNulls();
    }

    @Test
    void failGivesTheChunksBackAndMakesNoExceptionWhenNothingWaits() {
        append("never written");
        queue.fail(() -> {
            throw new AssertionError("no completion is pending: no cause is needed");
        });
        assertThat(queue.isEmpty()).isTrue();
        append("again");
        assertThat(pool.directChunks()).as("the failed queue's chunk is reused").isEqualTo(1);
    }

    @Test
    void futureOfAnEmptyQueueCompletesAtOnce() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queue.completeWhenWritten(done);
        assertThat(done).isCompleted();
    }

    private void append(String text) {
        byte[] bytes = text.getBytes();
        ByteBuffer claimed = queue.claim(bytes.length);
        claimed.put(bytes);
        queue.commit(claimed);
    }

    @Test
    void stopsAtTheEndOfTheFrameBeingWrittenWhenAsked() throws IOException {
        append("aaaa");
        queue.markFrameEnd();
        append("bbbb"); // in the same chunk: the frame boundary is inside one buffer
        queue.markFrameEnd();
        assertThat(queue.atFrameBoundary()).isTrue();

        ThrottledChannel slow = new ThrottledChannel(3);
        queue.writeTo(slow, gather, false);
        assertThat(slow.text()).isEqualTo("aaa");
        assertThat(queue.atFrameBoundary()).as("inside the first frame").isFalse();

        ThrottledChannel fast = new ThrottledChannel(Integer.MAX_VALUE);
        queue.writeTo(fast, gather, true);
        assertThat(fast.text()).as("only the rest of the frame").isEqualTo("a");
        assertThat(queue.atFrameBoundary()).isTrue();
        assertThat(queue.writeTo(fast, gather, true)).as("no frame being written").isZero();
        queue.writeTo(fast, gather, false);
        assertThat(fast.text()).isEqualTo("abbbb");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.atFrameBoundary()).isTrue();
    }

    @Test
    void aFrameEndInsideAnUncopiedBufferCutsTheWriteThere() throws IOException {
        append("head");
        queue.addBuffer(ByteBuffer.wrap("body".getBytes()));
        queue.markFrameEnd();
        append("next");
        queue.markFrameEnd();
        ThrottledChannel channel = new ThrottledChannel(2);
        queue.writeTo(channel, gather, false); // "he": inside the first frame
        queue.writeTo(new ThrottledChannel(Integer.MAX_VALUE), gather, true);
        assertThat(queue.atFrameBoundary()).isTrue();
        channel = new ThrottledChannel(Integer.MAX_VALUE);
        queue.writeTo(channel, gather, false);
        assertThat(channel.text()).isEqualTo("next");
    }

    @Test
    void unmarkedBytesCountAsOneFrameUntilAllAreWritten() throws IOException {
        append("http head");
        ThrottledChannel channel = new ThrottledChannel(4);
        queue.writeTo(channel, gather, false);
        assertThat(queue.atFrameBoundary()).isFalse();
        queue.writeTo(new ThrottledChannel(Integer.MAX_VALUE), gather, false);
        assertThat(queue.atFrameBoundary()).isTrue();
    }

    /** Takes at most {@code perCall} bytes per write call, like a kernel buffer that fills up. */
    private static final class ThrottledChannel implements Transport {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int perCall;
        int writeCalls;

        ThrottledChannel(int perCall) {
            this.perCall = perCall;
        }

        String text() {
            return bytes.toString();
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            writeCalls++;
            long budget = perCall;
            long written = 0;
            for (int i = offset; i < offset + length && budget > 0; i++) {
                ByteBuffer source = sources[i];
                int n = (int) Math.min(budget, source.remaining());
                byte[] chunk = new byte[n];
                source.get(chunk);
                bytes.write(chunk, 0, n);
                budget -= n;
                written += n;
            }
            return written;
        }

        @Override
        public EventLoop loop() {
            return null;
        }

        @Override
        public void handler(TransportHandler handler) {}

        @Override
        public int read(ByteBuffer into) {
            return 0;
        }

        @Override
        public void shutdownOutput() {}

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public void readInterest(boolean on) {}

        @Override
        public void writeInterest(boolean on) {}

        @Override
        public InetSocketAddress remoteAddress() {
            return null;
        }

        @Override
        public void close() {}

    }
}
