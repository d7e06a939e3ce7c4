package dev.jvmws.extension;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The window checker decodes what the JDK's zlib produces, and fails where it must. */
class WindowCheckingInflaterTest {
    private static final int[] CODE_LENGTH_ORDER = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    private static final int PERIOD_BYTES = 20 * 1024;

    @Test
    void decodesJdkOutputAtEveryLevelAndStrategy() {
        int[] levels = {0, 1, 6, 9};
        int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
        for (String kind : List.of("random", "text", "repetitive")) {
            // An empty message, a tiny one, and one above the 65535-byte stored block limit.
            List<byte[]> messages = List.of(data(kind, 1, 1), data(kind, 0, 2), data(kind, 5_000, 3),
                    data(kind, 70_000, 4), data(kind, 300, 5));
            for (int level : levels) {
                for (int strategy : strategies) {
                    Deflater deflater = new Deflater(level, true);
                    deflater.setStrategy(strategy);
                    List<byte[]> compressed = compress(deflater, messages);

                    WindowCheckingInflater inflater = new WindowCheckingInflater(15);
                    for (int i = 0; i < messages.size(); i++) {
                        String run = kind + " level=" + level + " strategy=" + strategy + " message=" + i;
                        assertThat(inflater.inflate(compressed.get(i))).as(run).isEqualTo(messages.get(i));
                    }
                }
            }
        }
    }

    @Test
    void decodesSeveralMebibytesInOneStream() {
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        for (int part = 0; part < 24; part++) {
            mixed.writeBytes(data(List.of("random", "text", "repetitive").get(part % 3), 180_000, part));
        }
        byte[] message = mixed.toByteArray();
        byte[] compressed = compress(new Deflater(6, true), List.of(message)).get(0);

        assertThat(new WindowCheckingInflater(15).inflate(compressed)).isEqualTo(message);
    }

    /** RFC 7692 §7.2.3: the "Hello" examples, each followed by the tail a receiver appends. */
    @Test
    void decodesTheRfc7692Examples() {
        byte[] hello = "Hello".getBytes(US_ASCII);
        WindowCheckingInflater takeover = new WindowCheckingInflater(15);
        assertThat(takeover.inflate(hex("f248cdc9c90700 0000ffff"))).isEqualTo(hello);
        assertThat(takeover.inflate(hex("f200110000 0000ffff"))).isEqualTo(hello);
        assertThat(takeover.maxDistanceSeen()).isEqualTo(5);

        assertThat(new WindowCheckingInflater(15).inflate(hex("0005 00faff 48656c6c6f 00 0000ffff")))
                .isEqualTo(hello);
        assertThat(new WindowCheckingInflater(15).inflate(hex("f348cdc9c90700 0000ffff"))).isEqualTo(hello);
        assertThat(new WindowCheckingInflater(15).inflate(hex("f348cdc9c90700"))).isEqualTo(hello);
    }

    @Test
    void keepsHistoryAcrossSyncFlushedMessages() {
        byte[] first = data("random", 3_000, 11);
        byte[] third = data("text", 2_000, 12);
        List<byte[]> messages = List.of(first, first, third, first);
        List<byte[]> compressed = compress(new Deflater(6, true), messages);
        assertThat(compressed.get(1).length).as("second copy is back-references only").isLessThan(100);

        WindowCheckingInflater inflater = new WindowCheckingInflater(15);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(inflater.inflate(compressed.get(i))).as("message " + i).isEqualTo(messages.get(i));
        }
        assertThat(inflater.maxDistanceSeen()).isGreaterThanOrEqualTo(first.length);
    }

    @Test
    void resetForgetsHistory() {
        byte[] message = data("random", 3_000, 13);
        List<byte[]> compressed = compress(new Deflater(6, true), List.of(message, message));
        WindowCheckingInflater inflater = new WindowCheckingInflater(15);
        inflater.inflate(compressed.get(0));

        inflater.reset();

        assertThatThrownBy(() -> inflater.inflate(compressed.get(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beyond history");
    }

    @Test
    void decodesIndependentMessagesWithResetBetweenThem() {
        WindowCheckingInflater inflater = new WindowCheckingInflater(15);
        for (int i = 0; i < 3; i++) {
            byte[] message = data("text", 4_000, 20 + i);
            byte[] compressed = compress(new Deflater(9, true), List.of(message)).get(0);
            assertThat(inflater.inflate(compressed)).isEqualTo(message);
            inflater.reset();
        }
    }

    /** The JDK always uses a 32 KiB window, so a 20 KiB period is copied from 20 KiB back. */
    @ParameterizedTest(name = "windowBits={0}")
    @ValueSource(ints = {9, 10, 11, 12, 13, 14})
    void rejectsDistancesBeyondTheWindow(int windowBits) {
        byte[] compressed = compress(new Deflater(9, true), List.of(periodicData())).get(0);

        assertThatThrownBy(() -> new WindowCheckingInflater(windowBits).inflate(compressed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("distance ")
                .hasMessageEndingWith(" exceeds window " + (1 << windowBits));
    }

    @Test
    void acceptsTheSamePeriodicStreamWithA32KiBWindow() {
        byte[] message = periodicData();
        byte[] compressed = compress(new Deflater(9, true), List.of(message)).get(0);
        WindowCheckingInflater inflater = new WindowCheckingInflater(15);

        assertThat(inflater.inflate(compressed)).isEqualTo(message);
        assertThat(inflater.maxDistanceSeen()).isGreaterThan(1 << 14).isLessThanOrEqualTo(1 << 15);
    }

    @Test
    void rejectsAReferenceBeforeTheFirstByte() {
        // Fixed block: 'a', then length 3 (symbol 257) at distance 2 (distance symbol 1).
        byte[] compressed = new BitWriter().bits(1, 1).bits(1, 2)
                .code(0x30 + 'a', 8).code(1, 7).code(1, 5).code(0, 7).toByteArray();

        assertThatThrownBy(() -> new WindowCheckingInflater(15).inflate(compressed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("distance 2 beyond history of 1 bytes");
    }

    @Test
    void decodesAgainstAPresetDictionary() {
        byte[] dictionary = data("text", 8_000, 30);
        byte[] message = concat(Arrays.copyOfRange(dictionary, 100, 2_100), data("text", 1_000, 31));
        Deflater deflater = new Deflater(6, true);
        deflater.setDictionary(dictionary);
        byte[] compressed = compress(deflater, List.of(message)).get(0);

        WindowCheckingInflater inflater = new WindowCheckingInflater(15);
        inflater.setDictionary(dictionary);
        assertThat(inflater.inflate(compressed)).isEqualTo(message);
        assertThat(inflater.maxDistanceSeen()).isGreaterThan(message.length);

        assertThatThrownBy(() -> new WindowCheckingInflater(15).inflate(compressed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beyond history");
    }

    @Test
    void rejectsADictionaryAfterInflating() {
        WindowCheckingInflater inflater = new WindowCheckingInflater(15);
        inflater.inflate(hex("f348cdc9c90700"));

        assertThatThrownBy(() -> inflater.setDictionary(new byte[10])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsWindowBitsOutside8To15() {
        assertThatThrownBy(() -> new WindowCheckingInflater(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WindowCheckingInflater(16)).isInstanceOf(IllegalArgumentException.class);
    }

    /** RFC 1951 §3.2.7: a code of a single one-bit code is legal (zlib accepts it for both codes). */
    @Test
    void acceptsASingleOneBitDistanceCode() {
        WindowCheckingInflater inflater = new WindowCheckingInflater(8);

        assertThat(inflater.inflate(singleDistanceCodeBlock(0))).isEqualTo("aaaa".getBytes(US_ASCII));
        assertThat(inflater.maxDistanceSeen()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedStreams")
    void rejectsMalformedInput(String name, byte[] compressed, String expectedMessage) {
        assertThatThrownBy(() -> new WindowCheckingInflater(15).inflate(compressed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(expectedMessage);
    }

    static Stream<Arguments> malformedStreams() {
        byte[] flushed = compress(new Deflater(6, true), List.of(data("text", 2_000, 40), new byte[0])).get(0);
        byte[] finished = compress(new Deflater(6, true), List.of(data("text", 2_000, 41))).get(0);
        int[] codeLengthZeroAndRepeatZeros = codeLengths(0, 1, 18, 1);
        return Stream.of(
                Arguments.of("reserved block type", hex("07"), "invalid block type 3"),
                Arguments.of("stored length complement", hex("01 0500 0000"), "does not match its complement"),
                Arguments.of("truncated stored block", hex("01 0500 faff 4865"), "truncated"),
                Arguments.of("sync-flushed message cut short", Arrays.copyOf(flushed, flushed.length - 1),
                        "truncated"),
                Arguments.of("final block cut short", Arrays.copyOf(finished, finished.length - 1), "truncated"),
                Arguments.of("bytes after the final block", concat(finished, hex("010203")),
                        "trailing bytes after the final block"),
                Arguments.of("fixed literal/length symbol 286",
                        new BitWriter().bits(1, 1).bits(1, 2).code(0b11000110, 8).toByteArray(),
                        "invalid literal/length symbol 286"),
                Arguments.of("fixed distance symbol 30",
                        new BitWriter().bits(1, 1).bits(1, 2).code(1, 7).code(30, 5).toByteArray(),
                        "invalid distance symbol 30"),
                Arguments.of("287 literal/length codes",
                        dynamicHeader(287, 1, codeLengthZeroAndRepeatZeros).toByteArray(),
                        "too many literal/length codes: 287"),
                Arguments.of("32 distance codes",
                        dynamicHeader(257, 32, codeLengthZeroAndRepeatZeros).toByteArray(),
                        "too many distance codes: 32"),
                Arguments.of("over-subscribed code length code",
                        dynamicHeader(257, 1, codeLengths(16, 1, 17, 1, 18, 1)).toByteArray(),
                        "over-subscribed code length code"),
                Arguments.of("incomplete code length code",
                        dynamicHeader(257, 1, codeLengths(0, 1)).toByteArray(), "incomplete code length code"),
                Arguments.of("repeat with no previous length", repeatWithNoPreviousLength(),
                        "no previous length"),
                Arguments.of("repeat past the last code length", repeatPastTheEnd(), "too many code lengths"),
                Arguments.of("no end-of-block code", noEndOfBlockCode(), "missing end-of-block code"),
                Arguments.of("incomplete literal/length code", incompleteLiteralLengthCode(),
                        "incomplete literal/length code"),
                // Padded so that the decoder can read all 15 bits a code may have.
                Arguments.of("unused code of a single-code distance code",
                        concat(singleDistanceCodeBlock(1), new byte[2]),
                        "invalid Huffman code in distance code"));
    }

    private static byte[] repeatWithNoPreviousLength() {
        int[] codeLengths = codeLengths(16, 1, 17, 1);
        BitWriter writer = dynamicHeader(257, 1, codeLengths);
        return writer.symbol(codeLengths, 16).bits(0, 2).toByteArray();
    }

    private static byte[] repeatPastTheEnd() {
        int[] codeLengths = codeLengths(0, 1, 18, 1);
        BitWriter writer = dynamicHeader(257, 1, codeLengths);
        // 258 lengths are due; 138 + 138 zeros overshoot.
        return writer.symbol(codeLengths, 18).bits(127, 7).symbol(codeLengths, 18).bits(127, 7).toByteArray();
    }

    private static byte[] noEndOfBlockCode() {
        int[] codeLengths = codeLengths(0, 1, 18, 1);
        BitWriter writer = dynamicHeader(257, 1, codeLengths);
        // 138 + 120 zeros: every literal/length and distance length is zero.
        return writer.symbol(codeLengths, 18).bits(127, 7).symbol(codeLengths, 18).bits(109, 7).toByteArray();
    }

    private static byte[] incompleteLiteralLengthCode() {
        int[] codeLengths = codeLengths(2, 1, 18, 1);
        BitWriter writer = dynamicHeader(257, 1, codeLengths);
        // Zeros for 0..255, then end-of-block alone with a two-bit code, and one two-bit distance code.
        return writer.symbol(codeLengths, 18).bits(127, 7).symbol(codeLengths, 18).bits(107, 7)
                .symbol(codeLengths, 2).symbol(codeLengths, 2).toByteArray();
    }

    /**
     * A final dynamic block whose literal/length code is {'a': 2, 256: 2, 257: 1} and whose distance
     * code is symbol 0 alone with a one-bit code; it encodes 'a', then length 3 at distance 1 using
     * {@code distanceBit} as the distance code (0 is valid, 1 is the unused code), then end of block.
     */
    private static byte[] singleDistanceCodeBlock(int distanceBit) {
        int[] codeLengths = codeLengths(1, 2, 2, 2, 18, 1);
        BitWriter writer = dynamicHeader(258, 1, codeLengths)
                .symbol(codeLengths, 18).bits(97 - 11, 7)
                .symbol(codeLengths, 2)
                .symbol(codeLengths, 18).bits(138 - 11, 7)
                .symbol(codeLengths, 18).bits(20 - 11, 7)
                .symbol(codeLengths, 2)
                .symbol(codeLengths, 1)
                .symbol(codeLengths, 1);
        int[] literalLengths = new int[258];
        literalLengths['a'] = 2;
        literalLengths[256] = 2;
        literalLengths[257] = 1;
        return writer.symbol(literalLengths, 'a')
                .symbol(literalLengths, 257).bits(distanceBit, 1)
                .symbol(literalLengths, 256)
                .toByteArray();
    }

    // ---- stream builders ----

    /** Code length code lengths indexed by symbol 0..18, from (symbol, length) pairs. */
    private static int[] codeLengths(int... symbolLengthPairs) {
        int[] lengths = new int[19];
        for (int i = 0; i < symbolLengthPairs.length; i += 2) {
            lengths[symbolLengthPairs[i]] = symbolLengthPairs[i + 1];
        }
        return lengths;
    }

    /** RFC 1951 §3.2.7: a final dynamic block header up to and including the code length code. */
    private static BitWriter dynamicHeader(int literalLengthCount, int distanceCount, int[] codeLengths) {
        int sent = 4;
        for (int i = 0; i < CODE_LENGTH_ORDER.length; i++) {
            if (codeLengths[CODE_LENGTH_ORDER[i]] != 0) {
                sent = Math.max(sent, i + 1);
            }
        }
        BitWriter writer = new BitWriter().bits(1, 1).bits(2, 2)
                .bits(literalLengthCount - 257, 5).bits(distanceCount - 1, 5).bits(sent - 4, 4);
        for (int i = 0; i < sent; i++) {
            writer.bits(codeLengths[CODE_LENGTH_ORDER[i]], 3);
        }
        return writer;
    }

    /** Writes bits least significant first and Huffman codes most significant first (RFC 1951 §3.1.1). */
    private static final class BitWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private int pending;
        private int pendingBits;

        BitWriter bits(int value, int count) {
            for (int i = 0; i < count; i++) {
                pending |= ((value >>> i) & 1) << pendingBits;
                if (++pendingBits == 8) {
                    bytes.write(pending);
                    pending = 0;
                    pendingBits = 0;
                }
            }
            return this;
        }

        BitWriter code(int code, int length) {
            for (int i = length - 1; i >= 0; i--) {
                bits(code >>> i, 1);
            }
            return this;
        }

        /** Writes {@code symbol} in the canonical code (RFC 1951 §3.2.2) that {@code lengths} define. */
        BitWriter symbol(int[] lengths, int symbol) {
            int[] countOfLength = new int[16];
            for (int length : lengths) {
                countOfLength[length]++;
            }
            countOfLength[0] = 0;
            int[] nextCode = new int[16];
            int code = 0;
            for (int length = 1; length < 16; length++) {
                code = (code + countOfLength[length - 1]) << 1;
                nextCode[length] = code;
            }
            for (int s = 0; s < symbol; s++) {
                if (lengths[s] == lengths[symbol]) {
                    nextCode[lengths[s]]++;
                }
            }
            return code(nextCode[lengths[symbol]], lengths[symbol]);
        }

        byte[] toByteArray() {
            if (pendingBits > 0) {
                bytes.write(pending);
            }
            return bytes.toByteArray();
        }
    }

    // ---- data and compression ----

    /**
     * Compresses each message with a sync flush and the last one with FINISH, as a permessage-deflate
     * sender with context takeover would (keeping the 00 00 ff ff tails the receiver would re-append).
     */
    private static List<byte[]> compress(Deflater deflater, List<byte[]> messages) {
        List<byte[]> compressed = new ArrayList<>();
        byte[] buffer = new byte[4096];
        try {
            for (int i = 0; i < messages.size(); i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                deflater.setInput(messages.get(i));
                if (i == messages.size() - 1) {
                    deflater.finish();
                    while (!deflater.finished()) {
                        out.write(buffer, 0, deflater.deflate(buffer));
                    }
                } else {
                    // The first call after a level or strategy change only applies it (needsInput stays
                    // false), so loop until the input is consumed and the flush fitted the buffer.
                    int written;
                    do {
                        written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                        out.write(buffer, 0, written);
                    } while (written == buffer.length || !deflater.needsInput());
                }
                compressed.add(out.toByteArray());
            }
        } finally {
            deflater.end();
        }
        return compressed;
    }

    private static byte[] data(String kind, int length, long seed) {
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        switch (kind) {
            case "random" -> random.nextBytes(bytes);
            case "text" -> {
                String[] words = {"the", "window", "deflate", "message", "frame", "of", "a", "server",
                    "client", "context", "takeover", "bits", "and", "compressed", "history", "\n"};
                StringBuilder text = new StringBuilder();
                while (text.length() < length) {
                    text.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? ". " : " ");
                }
                bytes = Arrays.copyOf(text.toString().getBytes(US_ASCII), length);
            }
            case "repetitive" -> {
                byte[] phrase = "permessage-deflate keeps every distance inside the window; ".getBytes(US_ASCII);
                for (int i = 0; i < length; i++) {
                    bytes[i] = i % 997 == 0 ? (byte) random.nextInt() : phrase[i % phrase.length];
                }
            }
            default -> throw new IllegalArgumentException(kind);
        }
        return bytes;
    }

    /** Five copies of 20 KiB of random bytes: only a match 20 KiB back compresses it. */
    private static byte[] periodicData() {
        byte[] period = data("random", PERIOD_BYTES, 50);
        byte[] bytes = new byte[PERIOD_BYTES * 5];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = period[i % PERIOD_BYTES];
        }
        return bytes;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits.replace(" ", ""));
    }
}
