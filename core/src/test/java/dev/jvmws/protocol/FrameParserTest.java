package dev.jvmws.protocol;

import static dev.jvmws.protocol.SplitFeeder.assertEvents;
import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static dev.jvmws.protocol.TestFrames.pattern;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Frame syntax (RFC 6455 §5.2): header fields and the three length encodings, at every split point. */
class FrameParserTest {
    private static final int BINARY = 0x82;

    @ParameterizedTest
    @EnumSource(Role.class)
    void readsSevenBitLengths(Role role) {
        for (int length : new int[] {0, 1, 124, 125}) {
            assertEvents(frame(BINARY, 7, length, pattern(length), role.masked()), role,
                    r -> r.assertNextBinary(pattern(length)));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void readsSixteenBitLengths(Role role) { // RFC 6455 §5.7: 256 bytes in a single unmasked frame
        for (int length : new int[] {126, 256, 4000, 65535}) {
            assertEvents(frame(BINARY, 16, length, pattern(length), role.masked()), role,
                    r -> r.assertNextBinary(pattern(length)));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void readsSixtyFourBitLengths(Role role) { // RFC 6455 §5.7: 64 KiB in a single unmasked frame
        assertEvents(frame(BINARY, 64, 65536, pattern(65536), role.masked()), role,
                r -> r.assertNextBinary(pattern(65536)));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void acceptsNonMinimalLengthEncodings(Role role) {
        boolean m = role.masked();
        for (int length : new int[] {0, 5, 125}) {
            assertEvents(frame(BINARY, 16, length, pattern(length), m), role, r -> r.assertNextBinary(pattern(length)));
        }
        for (int length : new int[] {0, 5, 126, 300}) {
            assertEvents(frame(BINARY, 64, length, pattern(length), m), role, r -> r.assertNextBinary(pattern(length)));
        }
        byte[] text = concat(frame(0x81, 64, 3, TestFrames.utf8("abc"), m), frame(0x81, 16, 0, new byte[0], m));
        assertEvents(text, role, r -> r.assertNextText("abc").assertNextText(""));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsSixtyFourBitLengthWithMostSignificantBitSet(Role role) {
        for (String length : new String[] {"8000000000000000", "ffffffffffffffff", "8000000000000005"}) {
            byte[] header = concat(hex("82"), new byte[] {(byte) ((role.masked() ? 0x80 : 0) | 127)}, hex(length));
            assertEvents(header, role, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "most significant bit"));
            // Nothing after the malformed header is looked at.
            assertEvents(concat(header, frame(0x81, "late", role.masked())), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR));
        }
    }

    @Test
    void passesEveryOpcodeAndReservedBitThrough() {
        for (boolean masked : new boolean[] {false, true}) {
            for (int b0 = 0; b0 < 256; b0++) {
                byte[] payload = pattern(b0 % 7);
                for (Pieces kind : Pieces.values()) {
                    RecordingHandler handler = new RecordingHandler();
                    FrameParser parser = new FrameParser(handler);
                    byte[] fixture = frame(b0, payload, masked);
                    for (int i = 0; i < fixture.length; i++) {
                        parser.parse(kind.wrap(fixture, i, i + 1));
                    }
                    assertThat(handler.headers).containsExactly(RecordingHandler.header(
                            (b0 & 0x80) != 0, b0 & 0x70, b0 & 0xF, masked, payload.length));
                    assertThat(handler.payloads).containsExactly(payload);
                    assertThat(parser.isInsideFrame()).isFalse();
                }
            }
        }
    }

    @Test
    void aFirstByteOfZeroAloneIsInsideAFrame() {
        // 0x00: a non-final continuation frame, whose first byte is all zero bits.
        FrameParser parser = new FrameParser(new RecordingHandler());
        parser.parse(ByteBuffer.wrap(new byte[] {0}));
        assertThat(parser.isInsideFrame()).isTrue();
    }

    @Test
    void anEmptyFrameEndsOnceWhenItsHeaderEndsTheInput() {
        FrameParserResumeTest.NibblingHandler handler = new FrameParserResumeTest.NibblingHandler(1);
        FrameParser parser = new FrameParser(handler);
        parser.parse(ByteBuffer.wrap(frame(BINARY, new byte[0], true)));
        assertThat(handler.frames).isEqualTo(1);
        parser.parse(ByteBuffer.allocate(0));
        assertThat(handler.frames).isEqualTo(1);
    }

    @Test
    void reportsWhetherInsideFrame() {
        RecordingHandler handler = new RecordingHandler();
        FrameParser parser = new FrameParser(handler);
        byte[] fixture = frame(BINARY, 16, 3, pattern(3), true);
        assertThat(parser.isInsideFrame()).isFalse();
        for (int i = 0; i < fixture.length; i++) {
            parser.parse(ByteBuffer.wrap(fixture, i, 1));
            assertThat(parser.isInsideFrame()).as("after byte %d", i).isEqualTo(i < fixture.length - 1);
        }
        assertThat(handler.payloads).containsExactly(pattern(3));
    }

    @Test
    void stoppingInHeaderResumesWithPayload() {
        RecordingHandler handler = new RecordingHandler();
        handler.stopAfterHeader = true;
        FrameParser parser = new FrameParser(handler);
        byte[] fixture = concat(frame(BINARY, pattern(4), true), frame(0x89, pattern(2), true));
        ByteBuffer in = ByteBuffer.wrap(fixture);
        parser.parse(in);
        assertThat(in.position()).isEqualTo(6);
        assertThat(handler.payloads).isEmpty();
        handler.stopAfterHeader = false;
        parser.parse(in);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(handler.payloads).containsExactly(pattern(4), pattern(2));
    }

    @Test
    void malformedFrameIsFinal() {
        RecordingHandler handler = new RecordingHandler();
        FrameParser parser = new FrameParser(handler);
        parser.parse(ByteBuffer.wrap(concat(hex("82 7f ff00000000000000"), frame(BINARY, pattern(1), false))));
        parser.parse(ByteBuffer.wrap(frame(BINARY, pattern(1), false)));
        assertThat(handler.malformed).singleElement()
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCode.PROTOCOL_ERROR));
        assertThat(handler.headers).isEmpty();
    }
}
