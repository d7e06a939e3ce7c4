package dev.jvmws.extension;

import java.util.Arrays;

/**
 * A raw DEFLATE (RFC 1951) decoder for tests that fails when a back-reference reaches outside an LZ77
 * window of {@code 2^windowBits} bytes.
 *
 * <p>The JDK's {@code Inflater} accepts any distance up to 32 KiB, so it cannot tell whether a
 * permessage-deflate (RFC 7692) compressor honoured a negotiated {@code *_max_window_bits} below 15;
 * this decoder can. It decodes all three block types per RFC 1951 §3.2 and treats anything the RFC
 * does not allow as an error, with the same strictness as zlib's {@code inflate} (incomplete codes are
 * accepted only as a single code of length one).
 *
 * <p>Each {@link #inflate} call decodes one whole permessage-deflate message as a continuation of the
 * stream: its input must end on a block boundary, either after a sync flush (an empty stored block,
 * RFC 7692 §7.2.1) or with a final block. The LZ77 history carries over between calls (context
 * takeover) until {@link #reset()}. Bit-level state does not carry over, because every call ends
 * byte-aligned.
 *
 * <p>Every failure is an {@link IllegalStateException}; after one the instance must be reset or
 * discarded. Not thread-safe.
 */
public final class WindowCheckingInflater {
    /** RFC 1951 §3.2.1: distances reach at most 32768 bytes back, whatever the window. */
    private static final int MAX_HISTORY_BYTES = 1 << 15;

    private static final int END_OF_BLOCK = 256;
    private static final int MAX_LITERAL_LENGTH_CODES = 286;
    private static final int MAX_DISTANCE_CODES = 30;
    private static final int MAX_CODE_BITS = 15;

    /** RFC 1951 §3.2.5: base lengths and extra bits of length symbols 257..285. */
    private static final int[] LENGTH_BASE = {
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
        195, 227, 258};
    private static final int[] LENGTH_EXTRA_BITS = {
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

    /** RFC 1951 §3.2.5: base distances and extra bits of distance symbols 0..29. */
    private static final int[] DISTANCE_BASE = {
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049,
        3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA_BITS = {
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

    /** RFC 1951 §3.2.7: the order in which code length code lengths are sent. */
    private static final int[] CODE_LENGTH_ORDER = {
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    /** RFC 7692 §7.2.2: the tail a receiver appends to every message before inflating it. */
    private static final byte[] SYNC_FLUSH_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private static final HuffmanCode FIXED_LITERAL_LENGTH_CODE;
    private static final HuffmanCode FIXED_DISTANCE_CODE;

    static {
        // RFC 1951 §3.2.6. Symbols 286, 287 and distance symbols 30, 31 take part in the code but
        // are rejected when decoded.
        int[] literalLengths = new int[288];
        Arrays.fill(literalLengths, 0, 144, 8);
        Arrays.fill(literalLengths, 144, 256, 9);
        Arrays.fill(literalLengths, 256, 280, 7);
        Arrays.fill(literalLengths, 280, 288, 8);
        FIXED_LITERAL_LENGTH_CODE = new HuffmanCode("fixed literal/length", literalLengths);
        int[] distanceLengths = new int[32];
        Arrays.fill(distanceLengths, 5);
        FIXED_DISTANCE_CODE = new HuffmanCode("fixed distance", distanceLengths);
    }

    private final int windowBytes;

    /** The last {@link #MAX_HISTORY_BYTES} bytes output, as a ring indexed by {@code historyBytes}. */
    private final byte[] history = new byte[MAX_HISTORY_BYTES];
    /** Bytes output since the last reset, counting a preset dictionary. */
    private long historyBytes;
    private boolean hasInflated;
    private int maxDistanceSeen;

    // Per-call state: the input, the bit position within it, and the output produced so far.
    private byte[] input;
    private long bitPosition;
    private byte[] output;
    private int outputLength;

    /** @param windowBits log2 of the LZ77 window, 8..15 as in RFC 7692 §7.1.2 */
    public WindowCheckingInflater(int windowBits) {
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("windowBits must be 8..15: " + windowBits);
        }
        this.windowBytes = 1 << windowBits;
    }

    /** Presets the history, as if {@code dictionary} had already been output. Call before inflating. */
    public void setDictionary(byte[] dictionary) {
        if (hasInflated) {
            throw new IllegalStateException("dictionary must be set before the first inflate");
        }
        for (byte b : dictionary) {
            appendToHistory(b);
        }
    }

    /** Forgets the history, as a receiver does between messages without context takeover. */
    public void reset() {
        historyBytes = 0;
        hasInflated = false;
    }

    /** The largest back-reference distance decoded since construction (resets do not clear it). */
    public int maxDistanceSeen() {
        return maxDistanceSeen;
    }

    /**
     * Decodes one message's worth of blocks and returns the bytes they produce.
     *
     * @throws IllegalStateException on a distance beyond the window or the history, on malformed
     *     input, or when the input ends anywhere but on a block boundary
     */
    public byte[] inflate(byte[] compressed) {
        hasInflated = true;
        input = compressed;
        bitPosition = 0;
        output = new byte[Math.max(64, compressed.length * 4)];
        outputLength = 0;
        try {
            while (bitPosition < (long) input.length * 8) {
                boolean isFinal = readBits(1) == 1;
                int type = readBits(2);
                switch (type) {
                    case 0 -> inflateStoredBlock();
                    case 1 -> inflateHuffmanBlock(FIXED_LITERAL_LENGTH_CODE, FIXED_DISTANCE_CODE);
                    case 2 -> inflateDynamicBlock();
                    default -> throw new IllegalStateException("invalid block type 3");
                }
                if (isFinal) {
                    checkTrailingBytes();
                    break;
                }
            }
            return Arrays.copyOf(output, outputLength);
        } finally {
            input = null;
            output = null;
        }
    }

    /**
     * After a final block only padding may follow, or the sync-flush tail that RFC 7692 §7.2.2 has a
     * receiver append even to a message whose last block is final.
     */
    private void checkTrailingBytes() {
        int next = (int) ((bitPosition + 7) / 8);
        byte[] trailing = Arrays.copyOfRange(input, next, input.length);
        if (trailing.length != 0 && !Arrays.equals(trailing, SYNC_FLUSH_TAIL)) {
            throw new IllegalStateException(trailing.length + " trailing bytes after the final block");
        }
        bitPosition = (long) input.length * 8;
    }

    /** RFC 1951 §3.2.4. */
    private void inflateStoredBlock() {
        bitPosition = (bitPosition + 7) & ~7L;
        int length = readBits(16);
        int complement = readBits(16);
        if (length != (~complement & 0xffff)) {
            throw new IllegalStateException("stored block length " + length + " does not match its complement "
                    + complement);
        }
        if (bitPosition / 8 + length > input.length) {
            throw new IllegalStateException("truncated input: stored block of " + length + " bytes");
        }
        int start = (int) (bitPosition / 8);
        for (int i = start; i < start + length; i++) {
            emit(input[i]);
        }
        bitPosition += (long) length * 8;
    }

    /** RFC 1951 §3.2.7: the block carries its own codes, themselves Huffman coded. */
    private void inflateDynamicBlock() {
        int literalLengthCount = readBits(5) + 257;
        int distanceCount = readBits(5) + 1;
        int codeLengthCount = readBits(4) + 4;
        if (literalLengthCount > MAX_LITERAL_LENGTH_CODES) {
            throw new IllegalStateException("too many literal/length codes: " + literalLengthCount);
        }
        if (distanceCount > MAX_DISTANCE_CODES) {
            throw new IllegalStateException("too many distance codes: " + distanceCount);
        }

        int[] codeLengthLengths = new int[CODE_LENGTH_ORDER.length];
        for (int i = 0; i < codeLengthCount; i++) {
            codeLengthLengths[CODE_LENGTH_ORDER[i]] = readBits(3);
        }
        HuffmanCode codeLengthCode = new HuffmanCode("code length", codeLengthLengths);
        if (!codeLengthCode.isComplete()) {
            // zlib rejects this too; only literal/length and distance codes have an incomplete form.
            throw new IllegalStateException("incomplete code length code");
        }

        // Literal/length and distance code lengths form one sequence; a repeat may cross between them.
        int[] lengths = new int[literalLengthCount + distanceCount];
        int index = 0;
        while (index < lengths.length) {
            int symbol = decodeSymbol(codeLengthCode);
            if (symbol < 16) {
                lengths[index++] = symbol;
                continue;
            }
            int repeatedLength;
            int repeat;
            if (symbol == 16) {
                if (index == 0) {
                    throw new IllegalStateException("repeat of previous code length with no previous length");
                }
                repeatedLength = lengths[index - 1];
                repeat = 3 + readBits(2);
            } else if (symbol == 17) {
                repeatedLength = 0;
                repeat = 3 + readBits(3);
            } else {
                repeatedLength = 0;
                repeat = 11 + readBits(7);
            }
            if (index + repeat > lengths.length) {
                throw new IllegalStateException("too many code lengths: repeat of " + repeat + " at " + index
                        + " of " + lengths.length);
            }
            Arrays.fill(lengths, index, index + repeat, repeatedLength);
            index += repeat;
        }

        int[] literalLengths = Arrays.copyOfRange(lengths, 0, literalLengthCount);
        int[] distanceLengths = Arrays.copyOfRange(lengths, literalLengthCount, lengths.length);
        if (literalLengths[END_OF_BLOCK] == 0) {
            throw new IllegalStateException("missing end-of-block code");
        }
        HuffmanCode literalLengthCode = new HuffmanCode("literal/length", literalLengths);
        HuffmanCode distanceCode = new HuffmanCode("distance", distanceLengths);
        requireCompleteOrSingle(literalLengthCode, "literal/length");
        requireCompleteOrSingle(distanceCode, "distance");
        inflateHuffmanBlock(literalLengthCode, distanceCode);
    }

    /**
     * RFC 1951 §3.2.7 allows a distance code of one code of one bit; zlib accepts that form for both
     * codes (and an empty distance code, failing only if it is used) and nothing else incomplete.
     */
    private static void requireCompleteOrSingle(HuffmanCode code, String name) {
        if (!code.isComplete() && !code.isEmpty() && !code.isSingleOneBitCode()) {
            throw new IllegalStateException("incomplete " + name + " code");
        }
    }

    /** RFC 1951 §3.2.5: literals, length/distance pairs, and end of block. */
    private void inflateHuffmanBlock(HuffmanCode literalLengthCode, HuffmanCode distanceCode) {
        while (true) {
            int symbol = decodeSymbol(literalLengthCode);
            if (symbol < 256) {
                emit((byte) symbol);
            } else if (symbol == END_OF_BLOCK) {
                return;
            } else {
                int lengthIndex = symbol - 257;
                if (lengthIndex >= LENGTH_BASE.length) {
                    throw new IllegalStateException("invalid literal/length symbol " + symbol);
                }
                int length = LENGTH_BASE[lengthIndex] + readBits(LENGTH_EXTRA_BITS[lengthIndex]);
                int distanceSymbol = decodeSymbol(distanceCode);
                if (distanceSymbol >= MAX_DISTANCE_CODES) {
                    throw new IllegalStateException("invalid distance symbol " + distanceSymbol);
                }
                int distance = DISTANCE_BASE[distanceSymbol] + readBits(DISTANCE_EXTRA_BITS[distanceSymbol]);
                copyBackReference(length, distance);
            }
        }
    }

    private void copyBackReference(int length, int distance) {
        maxDistanceSeen = Math.max(maxDistanceSeen, distance);
        if (distance > windowBytes) {
            throw new IllegalStateException("distance " + distance + " exceeds window " + windowBytes);
        }
        if (distance > historyBytes) {
            throw new IllegalStateException("distance " + distance + " beyond history of " + historyBytes
                    + " bytes");
        }
        // Byte by byte: a copy may overlap the bytes it produces (distance < length).
        for (int i = 0; i < length; i++) {
            emit(history[(int) ((historyBytes - distance) & (MAX_HISTORY_BYTES - 1))]);
        }
    }

    private void emit(byte b) {
        if (outputLength == output.length) {
            output = Arrays.copyOf(output, output.length * 2);
        }
        output[outputLength++] = b;
        appendToHistory(b);
    }

    private void appendToHistory(byte b) {
        history[(int) (historyBytes & (MAX_HISTORY_BYTES - 1))] = b;
        historyBytes++;
    }

    /** RFC 1951 §3.1.1: data elements are packed starting with their least significant bit. */
    private int readBits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value |= readBit() << i;
        }
        return value;
    }

    private int readBit() {
        int byteIndex = (int) (bitPosition >>> 3);
        if (byteIndex >= input.length) {
            throw new IllegalStateException("truncated input: a block continues past the end of the input");
        }
        int bit = (input[byteIndex] >>> (bitPosition & 7)) & 1;
        bitPosition++;
        return bit;
    }

    /**
     * Huffman codes are packed starting with their most significant bit (RFC 1951 §3.1.1), so the
     * code grows a bit at a time; canonical codes of each length are consecutive, which lets us test
     * membership per length with one subtraction.
     */
    private int decodeSymbol(HuffmanCode code) {
        int value = 0;
        int firstCodeOfLength = 0;
        int firstIndexOfLength = 0;
        for (int length = 1; length <= MAX_CODE_BITS; length++) {
            value |= readBit();
            int count = code.countOfLength[length];
            if (value - firstCodeOfLength < count) {
                return code.symbolsInCodeOrder[firstIndexOfLength + value - firstCodeOfLength];
            }
            firstIndexOfLength += count;
            firstCodeOfLength = (firstCodeOfLength + count) << 1;
            value <<= 1;
        }
        throw new IllegalStateException("invalid Huffman code in " + code.name + " code");
    }

    /** A canonical Huffman code (RFC 1951 §3.2.2), kept as counts per length plus symbols in code order. */
    private static final class HuffmanCode {
        final String name;
        final int[] countOfLength = new int[MAX_CODE_BITS + 1];
        final int[] symbolsInCodeOrder;
        /** Code space left unused, in units of 2^-MAX_CODE_BITS; 0 means complete. */
        private final int unusedCodeSpace;

        HuffmanCode(String name, int[] lengths) {
            this.name = name;
            for (int length : lengths) {
                countOfLength[length]++;
            }
            countOfLength[0] = 0;

            int left = 1 << MAX_CODE_BITS;
            for (int length = 1; length <= MAX_CODE_BITS; length++) {
                left -= countOfLength[length] << (MAX_CODE_BITS - length);
                if (left < 0) {
                    throw new IllegalStateException("over-subscribed " + name + " code");
                }
            }
            unusedCodeSpace = left;

            // Shorter codes come first, and within a length, symbols in increasing order.
            int[] nextIndex = new int[MAX_CODE_BITS + 2];
            for (int length = 1; length <= MAX_CODE_BITS; length++) {
                nextIndex[length + 1] = nextIndex[length] + countOfLength[length];
            }
            symbolsInCodeOrder = new int[nextIndex[MAX_CODE_BITS + 1]];
            for (int symbol = 0; symbol < lengths.length; symbol++) {
                if (lengths[symbol] != 0) {
                    symbolsInCodeOrder[nextIndex[lengths[symbol]]++] = symbol;
                }
            }
        }

        boolean isComplete() {
            return unusedCodeSpace == 0;
        }

        boolean isEmpty() {
            return symbolsInCodeOrder.length == 0;
        }

        boolean isSingleOneBitCode() {
            return symbolsInCodeOrder.length == 1 && countOfLength[1] == 1;
        }
    }
}
