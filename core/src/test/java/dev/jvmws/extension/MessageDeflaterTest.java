package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MessageDeflaterTest {
    private static final byte[] TRAILER = {0, 0, (byte) 0xFF, (byte) 0xFF};
    static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);
    /** RFC 7692 §7.2.3.1: "Hello" in one compressed block. */
    static final byte[] RFC_HELLO = HexFormat.of().parseHex("f248cdc9c90700");
    /** RFC 7692 §7.2.3.2: the same message again, sent with context takeover. */
    static final byte[] RFC_HELLO_AGAIN = HexFormat.of().parseHex("f200110000");
    /** RFC 7692 §7.2.3.3: "Hello" in a DEFLATE block with no compression. */
    static final byte[] RFC_HELLO_STORED = HexFormat.of().parseHex("000500faff48656c6c6f00");

    private final ZlibPool pool = new ZlibPool();

    @AfterEach
    void closePool() {
        pool.close();
    }

    static java.util.stream.Stream<Arguments> windows() {
        java.util.List<Arguments> all = new java.util.ArrayList<>();
        for (int bits = 8; bits <= 15; bits++) {
            all.add(Arguments.of(bits, false));
            all.add(Arguments.of(bits, true));
        }
        return all.stream();
    }

    /**
     * Text with repeats at every distance from 100 bytes to 30 KiB: a compressor using the JDK's full
     * 32 KiB window would reach past any smaller negotiated window.
     */
    static byte[] longDistanceRepeats(int length, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        int[] periods = {100, 300, 1000, 5000, 20_000, 30_000};
        for (int i = 0; i < length; i++) {
            int period = periods[(i / 4096) % periods.length];
            data[i] = i >= period && random.nextInt(8) != 0 ? data[i - period] : (byte) ('a' + random.nextInt(26));
        }
        return data;
    }

    @ParameterizedTest(name = "window bits {0}, no context takeover {1}")
    @MethodSource("windows")
    void everyBackReferenceStaysInsideTheNegotiatedWindow(int bits, boolean noContextTakeover) {
        MessageDeflater deflater = new MessageDeflater(bits, noContextTakeover, 6, Deflater.DEFAULT_STRATEGY, pool);
        WindowCheckingInflater peer = new WindowCheckingInflater(bits);
        for (int message = 0; message < 6; message++) {
            byte[] data = longDistanceRepeats(message == 3 ? 0 : 10_000 + message * 9_000, message);
            ByteBuffer compressed = deflater.compress(ByteBuffer.wrap(data), true);
            if (compressed == null) {
                continue; // would not shrink in so small a window: sent uncompressed, unseen by the stream
            }
            if (noContextTakeover) {
                peer.reset();
            }
            assertThat(peer.inflate(withTrailer(bytes(compressed)))).isEqualTo(data);
        }
        assertThat(peer.maxDistanceSeen()).isLessThanOrEqualTo(1 << bits).isGreaterThan(bits == 15 ? 1 << 14 : 1 << (bits - 2));
    }

    @Test
    void aMessageThatWouldGrowInASmallWindowIsLeftUncompressedAndOutOfTheContext() {
        MessageDeflater deflater = new MessageDeflater(9, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        WindowCheckingInflater peer = new WindowCheckingInflater(9);
        byte[] text = longDistanceRepeats(3000, 1);
        assertThat(peer.inflate(withTrailer(bytes(deflater.compress(ByteBuffer.wrap(text), true))))).isEqualTo(text);
        byte[] random = new byte[5000];
        new Random(3).nextBytes(random);
        assertThat(deflater.compress(ByteBuffer.wrap(random), true)).isNull();
        // The next message may refer back only to what the peer decoded: the text, not the random bytes.
        assertThat(peer.inflate(withTrailer(bytes(deflater.compress(ByteBuffer.wrap(text), true))))).isEqualTo(text);
        // Fragments are committed to compression by their first frame, whatever they turn out to be,
        // an empty first fragment included.
        assertThat(deflater.compress(ByteBuffer.wrap(random), false)).isNotNull();
        assertThat(deflater.compress(ByteBuffer.wrap(random), true)).isNotNull();
        assertThat(deflater.compress(ByteBuffer.allocate(0), false)).isNotNull();
        assertThat(deflater.compress(ByteBuffer.wrap(random), true)).isNotNull();
    }

    @Test
    void inAnEightBitWindowTextStillShrinksByEntropyCoding() {
        MessageDeflater deflater = new MessageDeflater(8, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        WindowCheckingInflater peer = new WindowCheckingInflater(8);
        for (int i = 0; i < 3; i++) {
            byte[] text = longDistanceRepeats(50_000, i); // 26 letters: about 4.7 bits each
            ByteBuffer compressed = deflater.compress(ByteBuffer.wrap(text), true);
            assertThat(compressed.remaining()).isLessThan(text.length * 3 / 4);
            assertThat(peer.inflate(withTrailer(bytes(compressed)))).isEqualTo(text);
        }
    }

    /** Random bytes below 128: about 7 bits of entropy each, and nothing a short window can match. */
    private static byte[] sevenBitNoise(int length, long seed) {
        byte[] data = new byte[length];
        Random random = new Random(seed);
        for (int i = 0; i < length; i++) {
            data[i] = (byte) random.nextInt(128);
        }
        return data;
    }

    @Test
    void inAnEightBitWindowDataWithoutShortRepeatsStillShrinksByEntropyCodingAlone() {
        // Segments of 128 bytes in a 256-byte window each pay a block header and save nothing; Huffman
        // coding of the whole message saves an eighth. The block repeats at a distance of 2,048 bytes:
        // a matching compressor would refer back out of the window, which the checker rejects.
        byte[] block = sevenBitNoise(2048, 8);
        byte[] data = new byte[block.length * 2];
        System.arraycopy(block, 0, data, 0, block.length);
        System.arraycopy(block, 0, data, block.length, block.length);
        MessageDeflater deflater = new MessageDeflater(8, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        for (int i = 0; i < 2; i++) {
            ByteBuffer compressed = deflater.compress(ByteBuffer.wrap(data), true);
            assertThat(compressed).as("message %d", i).isNotNull();
            assertThat(compressed.remaining()).isLessThan(data.length * 15 / 16);
            assertThat(new WindowCheckingInflater(8).inflate(withTrailer(bytes(compressed)))).isEqualTo(data);
        }
    }

    @Test
    void fullWindowCompressionIsDetectedByTheChecker() {
        // The guard of the test above: the JDK's own deflater does reach past small windows on this data.
        byte[] data = longDistanceRepeats(60_000, 1);
        Deflater jdk = new Deflater(6, true);
        byte[] out = new byte[100_000];
        jdk.setInput(data);
        int n = jdk.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
        jdk.end();
        WindowCheckingInflater peer = new WindowCheckingInflater(12);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.inflate(java.util.Arrays.copyOf(out, n)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exceeds window");
    }

    @Test
    void contextTakeoverMakesARepeatedMessageSmaller() {
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] data = longDistanceRepeats(3000, 7);
        int first = deflater.compress(ByteBuffer.wrap(data), true).remaining();
        int second = deflater.compress(ByteBuffer.wrap(data), true).remaining();
        assertThat(second).isLessThan(first / 4);
    }

    @Test
    void withoutContextTakeoverARepeatedMessageCompressesTheSame() {
        MessageDeflater deflater = new MessageDeflater(15, true, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] data = longDistanceRepeats(3000, 7);
        ByteBuffer first = deflater.compress(ByteBuffer.wrap(data), true);
        ByteBuffer second = deflater.compress(ByteBuffer.wrap(data), true);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anEmptyMessageIsOneZeroByte() {
        // RFC 7692 §7.2.3.6: an empty deflate block; ws sends the same single 0x00.
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        assertThat(bytes(deflater.compress(ByteBuffer.allocate(0), true))).containsExactly(0);
    }

    // --- RFC 7692 §7.2.3 examples (issue 9: fixtures from the RFC, decoded by the JDK's inflater) ----------

    /**
     * Whether this platform's zlib emits the RFC's bytes for "Hello" (stock zlib does; a zlib-ng build
     * may pick other, equally valid blocks). The byte-exact comparisons below run only then; the JDK
     * inflater, an independent peer, checks our output everywhere.
     */
    private static void assumeZlibEmitsTheRfcExample() {
        Deflater jdk = new Deflater(6, true);
        try {
            jdk.setInput(HELLO);
            byte[] out = new byte[64];
            int n = jdk.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            assumeTrue(java.util.Arrays.equals(withTrailer(RFC_HELLO), java.util.Arrays.copyOf(out, n)),
                    "this platform's zlib compresses \"Hello\" differently from RFC 7692's example");
        } finally {
            jdk.end();
        }
    }

    @Test
    void compressesHelloToTheRfcExample() throws Exception {
        // RFC 7692 §7.2.3.1: "Hello" is f2 48 cd c9 c9 07 00, one fixed-Huffman block, trailer removed.
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] compressed = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        assertThat(jdkInflate(withTrailer(compressed))).isEqualTo(HELLO);
        assertThat(jdkInflate(withTrailer(RFC_HELLO))).as("the fixture itself").isEqualTo(HELLO);
        assumeZlibEmitsTheRfcExample();
        assertThat(compressed).isEqualTo(RFC_HELLO);
    }

    @Test
    void aRepeatedHelloRefersBackToTheFirstAsInTheRfcExample() throws Exception {
        // RFC 7692 §7.2.3.2: with context takeover the second "Hello" is f2 00 11 00 00, a back-reference
        // into the first message.
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] first = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        byte[] second = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        Inflater peer = new Inflater(true);
        try {
            assertThat(jdkInflate(peer, withTrailer(first))).isEqualTo(HELLO);
            assertThat(jdkInflate(peer, withTrailer(second))).isEqualTo(HELLO);
        } finally {
            peer.end();
        }
        assertThatThrownBy(() -> jdkInflate(withTrailer(second))).as("the second message alone")
                .isInstanceOf(DataFormatException.class);
        assumeZlibEmitsTheRfcExample();
        assertThat(first).isEqualTo(RFC_HELLO);
        assertThat(second).isEqualTo(RFC_HELLO_AGAIN);
    }

    @Test
    void aRepeatedHelloRefersBackEvenWhenThePoolsDeflaterServedAnotherConnectionInBetween() throws Exception {
        // The re-primed deflater (dictionary = the history) must continue the stream as the peer sees it.
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        MessageDeflater other = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] first = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        other.compress(ByteBuffer.wrap(longDistanceRepeats(2000, 1)), true);
        byte[] second = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        Inflater peer = new Inflater(true);
        try {
            assertThat(jdkInflate(peer, withTrailer(first))).isEqualTo(HELLO);
            assertThat(jdkInflate(peer, withTrailer(second))).isEqualTo(HELLO);
        } finally {
            peer.end();
        }
        assertThat(second.length).as("a back-reference, not the literals again").isLessThan(first.length);
    }

    @ParameterizedTest(name = "window bits {0}, no context takeover {1}")
    @MethodSource("windows")
    void aMessageCompressedElsewhereJoinsTheContextAsThePeerSeesIt(int bits, boolean noContextTakeover) {
        // A broadcast: the shared message is compressed once without context and sent between this
        // connection's own messages; the next own message must refer to the window as the peer holds it.
        MessageDeflater deflater = new MessageDeflater(bits, noContextTakeover, 6, Deflater.DEFAULT_STRATEGY, pool);
        WindowCheckingInflater peer = new WindowCheckingInflater(bits);
        byte[] own = longDistanceRepeats(3_000, 7);
        byte[] shared = longDistanceRepeats(5_000, 8);
        byte[] first = bytes(deflater.compress(ByteBuffer.wrap(own), true));
        MessageDeflater once = new MessageDeflater(bits, true, 6, Deflater.DEFAULT_STRATEGY, pool);
        ByteBuffer sharedFrame = once.compress(ByteBuffer.wrap(shared), true);
        once.release();
        assertThat(sharedFrame).as("compressible in every window").isNotNull();
        deflater.sentCompressedElsewhere(ByteBuffer.wrap(shared));
        ByteBuffer again = deflater.compress(ByteBuffer.wrap(own), true);

        assertThat(peer.inflate(withTrailer(first))).isEqualTo(own);
        if (noContextTakeover) {
            peer.reset();
        }
        assertThat(peer.inflate(withTrailer(bytes(sharedFrame)))).isEqualTo(shared);
        if (noContextTakeover) {
            peer.reset();
        }
        if (again != null) {
            assertThat(peer.inflate(withTrailer(bytes(again)))).isEqualTo(own);
        }
        assertThat(peer.maxDistanceSeen()).isLessThanOrEqualTo(1 << bits);
    }

    @Test
    void aMessageCompressedElsewhereCannotCutIntoAFragmentedMessage() {
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        deflater.compress(ByteBuffer.wrap(HELLO), false);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> deflater.sentCompressedElsewhere(ByteBuffer.wrap(HELLO)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void levelZeroSendsHelloInAStoredBlockAsInTheRfcExample() throws Exception {
        // RFC 7692 §7.2.3.3: a DEFLATE block with no compression, 00 05 00 fa ff 48 65 6c 6c 6f 00.
        MessageDeflater deflater = new MessageDeflater(15, false, 0, Deflater.DEFAULT_STRATEGY, pool);
        byte[] compressed = bytes(deflater.compress(ByteBuffer.wrap(HELLO), true));
        assertThat(jdkInflate(withTrailer(compressed))).isEqualTo(HELLO);
        assertThat(jdkInflate(withTrailer(RFC_HELLO_STORED))).as("the fixture itself").isEqualTo(HELLO);
        assumeZlibEmitsTheRfcExample();
        assertThat(compressed).isEqualTo(RFC_HELLO_STORED);
    }

    @ParameterizedTest(name = "window bits {0}, no context takeover {1}")
    @MethodSource("windows")
    void fragmentsOfOneMessageFormOneStream(int bits, boolean noContextTakeover) {
        MessageDeflater deflater = new MessageDeflater(bits, noContextTakeover, 6, Deflater.DEFAULT_STRATEGY, pool);
        WindowCheckingInflater peer = new WindowCheckingInflater(bits);
        for (int message = 0; message < 3; message++) {
            byte[] data = longDistanceRepeats(40_000, 10 + message);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int from = 0; from < data.length; from += 7_000) {
                int to = Math.min(data.length, from + 7_000);
                ByteBuffer fragment = deflater.compress(ByteBuffer.wrap(data, from, to - from), to == data.length);
                wire.write(fragment.array(), fragment.arrayOffset() + fragment.position(), fragment.remaining());
            }
            if (noContextTakeover) {
                peer.reset();
            }
            assertThat(peer.inflate(withTrailer(wire.toByteArray()))).isEqualTo(data);
        }
    }

    @Test
    void connectionsSharingAPoolKeepTheirOwnContexts() throws Exception {
        // Interleaved messages of two connections on one thread: each stream must stay decodable by its
        // own peer, whether the pool's deflater continues a stream or is re-primed from the history.
        MessageDeflater a = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        MessageDeflater b = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        Inflater peerA = new Inflater(true);
        Inflater peerB = new Inflater(true);
        try {
            for (int i = 0; i < 20; i++) {
                byte[] data = longDistanceRepeats(500 + i * 700, i % 3);
                MessageDeflater sender = i % 3 == 2 ? b : a;
                Inflater receiver = sender == a ? peerA : peerB;
                byte[] compressed = bytes(sender.compress(ByteBuffer.wrap(data), true));
                assertThat(jdkInflate(receiver, withTrailer(compressed))).isEqualTo(data);
            }
        } finally {
            peerA.end();
            peerB.end();
        }
    }

    @Test
    void directBuffersAndTheCallersPositionAreHandled() {
        MessageDeflater deflater = new MessageDeflater(10, false, 6, Deflater.DEFAULT_STRATEGY, pool);
        byte[] data = longDistanceRepeats(20_000, 3);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length + 10);
        direct.position(10);
        direct.put(data).position(10);
        byte[] compressed = bytes(deflater.compress(direct, true));
        assertThat(direct.position()).isEqualTo(10);
        assertThat(new WindowCheckingInflater(10).inflate(withTrailer(compressed))).isEqualTo(data);
    }

    @Test
    void levelAndStrategyAreApplied() {
        byte[] data = longDistanceRepeats(20_000, 5);
        int stored = new MessageDeflater(15, true, 0, Deflater.DEFAULT_STRATEGY, pool)
                .compress(ByteBuffer.wrap(data), true).remaining();
        int huffmanOnly = new MessageDeflater(15, true, 6, Deflater.HUFFMAN_ONLY, pool)
                .compress(ByteBuffer.wrap(data), true).remaining();
        int best = new MessageDeflater(15, true, 9, Deflater.DEFAULT_STRATEGY, pool)
                .compress(ByteBuffer.wrap(data), true).remaining();
        assertThat(stored).isGreaterThan(data.length);
        assertThat(best).isLessThan(huffmanOnly).isLessThan(data.length / 2);
    }

    @Test
    void concurrencyPermitsAreTakenAndGivenBack() throws Exception {
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(1);
        MessageDeflater deflater = new MessageDeflater(15, false, 6, Deflater.DEFAULT_STRATEGY, new GatedStreams(pool, permits));
        deflater.compress(ByteBuffer.wrap(new byte[1000]), true);
        assertThat(permits.availablePermits()).isEqualTo(1);
        // With the only permit taken elsewhere, compression waits for it.
        permits.acquire();
        Thread compressing = new Thread(() -> deflater.compress(ByteBuffer.wrap(new byte[1000]), true));
        compressing.start();
        assertThat(parkedOrEnded(compressing)).isEqualTo(Thread.State.WAITING);
        permits.release();
        compressing.join(10_000);
        assertThat(compressing.isAlive()).isFalse();
        assertThat(permits.availablePermits()).isEqualTo(1);
    }

    /** Waits until {@code thread} parks or ends (no clock involved) and returns which. */
    static Thread.State parkedOrEnded(Thread thread) {
        while (true) {
            Thread.State state = thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return state;
            }
            Thread.onSpinWait();
        }
    }

    static byte[] withTrailer(byte[] compressed) {
        byte[] all = java.util.Arrays.copyOf(compressed, compressed.length + 4);
        System.arraycopy(TRAILER, 0, all, compressed.length, 4);
        return all;
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    static byte[] jdkInflate(byte[] input) throws Exception {
        Inflater inflater = new Inflater(true);
        try {
            return jdkInflate(inflater, input);
        } finally {
            inflater.end();
        }
    }

    static byte[] jdkInflate(Inflater inflater, byte[] input) throws Exception {
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = inflater.inflate(chunk)) > 0 || !inflater.needsInput()) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
