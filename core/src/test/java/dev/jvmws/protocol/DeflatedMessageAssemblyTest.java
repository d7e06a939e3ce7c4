package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static dev.jvmws.protocol.TestFrames.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.extension.MessageInflater;
import dev.jvmws.extension.ZlibStreams;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes in, events out with permessage-deflate on: RFC 7692's example frames through {@link FrameParser}
 * and {@link MessageAssembler} with the production {@link MessageInflater}, and the decompressed-size
 * limit exactly at {@code maxPayload} (issue 9: a limit off by one, or loose by 2×, must fail a test).
 */
class DeflatedMessageAssemblyTest {
    private static final int COMPRESSED_TEXT = 0xC1; // FIN, RSV1, text
    private static final int COMPRESSED_BINARY = 0xC2;
    /** 16 KiB chunks of inflater output: a limit on a chunk boundary, and one inside a chunk. */
    private static final long[] LIMITS = {64 * 1024, 100_003};
    /** Fixtures longer than this are split at a sample of points rather than at every one. */
    private static final int EXHAUSTIVE_LIMIT = 64;

    private final ZlibStreams pool = ZlibStreams.pooled();

    @AfterEach
    void closePool() {
        pool.close();
    }

    // --- RFC 7692 §7.2.3 example frames ------------------------------------------------------------

    @Test
    void deliversTheRfcCompressedHello() { // RFC 7692 §7.2.3.1
        assertEvents(hex("c1 07 f248cdc9c90700"), Role.CLIENT, 0, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcCompressedHelloInTwoFragments() { // RFC 7692 §7.2.3.1: RSV1 on the first frame only
        assertEvents(hex("41 03 f248cd 80 04 c9c90700"), Role.CLIENT, 0, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcHelloSentTwiceWithTheSharedWindow() { // RFC 7692 §7.2.3.2
        assertEvents(hex("c1 07 f248cdc9c90700 c1 05 f200110000"), Role.CLIENT, 0,
                r -> r.assertNextText("Hello").assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcHelloInABlockWithNoCompression() { // RFC 7692 §7.2.3.3
        assertEvents(hex("c1 0b 000500faff48656c6c6f00"), Role.CLIENT, 0, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcHelloInABlockWithBfinalSet() { // RFC 7692 §7.2.3.4
        assertEvents(hex("c1 08 f348cdc9c9070000"), Role.CLIENT, 0, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcHelloInTwoDeflateBlocks() { // RFC 7692 §7.2.3.5
        assertEvents(hex("c1 0d f24805000000ffffcac9c90700"), Role.CLIENT, 0, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcExamplesMaskedToAServer() {
        byte[] fixture = concat(frame(COMPRESSED_TEXT, hex("f248cdc9c90700"), true),
                frame(COMPRESSED_TEXT, hex("f200110000"), true),
                frame(0x41, hex("f248cd"), true), frame(0x80, hex("c9c90700"), true));
        assertEvents(fixture, Role.SERVER, 0,
                r -> r.assertNextText("Hello").assertNextText("Hello").assertNextText("Hello"));
    }

    // --- the decompressed size at maxPayload (issue 9) ---------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void aMessageDecompressingToExactlyMaxPayloadIsDelivered(Role role) {
        for (long limit : LIMITS) {
            byte[] data = pattern((int) limit);
            byte[] wire = frame(COMPRESSED_BINARY, deflate(data), role.masked());
            assertEvents(wire, role, limit, r -> r.assertNextBinary(data));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void aMessageDecompressingToOneByteMoreIsA1009AndEndsTheInput(Role role) {
        for (long limit : LIMITS) {
            byte[] compressed = deflate(pattern((int) limit + 1));
            assertThat(compressed.length).as("the compressed frame itself is far below the limit")
                    .isLessThan((int) limit / 10);
            byte[] wire = concat(frame(COMPRESSED_BINARY, compressed, role.masked()),
                    frame(0x81, "after", role.masked()));
            assertEvents(wire, role, limit,
                    r -> r.assertNextViolation(CloseCode.MESSAGE_TOO_BIG, "Max payload size exceeded"));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void theDecompressedSizeOfAFragmentedMessageCountsAllItsFragments(Role role) {
        long limit = LIMITS[1];
        for (int extra = 0; extra <= 1; extra++) {
            byte[] text = ascii((int) limit + extra);
            byte[] compressed = deflate(text);
            int a = compressed.length / 3;
            int b = 2 * compressed.length / 3;
            boolean m = role.masked();
            byte[] wire = concat(frame(0x41, Arrays.copyOfRange(compressed, 0, a), m),
                    frame(0x00, Arrays.copyOfRange(compressed, a, b), m),
                    frame(0x80, Arrays.copyOfRange(compressed, b, compressed.length), m));
            if (extra == 0) {
                assertEvents(wire, role, limit, r -> r.assertNextText(new String(text, StandardCharsets.US_ASCII)));
            } else {
                assertEvents(wire, role, limit, r -> r.assertNextViolation(CloseCode.MESSAGE_TOO_BIG));
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Printable ASCII with repeats: compresses well, valid UTF-8. */
    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + (i * 7 + i / 1000) % 26);
        }
        return bytes;
    }

    /** A peer's compressor, independent of ours: the JDK's raw deflate, sync flush, trailer removed. */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(data);
            byte[] out = new byte[data.length + 1024];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            assertThat(n).as("one call flushed everything").isLessThan(out.length);
            return Arrays.copyOf(out, n - 4);
        } finally {
            deflater.end();
        }
    }

    /**
     * Feeds {@code fixture} to fresh receivers with decompression on (a 15-bit window, context
     * takeover) and {@code maxPayload} (0 = none), split in two at every point (a sample of points
     * for long fixtures) and one byte at a time, in every kind of buffer, and checks the same events
     * each time, and no others.
     */
    private void assertEvents(byte[] fixture, Role role, long maxPayload, Consumer<EventRecorder> expected) {
        int n = fixture.length;
        int stride = n <= EXHAUSTIVE_LIMIT ? 1 : Math.max(1, n / 40);
        for (Pieces kind : Pieces.values()) {
            for (int i = 0; i <= n; i = i == n ? n + 1 : Math.min(n, i + stride)) {
                Receiver receiver = receiver(role, maxPayload);
                feed(receiver, kind, fixture, 0, i);
                feed(receiver, kind, fixture, i, n);
                check(receiver, expected, role + ", " + kind + ", split at " + i + " of " + n);
            }
            Receiver receiver = receiver(role, maxPayload);
            for (int i = 0; i < n; i++) {
                feed(receiver, kind, fixture, i, i + 1);
            }
            check(receiver, expected, role + ", " + kind + ", one byte at a time");
        }
    }

    private Receiver receiver(Role role, long maxPayload) {
        Receiver receiver = new Receiver(role, limits -> limits.withMaxPayload(maxPayload).withAllowedRsv(Opcode.RSV1));
        receiver.assembler.enableDecompression(new MessageInflater(15, false, pool));
        return receiver;
    }

    /** One piece, as a connection's read would pass it: a new slice of work each time. */
    private static void feed(Receiver receiver, Pieces kind, byte[] fixture, int from, int to) {
        receiver.assembler.startWorkSlice();
        receiver.feed(kind.wrap(fixture, from, to));
    }

    private static void check(Receiver receiver, Consumer<EventRecorder> expected, String run) {
        try {
            expected.accept(receiver.events);
            receiver.events.assertExhausted();
        } catch (AssertionError e) {
            AssertionError wrapped = new AssertionError(run + ": " + e.getMessage() + "\nall events: " + receiver.events.all());
            wrapped.initCause(e);
            throw wrapped;
        } finally {
            receiver.assembler.release(); // gives the inflater back to the pool
        }
    }
}
