package dev.jvmws.protocol;

import static dev.jvmws.protocol.SplitFeeder.assertEvents;
import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static dev.jvmws.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental UTF-8 validation (RFC 3629), directly and through text frames. */
class Utf8ValidatorTest {

    /** Whole, then every two-piece split, then byte by byte, in every buffer kind: all must agree. */
    private static void assertValidity(byte[] bytes, boolean valid) {
        for (Pieces kind : Pieces.values()) {
            assertThat(Utf8Validator.isValid(kind.wrap(bytes, 0, bytes.length), 3, 3 + bytes.length))
                    .as("%s whole %s", hex(bytes), kind).isEqualTo(valid);
            for (int split = 0; split <= bytes.length; split++) {
                Utf8Validator validator = new Utf8Validator();
                boolean ok = validator.feed(kind.wrap(bytes, 0, split), 3, 3 + split)
                        && validator.feed(kind.wrap(bytes, split, bytes.length), 3, 3 + bytes.length - split)
                        && validator.isComplete();
                assertThat(ok).as("%s split at %d %s", hex(bytes), split, kind).isEqualTo(valid);
            }
            Utf8Validator validator = new Utf8Validator();
            boolean ok = true;
            for (int i = 0; i < bytes.length && ok; i++) {
                ok = validator.feed(kind.wrap(bytes, i, i + 1), 3, 4);
            }
            assertThat(ok && validator.isComplete()).as("%s byte by byte %s", hex(bytes), kind).isEqualTo(valid);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00", "7f", // U+0000, U+007F
        "c2 80", "df bf", // U+0080, U+07FF
        "e0 a0 80", "ef bf bf", // U+0800, U+FFFF
        "ed 9f bf", "ee 80 80", // U+D7FF, U+E000 (either side of the surrogates)
        "f0 90 80 80", "f4 8f bf bf", // U+10000, U+10FFFF
        "ce ba e1 bd b9 cf 83 ce bc ce b5", // κόσμε (Autobahn 6.2)
        "ef bb bf", "ef bf be" // BOM, U+FFFE (a noncharacter, still valid UTF-8)
    })
    void acceptsValidBoundaries(String hexBytes) {
        assertValidity(hex(hexBytes), true);
        assertValidity(concat(hex("41"), hex(hexBytes), hex("42")), true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "c0 80", "c1 bf", "e0 80 80", "e0 9f bf", "f0 80 80 80", "f0 8f bf bf", "c0 af", "e0 80 af", // overlongs
        "ed a0 80", "ed bf bf", "ed ad bf", "ed b0 80", // surrogates
        "f4 90 80 80", "f5 80 80 80", "f7 bf bf bf", "f8 88 80 80 80", "fc 84 80 80 80 80", "fe", "ff", // > U+10FFFF
        "80", "bf", "41 80 42", "c2 80 80", // stray continuation
        "c2 41", "e1 80 41", "f1 80 80 41", "e1 41 80" // lead byte without its continuations
    })
    void rejectsInvalidSequences(String hexBytes) {
        assertValidity(hex(hexBytes), false);
        assertValidity(concat(hex("41"), hex(hexBytes), hex("42")), false);
    }

    @Test
    void checksEveryLeadByteWithEveryContinuationAgainstTheJdk() {
        for (int lead = 0x80; lead <= 0xFF; lead++) {
            for (int second = 0; second <= 0xFF; second++) {
                byte[] bytes = {(byte) lead, (byte) second, (byte) 0x80, (byte) 0x80};
                int length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
                byte[] sequence = Arrays.copyOf(bytes, length);
                assertThat(Utf8Validator.isValid(ByteBuffer.wrap(sequence), 0, length))
                        .as("%s", hex(sequence)).isEqualTo(jdkAccepts(sequence));
            }
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2", "e0", "e0 a0", "ed 9f", "f0", "f0 90", "f0 90 80", "f4 8f bf"})
    void truncatedSequenceAtEndIsNotComplete(String hexBytes) {
        byte[] bytes = concat(hex("41 42"), hex(hexBytes));
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(bytes, 0, bytes.length)).as("nothing invalid yet").isTrue();
        assertThat(validator.isComplete()).isFalse();
        assertThat(Utf8Validator.isValid(ByteBuffer.wrap(bytes), 0, bytes.length)).isFalse();
    }

    @Test
    void failureIsSticky() {
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(hex("ff"), 0, 1)).isFalse();
        assertThat(validator.feed(hex("41"), 0, 1)).isFalse();
        assertThat(validator.isComplete()).isFalse();
        validator.reset();
        assertThat(validator.feed(hex("41 c2"), 0, 2)).isTrue();
        validator.reset();
        assertThat(validator.feed(hex("41"), 0, 1)).isTrue();
        assertThat(validator.isComplete()).isTrue();
    }

    /** Autobahn 6.x style: long ASCII runs exercise the eight-bytes-at-a-time path at every alignment. */
    @Test
    void findsInvalidByteAtEveryOffsetOfAsciiRun() {
        for (String bad : new String[] {"80", "ff", "c0 80", "ed a0 80", "f4 90 80 80"}) {
            for (int offset = 0; offset <= 40; offset++) {
                for (int tail : new int[] {0, 1, 7, 8, 17}) {
                    byte[] run = concat(ascii(offset), hex(bad), ascii(tail));
                    assertFeedAllAlignments(run, false);
                }
            }
        }
        for (String good : new String[] {"c2 80", "e0 a0 80", "f0 9f 98 80", "7f"}) {
            for (int offset = 0; offset <= 40; offset++) {
                assertFeedAllAlignments(concat(ascii(offset), hex(good), ascii(17)), true);
            }
        }
    }

    private static void assertFeedAllAlignments(byte[] bytes, boolean valid) {
        for (Pieces kind : Pieces.values()) {
            for (int from = 0; from < 8; from++) {
                byte[] shifted = concat(new byte[from], bytes);
                ByteBuffer buffer = kind.wrap(shifted, 0, shifted.length);
                assertThat(Utf8Validator.isValid(buffer, 3 + from, 3 + shifted.length))
                        .as("%s at %d %s", hex(bytes), from, kind).isEqualTo(valid);
            }
        }
    }

    private static byte[] ascii(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + i % 26);
        }
        return bytes;
    }

    // --- through text frames -------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void acceptsCodePointSplitAcrossFragmentsAtEveryPosition(Role role) {
        byte[] text = utf8("aé€😀b");
        for (int split = 0; split <= text.length; split++) {
            byte[] fixture = concat(frame(0x01, Arrays.copyOfRange(text, 0, split), role.masked()),
                    frame(0x80, Arrays.copyOfRange(text, split, text.length), role.masked()));
            assertEvents(fixture, role, r -> r.assertNextText("aé€😀b"));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsTruncatedCodePointAtEndOfMessage(Role role) {
        for (String truncated : new String[] {"c3", "e2 82", "f0 9f 98"}) {
            assertEvents(frame(0x81, concat(utf8("ok"), hex(truncated)), role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsInvalidByteAtEveryOffsetOfLongTextFrame(Role role) {
        for (int offset = 0; offset <= 40; offset++) {
            byte[] payload = concat(ascii(offset), hex("ff"), ascii(8));
            Receiver receiver = new Receiver(role);
            receiver.feed(frame(0x81, payload, role.masked()));
            receiver.events.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA);
            receiver.events.assertExhausted();
        }
    }

    /** RFC 6455 §8.1 allows failing fast; Autobahn 6.4.x checks that we do. */
    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsInvalidTextAsSoonAsTheBadByteArrives(Role role) {
        byte[] payload = concat(utf8("κόσμε"), hex("f4 90 80 80"), utf8("-edited-".repeat(20)));
        byte[] fixture = frame(0x81, payload, role.masked());
        int header = fixture.length - payload.length;
        int badEnd = header + utf8("κόσμε").length + 2; // the second byte of F4 90 is already invalid
        for (Pieces kind : Pieces.values()) {
            for (int end = badEnd; end < fixture.length; end++) {
                Receiver receiver = new Receiver(role);
                receiver.feed(kind.wrap(fixture, 0, end));
                receiver.events.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA);
                receiver.events.assertExhausted();
                receiver.feed(kind.wrap(fixture, end, fixture.length));
                receiver.events.assertExhausted();
            }
            Receiver receiver = new Receiver(role);
            receiver.feed(kind.wrap(fixture, 0, badEnd - 1));
            receiver.events.assertExhausted();
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsInvalidFragmentAsSoonAsItArrives(Role role) {
        boolean m = role.masked();
        byte[] first = frame(0x01, utf8("hello"), m);
        byte[] second = frame(0x00, concat(utf8("x"), hex("c0 80"), utf8("y".repeat(50))), m);
        byte[] fixture = concat(first, second, frame(0x80, utf8("end"), m));
        int badEnd = first.length + (second.length - 53) + 2;
        Receiver receiver = new Receiver(role);
        receiver.feed(fixture, 0, badEnd);
        receiver.events.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA);
        receiver.events.assertExhausted();
    }
}
