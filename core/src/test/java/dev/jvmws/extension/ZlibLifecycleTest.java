package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.protocol.Decompressor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * The zlib streams' life: pooled streams are reset before reuse and ended on close, the
 * concurrency permits are held exactly while zlib runs, and context is dropped when it must be.
 */
class ZlibLifecycleTest {

    /** A peer's compressor with context takeover: one stream, sync-flushed per message, trailer removed. */
    private static final class PeerDeflater {
        private final Deflater deflater = new Deflater(6, true);

        byte[] compress(byte[] data) {
            deflater.setInput(data);
            byte[] out = new byte[data.length + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n - 4);
        }
    }

    private static byte[] receive(MessageInflater inflater, byte[] compressed) throws DataFormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Decompressor.Sink sink = (bytes, offset, length) -> {
            out.write(bytes, offset, length);
            return true;
        };
        assertThat(inflater.inflate(ByteBuffer.wrap(compressed), sink)).isTrue();
        assertThat(inflater.finish(sink)).isTrue();
        return out.toByteArray();
    }

    @Test
    void withoutContextTakeoverTheReceiverForgetsEachMessage() throws Exception {
        byte[] text = "the same words again and again, the same words again".getBytes();
        PeerDeflater peer = new PeerDeflater();
        byte[] first = peer.compress(text);
        byte[] second = peer.compress(text); // refers back into the first message
        ZlibPool pool = new ZlibPool();
        MessageInflater takeover = new MessageInflater(15, false, pool);
        assertThat(receive(takeover, first)).isEqualTo(text);
        assertThat(receive(takeover, second)).isEqualTo(text);

        MessageInflater forgetting = new MessageInflater(15, true, pool);
        assertThat(receive(forgetting, first)).isEqualTo(text);
        assertThatThrownBy(() -> receive(forgetting, second)).isInstanceOf(DataFormatException.class);
        pool.close();
    }

    @Test
    void releaseForgetsTheContextToo() throws Exception {
        byte[] text = "context context context context context".getBytes();
        PeerDeflater peer = new PeerDeflater();
        byte[] first = peer.compress(text);
        byte[] second = peer.compress(text);
        ZlibPool pool = new ZlibPool();
        MessageInflater inflater = new MessageInflater(15, false, pool);
        assertThat(receive(inflater, first)).isEqualTo(text);
        inflater.release();
        assertThatThrownBy(() -> receive(inflater, second)).isInstanceOf(DataFormatException.class);
        pool.close();
    }

    @Test
    void aSinkThatRefusesOutputStopsInflating() throws Exception {
        ZlibPool pool = new ZlibPool();
        MessageInflater stopping = new MessageInflater(15, false, pool);
        int[] calls = {0};
        byte[] big = new PeerDeflater().compress(new byte[100_000]);
        assertThat(stopping.inflate(ByteBuffer.wrap(big), (b, o, l) -> ++calls[0] < 0)).isFalse();
        assertThat(calls[0]).as("no output offered after the refusal").isEqualTo(1);
        pool.close();
    }

    @Test
    void permitsAreHeldWhileZlibRunsAndReturnedAfter() throws Exception {
        Semaphore permits = new Semaphore(2);
        ZlibPool pool = new ZlibPool();
        MessageInflater inflater = new MessageInflater(15, false, new GatedStreams(pool, permits));
        int[] availableInside = {-1};
        byte[] compressed = new PeerDeflater().compress(new byte[5000]);
        inflater.inflate(ByteBuffer.wrap(compressed), (bytes, offset, length) -> {
            availableInside[0] = permits.availablePermits();
            return true;
        });
        assertThat(availableInside[0]).isEqualTo(1);
        assertThat(permits.availablePermits()).isEqualTo(2);
        inflater.finish((b, o, l) -> true);
        assertThat(permits.availablePermits()).isEqualTo(2);

        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, new GatedStreams(pool, permits));
        permits.acquire(2);
        Thread compressing = new Thread(() -> deflater.compress(ByteBuffer.wrap(new byte[100]), true));
        compressing.start();
        compressing.join(200);
        assertThat(compressing.isAlive()).as("compression waits for a permit").isTrue();
        permits.release(2);
        compressing.join(5000);
        assertThat(compressing.isAlive()).isFalse();
        assertThat(permits.availablePermits()).isEqualTo(2);
        pool.close();
    }

    @Test
    void aReturnedInflaterIsResetBeforeItServesTheNextMessage() throws Exception {
        ZlibPool pool = new ZlibPool();
        Inflater borrowed = pool.borrowInflater();
        borrowed.setInput(new byte[] {(byte) 0xF2, 0x48}); // half a stream, left behind
        borrowed.inflate(new byte[16]);
        pool.returnInflater(borrowed);
        Inflater again = pool.borrowInflater();
        assertThat(again).isSameAs(borrowed);
        assertThat(again.getTotalIn()).isZero();
        assertThat(again.getRemaining()).isZero();
        pool.returnInflater(again);
        pool.close();
    }

    @Test
    void closeEndsEveryPooledStreamAndLaterReturnsAreEnded() throws Exception {
        int deflatersBefore = ZlibPool.liveDeflaters();
        int inflatersBefore = ZlibPool.liveInflaters();
        ZlibPool pool = new ZlibPool();
        Deflater deflater = pool.deflater(this, 6, Deflater.DEFAULT_STRATEGY);
        Deflater huffman = pool.huffmanOnlyDeflater();
        Inflater idle = pool.borrowInflater();
        Inflater held = pool.borrowInflater();
        pool.returnInflater(idle);
        assertThat(ZlibPool.liveDeflaters()).isEqualTo(deflatersBefore + 2);
        assertThat(ZlibPool.liveInflaters()).isEqualTo(inflatersBefore + 2);
        pool.close();
        assertThatThrownBy(() -> deflater.deflate(new byte[8])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> huffman.deflate(new byte[8])).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> idle.inflate(new byte[8])).isInstanceOf(NullPointerException.class);
        pool.returnInflater(held);
        assertThatThrownBy(() -> held.inflate(new byte[8])).isInstanceOf(NullPointerException.class);
        assertThat(ZlibPool.liveDeflaters()).isEqualTo(deflatersBefore);
        assertThat(ZlibPool.liveInflaters()).isEqualTo(inflatersBefore);
    }

    @Test
    void aDeflaterWithOtherSettingsReplacesThePooledOne() {
        ZlibPool pool = new ZlibPool();
        Deflater first = pool.deflater("a", 6, Deflater.DEFAULT_STRATEGY);
        assertThat(pool.deflaterHeldBy("a")).isTrue();
        assertThat(pool.deflaterHeldBy("b")).isFalse();
        assertThat(pool.deflater("b", 6, Deflater.DEFAULT_STRATEGY)).isSameAs(first);
        assertThat(pool.deflaterHeldBy("a")).isFalse();
        Deflater filtered = pool.deflater("b", 6, Deflater.FILTERED);
        assertThat(filtered).isNotSameAs(first);
        assertThatThrownBy(() -> first.deflate(new byte[8])).isInstanceOf(NullPointerException.class);
        pool.disown("b");
        assertThat(pool.deflaterHeldBy("b")).isFalse();
        pool.close();
    }

    @Test
    void scratchBuffersGrowToWhatIsAsked() {
        ZlibPool pool = new ZlibPool();
        assertThat(pool.scratch(10).length).isGreaterThanOrEqualTo(10);
        assertThat(pool.scratch(1_000_000).length).isGreaterThanOrEqualTo(1_000_000);
        assertThat(pool.inflateScratch(100)).hasSize(100);
        assertThat(pool.inflateScratch(50)).hasSize(100);
        assertThat(pool.inflateScratch(101)).hasSize(101);
        pool.close();
    }
}
