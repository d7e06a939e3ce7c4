package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/**
 * What the compressor's context holds between messages, seen by an independent receiver (the JDK's
 * Inflater as the peer): a message sent uncompressed is not part of the stream, and a message without
 * context takeover starts afresh however it ended.
 */
class MessageDeflaterContextTest {

    /** The peer: one raw inflate stream per connection (context takeover) or per message. */
    private static final class Peer {
        private Inflater inflater = new Inflater(true);
        private final boolean takeover;

        Peer(boolean takeover) {
            this.takeover = takeover;
        }

        byte[] receive(ByteBuffer compressed) throws Exception {
            if (!takeover) {
                inflater.end();
                inflater = new Inflater(true);
            }
            return MessageDeflaterTest.jdkInflate(inflater, MessageDeflaterTest.withTrailer(MessageDeflaterTest.bytes(compressed)));
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageLeftUncompressedIsNotInTheContextOfTheNext() throws Exception {
        ZlibPool pool = new ZlibPool();
        MessageDeflater deflater = new MessageDeflater(10, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        Peer peer = new Peer(true);
        byte[] first = text("the quick brown fox jumps over the lazy dog, the quick brown fox again");
        assertThat(peer.receive(deflater.compress(ByteBuffer.wrap(first), true))).isEqualTo(first);
        byte[] noise = new byte[400];
        new Random(1).nextBytes(noise);
        assertThat(deflater.compress(ByteBuffer.wrap(noise), true)).as("incompressible: sent plain").isNull();
        // The peer never saw the noise in its stream; the next message may only refer to the first.
        byte[] third = text("the quick brown fox jumps over the lazy dog once more");
        assertThat(peer.receive(deflater.compress(ByteBuffer.wrap(third), true))).isEqualTo(third);
        pool.close();
    }

    @Test
    void withoutContextTakeoverAMessageEndedByAnEmptyFragmentLeavesNoContext() throws Exception {
        for (int windowBits : new int[] {15, 10}) {
            ZlibPool pool = new ZlibPool();
            MessageDeflater deflater = new MessageDeflater(windowBits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
            Peer peer = new Peer(false);
            byte[] body = text("repeat after me, repeat after me, repeat after me");
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(deflater.compress(ByteBuffer.wrap(body), false).array());
            ByteBuffer end = deflater.compress(ByteBuffer.allocate(0), true);
            byte[] tail = new byte[end.remaining()];
            end.get(tail);
            message.write(tail);
            assertThat(peer.receive(ByteBuffer.wrap(message.toByteArray()))).isEqualTo(body);
            // A fresh peer stream must decode the next message: nothing may refer back.
            ByteBuffer next = deflater.compress(ByteBuffer.wrap(body), true);
            assertThat(peer.receive(next)).as("window %d", windowBits).isEqualTo(body);
            pool.close();
        }
    }

    @Test
    void releaseForgetsTheContext() throws Exception {
        ZlibPool pool = new ZlibPool();
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] body = text("a message that a second copy of itself would refer back to entirely");
        deflater.compress(ByteBuffer.wrap(body), true);
        deflater.release();
        Peer fresh = new Peer(true);
        assertThat(fresh.receive(deflater.compress(ByteBuffer.wrap(body), true))).isEqualTo(body);
        pool.close();
    }

    @Test
    void smallWindowsStillCompressWhatIsCompressible() throws Exception {
        for (int windowBits = 8; windowBits <= 14; windowBits++) {
            ZlibPool pool = new ZlibPool();
            MessageDeflater deflater = new MessageDeflater(windowBits, false, 6, Deflater.DEFAULT_STRATEGY, pool);
            byte[] zeros = new byte[5000];
            ByteBuffer compressed = deflater.compress(ByteBuffer.wrap(zeros), true);
            assertThat(compressed).as("window %d", windowBits).isNotNull();
            assertThat(compressed.remaining()).isLessThan(zeros.length / 4);
            assertThat(new Peer(true).receive(compressed)).isEqualTo(zeros);
            pool.close();
        }
    }

    /** Compresses each message as a whole message and returns the outputs (null: sent uncompressed). */
    private static byte[][] compressAll(MessageDeflater deflater, byte[]... messages) {
        byte[][] out = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            ByteBuffer compressed = deflater.compress(ByteBuffer.wrap(messages[i]), true);
            out[i] = compressed == null ? null : MessageDeflaterTest.bytes(compressed);
        }
        return out;
    }

    @Test
    void aMessageLeftUncompressedLeavesTheContextExactlyAsItWas() {
        // The compressor after "text, random (sent raw), text" must be the compressor after "text, text":
        // byte for byte the same output, so the peer's window and ours agree on every back-reference.
        byte[] first = MessageDeflaterTest.longDistanceRepeats(3000, 1);
        byte[] random = new byte[5000];
        new Random(3).nextBytes(random);
        byte[] second = MessageDeflaterTest.longDistanceRepeats(3000, 2);
        for (int windowBits = 9; windowBits <= 14; windowBits++) {
            ZlibPool pool = new ZlibPool();
            byte[][] withRandom = compressAll(new MessageDeflater(windowBits, false, 6, Deflater.DEFAULT_STRATEGY, pool),
                    first, random, second);
            byte[][] without = compressAll(new MessageDeflater(windowBits, false, 6, Deflater.DEFAULT_STRATEGY, pool),
                    first, second);
            assertThat(withRandom[1]).as("window %d", windowBits).isNull();
            assertThat(withRandom[2]).as("window %d", windowBits).isEqualTo(without[1]);
            pool.close();
        }
    }

    @Test
    void withoutContextTakeoverAnEmptyLastFragmentStillEndsTheStream() {
        // The message after one ended by an empty fragment compresses exactly as a first message does.
        byte[] body = MessageDeflaterTest.longDistanceRepeats(4000, 5);
        for (int windowBits : new int[] {10, 15}) {
            ZlibPool pool = new ZlibPool();
            MessageDeflater deflater = new MessageDeflater(windowBits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
            deflater.compress(ByteBuffer.wrap(body), false);
            deflater.compress(ByteBuffer.allocate(0), true);
            byte[] next = MessageDeflaterTest.bytes(deflater.compress(ByteBuffer.wrap(body), true));
            MessageDeflater fresh = new MessageDeflater(windowBits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
            assertThat(next).as("window %d", windowBits)
                    .isEqualTo(MessageDeflaterTest.bytes(fresh.compress(ByteBuffer.wrap(body), true)));
            pool.close();
        }
    }

    @Test
    void withoutContextTakeoverAMessageLeftUncompressedLeavesNothingBehind() throws Exception {
        // In a small window a message that would not shrink goes out uncompressed; without context
        // takeover the next message must still stand alone for a peer that starts each one afresh.
        byte[] random = new byte[5000];
        new Random(11).nextBytes(random);
        byte[] text = MessageDeflaterTest.longDistanceRepeats(3000, 4);
        for (int windowBits = 9; windowBits <= 14; windowBits++) {
            ZlibPool pool = new ZlibPool();
            MessageDeflater deflater = new MessageDeflater(windowBits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
            assertThat(deflater.compress(ByteBuffer.wrap(random), true)).as("window %d", windowBits).isNull();
            MessageDeflater fresh = new MessageDeflater(windowBits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
            assertThat(MessageDeflaterTest.bytes(deflater.compress(ByteBuffer.wrap(text), true))).as("window %d", windowBits)
                    .isEqualTo(MessageDeflaterTest.bytes(fresh.compress(ByteBuffer.wrap(text), true)));
            pool.close();
        }
    }
}
