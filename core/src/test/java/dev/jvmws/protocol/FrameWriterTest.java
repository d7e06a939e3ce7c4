package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link FrameWriter} output checked byte for byte and read back by {@link FrameParser}. */
class FrameWriterTest {
    private static final int[] OPCODES = {Opcode.CONTINUATION, Opcode.TEXT, Opcode.BINARY, Opcode.CLOSE, Opcode.PING,
        Opcode.PONG};

    private static List<Integer> sizes() {
        List<Integer> sizes = new ArrayList<>(List.of(0, 1, 7, 8, 125, 126, 127, 65535, 65536, 70000));
        Random random = new Random(6455);
        for (int i = 0; i < 12; i++) {
            sizes.add(random.nextInt(70001));
        }
        return sizes;
    }

    private static byte[] randomPayload(Random random, int size, boolean text) {
        if (!text) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            return bytes;
        }
        StringBuilder s = new StringBuilder();
        String[] pieces = {"a", "Z", " ", "é", "€", "😀", "κ"};
        for (int bytes = 0; bytes < size; ) {
            String piece = pieces[random.nextInt(pieces.length)];
            s.append(piece);
            bytes += utf8(piece).length;
        }
        return utf8(s.toString());
    }

    private static ByteBuffer written(ByteBuffer out) {
        return out.flip();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void roundTripsEveryOpcodeAndSizeThroughParser() {
        Random random = new Random(17);
        for (int size : sizes()) {
            for (int opcode : OPCODES) {
                if (Opcode.isControl(opcode) && size > Opcode.MAX_CONTROL_PAYLOAD_BYTES) {
                    continue;
                }
                for (boolean masked : new boolean[] {false, true}) {
                    for (Pieces kind : Pieces.values()) {
                        byte[] payload = randomPayload(random, size, false);
                        boolean fin = random.nextBoolean();
                        int key = random.nextInt();
                        ByteBuffer out = kind.wrap(new byte[FrameWriter.MAX_HEADER_BYTES + size], 0,
                                FrameWriter.MAX_HEADER_BYTES + size);
                        int start = out.position();
                        ByteBuffer source = ByteBuffer.wrap(payload.clone());
                        FrameWriter.writeFrame(out, fin, 0, opcode, source, masked, key);
                        String run = String.format("size=%d opcode=%d masked=%s %s", size, opcode, masked, kind);
                        assertThat(source.hasRemaining()).as(run).isFalse();
                        assertThat(out.position() - start).as(run).isEqualTo(FrameWriter.headerSize(size, masked) + size);

                        out.limit(out.position()).position(start);
                        RecordingHandler handler = new RecordingHandler();
                        FrameParser parser = new FrameParser(handler);
                        parser.parse(out);
                        assertThat(handler.malformed).as(run).isEmpty();
                        assertThat(handler.headers).as(run)
                                .containsExactly(RecordingHandler.header(fin, 0, opcode, masked, size));
                        assertThat(handler.payloads).as(run).hasSize(1);
                        assertThat(handler.payloads.get(0)).as(run).isEqualTo(payload);
                    }
                }
            }
        }
    }

    @Test
    void writesShortestLengthEncodingAndBigEndianKeyInEveryByteOrder() {
        for (int size : sizes()) {
            byte[] payload = TestFrames.pattern(size);
            for (boolean masked : new boolean[] {false, true}) {
                byte[] expected = TestFrames.frame(0x82, payload, masked);
                for (Pieces kind : Pieces.values()) {
                    ByteBuffer out = kind.wrap(new byte[expected.length], 0, expected.length);
                    int start = out.position();
                    FrameWriter.writeFrame(out, true, 0, Opcode.BINARY, ByteBuffer.wrap(payload), masked, TestFrames.KEY);
                    out.limit(out.position()).position(start);
                    assertThat(bytes(out)).as("size %d masked %s %s", size, masked, kind).isEqualTo(expected);
                }
            }
        }
    }

    /** One frame as {@link FrameWriter} writes it. */
    private static byte[] written(boolean fin, int opcode, byte[] payload, boolean masked, int key) {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.MAX_HEADER_BYTES + payload.length);
        FrameWriter.writeFrame(out, fin, 0, opcode, ByteBuffer.wrap(payload), masked, key);
        return bytes(written(out));
    }

    @Test
    void writesTheRfcExamplesByteForByte() { // RFC 6455 §5.7
        byte[] hello = utf8("Hello");
        int key = TestFrames.KEY;
        assertThat(written(true, Opcode.TEXT, hello, false, 0)).isEqualTo(TestFrames.hex("81 05 48656c6c6f"));
        assertThat(written(true, Opcode.TEXT, hello, true, key)).isEqualTo(TestFrames.hex("81 85 37fa213d 7f9f4d5158"));
        assertThat(TestFrames.concat(written(false, Opcode.TEXT, utf8("Hel"), false, 0),
                written(true, Opcode.CONTINUATION, utf8("lo"), false, 0)))
                .isEqualTo(TestFrames.hex("01 03 48656c 80 02 6c6f"));
        assertThat(written(true, Opcode.PING, hello, false, 0)).isEqualTo(TestFrames.hex("89 05 48656c6c6f"));
        assertThat(written(true, Opcode.PONG, hello, true, key)).isEqualTo(TestFrames.hex("8a 85 37fa213d 7f9f4d5158"));
        byte[] b256 = TestFrames.pattern(256);
        assertThat(written(true, Opcode.BINARY, b256, false, 0)).isEqualTo(TestFrames.concat(TestFrames.hex("82 7e 0100"), b256));
        byte[] b64k = TestFrames.pattern(65536);
        assertThat(written(true, Opcode.BINARY, b64k, false, 0))
                .isEqualTo(TestFrames.concat(TestFrames.hex("82 7f 0000000000010000"), b64k));
    }

    @Test
    void writesReservedBitsAndHeaderSizes() {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.MAX_HEADER_BYTES);
        FrameWriter.writeHeader(out, false, Opcode.RSV1 | Opcode.RSV3, Opcode.TEXT, 3, false, 0);
        assertThat(bytes(written(out))).isEqualTo(TestFrames.hex("51 03"));
        assertThat(FrameWriter.headerSize(0, false)).isEqualTo(2);
        assertThat(FrameWriter.headerSize(125, false)).isEqualTo(2);
        assertThat(FrameWriter.headerSize(126, false)).isEqualTo(4);
        assertThat(FrameWriter.headerSize(65535, true)).isEqualTo(8);
        assertThat(FrameWriter.headerSize(65536, false)).isEqualTo(10);
        assertThat(FrameWriter.headerSize(Long.MAX_VALUE, true)).isEqualTo(FrameWriter.MAX_HEADER_BYTES);
    }

    @Test
    void roundTripsMessagesThroughAssemblerInPieces() {
        Random random = new Random(42);
        for (int size : sizes()) {
            for (Role role : Role.values()) {
                for (int opcode : new int[] {Opcode.TEXT, Opcode.BINARY}) {
                    byte[] payload = randomPayload(random, size, opcode == Opcode.TEXT);
                    int cut = payload.length / 3;
                    ByteBuffer out = ByteBuffer.allocate(3 * FrameWriter.MAX_HEADER_BYTES + payload.length + 200);
                    MaskGenerator keys = new SecureMaskGenerator();
                    boolean m = role.masked();
                    FrameWriter.writeFrame(out, false, 0, opcode, ByteBuffer.wrap(payload, 0, cut), m, keys.nextMask());
                    FrameWriter.writeFrame(out, true, 0, Opcode.PING, ByteBuffer.wrap(utf8("ping")), m, keys.nextMask());
                    FrameWriter.writeFrame(out, true, 0, Opcode.CONTINUATION,
                            ByteBuffer.wrap(payload, cut, payload.length - cut), m, keys.nextMask());
                    FrameWriter.writeFrame(out, true, 0, Opcode.CLOSE, FrameWriter.closePayload(1000, "done"), m,
                            keys.nextMask());
                    byte[] wire = bytes(written(out));

                    Receiver receiver = new Receiver(role);
                    for (int i = 0; i < wire.length; ) {
                        int end = Math.min(wire.length, i + 1 + random.nextInt(9000));
                        receiver.feed(Pieces.values()[random.nextInt(4)].wrap(wire, i, end));
                        i = end;
                    }
                    receiver.events.assertNextPing(utf8("ping"));
                    if (opcode == Opcode.TEXT) {
                        receiver.events.assertNextText(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        receiver.events.assertNextBinary(payload);
                    }
                    receiver.events.assertNextClose(1000, "done").assertExhausted();
                }
            }
        }
    }

    // --- close payloads ------------------------------------------------------------------------------

    @Test
    void closePayloadForNoStatusIsEmpty() {
        assertThat(FrameWriter.closePayload(CloseCode.NO_STATUS_RECEIVED, null).remaining()).isZero();
        assertThat(FrameWriter.closePayload(CloseCode.NO_STATUS_RECEIVED, "").remaining()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> FrameWriter.closePayload(CloseCode.NO_STATUS_RECEIVED, "why"));
    }

    @Test
    void closePayloadRejectsCodesNotAllowedOnWire() {
        for (int code : new int[] {-1, 0, 999, 1004, 1006, 1015, 1016, 2999, 5000, 65535, 65536}) {
            assertThatIllegalArgumentException().as("code %d", code).isThrownBy(() -> FrameWriter.closePayload(code, ""));
        }
        for (int code = 0; code <= 5000; code++) {
            if (CloseCode.isValidOnWire(code)) {
                assertThat(bytes(FrameWriter.closePayload(code, null)))
                        .isEqualTo(TestFrames.closePayload(code, new byte[0]));
            } else if (code != CloseCode.NO_STATUS_RECEIVED) {
                int c = code;
                assertThatIllegalArgumentException().isThrownBy(() -> FrameWriter.closePayload(c, "x"));
            }
        }
    }

    @Test
    void closePayloadLimitsReasonTo123Bytes() {
        String ascii123 = "a".repeat(123);
        assertThat(bytes(FrameWriter.closePayload(1000, ascii123))).isEqualTo(TestFrames.closePayload(1000, utf8(ascii123)));
        String euro123 = "€".repeat(41); // 3 bytes each: the limit counts bytes, not chars
        assertThat(FrameWriter.closePayload(4000, euro123).remaining()).isEqualTo(125);
        assertThatIllegalArgumentException().isThrownBy(() -> FrameWriter.closePayload(1000, "a".repeat(124)));
        assertThatIllegalArgumentException().isThrownBy(() -> FrameWriter.closePayload(1000, euro123 + "a"));
    }

    @Test
    void closePayloadRoundTripsThroughAssembler() {
        for (Role role : Role.values()) {
            for (String reason : new String[] {"", "bye", "€".repeat(41)}) {
                ByteBuffer out = ByteBuffer.allocate(200);
                FrameWriter.writeFrame(out, true, 0, Opcode.CLOSE, FrameWriter.closePayload(3000, reason), role.masked(),
                        0x11223344);
                byte[] wire = bytes(written(out));
                SplitFeeder.assertEvents(wire, role, r -> r.assertNextClose(3000, reason));
            }
        }
    }
}
