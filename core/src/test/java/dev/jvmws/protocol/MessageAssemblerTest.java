package dev.jvmws.protocol;

import static dev.jvmws.protocol.SplitFeeder.assertEvents;
import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static dev.jvmws.protocol.TestFrames.pattern;
import static dev.jvmws.protocol.TestFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bytes in, events out: the RFC 6455 rules {@link MessageAssembler} enforces on {@link FrameParser}'s frames. */
class MessageAssemblerTest {
    private static final int TEXT = 0x81;
    private static final int BINARY = 0x82;
    private static final int CLOSE = 0x88;
    private static final int PING = 0x89;
    private static final int PONG = 0x8A;
    private static final int TEXT_START = 0x01;
    private static final int BINARY_START = 0x02;
    private static final int CONTINUATION = 0x00;
    private static final int LAST_CONTINUATION = 0x80;

    // --- single frames -------------------------------------------------------------------------------

    @Test
    void deliversUnmaskedTextToClient() { // RFC 6455 §5.7
        assertEvents(hex("81 05 48656c6c6f"), Role.CLIENT, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversMaskedTextToServer() { // RFC 6455 §5.7
        assertEvents(hex("81 85 37fa213d 7f9f4d5158"), Role.SERVER, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcFragmentedUnmaskedText() { // RFC 6455 §5.7
        assertEvents(hex("01 03 48656c 80 02 6c6f"), Role.CLIENT, r -> r.assertNextText("Hello"));
    }

    @Test
    void deliversTheRfcUnmaskedPing() { // RFC 6455 §5.7
        assertEvents(hex("89 05 48656c6c6f"), Role.CLIENT, r -> r.assertNextPing(utf8("Hello")));
    }

    @Test
    void deliversTheRfcMaskedPong() { // RFC 6455 §5.7
        assertEvents(hex("8a 85 37fa213d 7f9f4d5158"), Role.SERVER, r -> r.assertNextPong(utf8("Hello")));
    }

    @Test
    void deliversTheRfc256ByteBinaryWithItsSixteenBitLength() { // RFC 6455 §5.7
        byte[] data = pattern(256);
        assertEvents(concat(hex("82 7e 0100"), data), Role.CLIENT, r -> r.assertNextBinary(data));
    }

    @Test
    void deliversTheRfc64KiBBinaryWithItsSixtyFourBitLength() { // RFC 6455 §5.7
        byte[] data = pattern(65536);
        assertEvents(concat(hex("82 7f 0000000000010000"), data), Role.CLIENT, r -> r.assertNextBinary(data));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversSingleFrameText(Role role) {
        String text = "héllo wörld ✓ 😀";
        assertEvents(frame(TEXT, text, role.masked()), role, r -> r.assertNextText(text));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversSingleFrameBinary(Role role) {
        byte[] data = hex("00 01 7f 80 ff fe 41");
        assertEvents(frame(BINARY, data, role.masked()), role, r -> r.assertNextBinary(data));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversEmptyTextAndBinary(Role role) {
        byte[] fixture = concat(frame(TEXT, new byte[0], role.masked()), frame(BINARY, new byte[0], role.masked()));
        assertEvents(fixture, role, r -> r.assertNextText("").assertNextBinary(new byte[0]));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversPingAndPongPayloads(Role role) {
        byte[] fixture = concat(frame(PING, utf8("Hello"), role.masked()), frame(PONG, new byte[0], role.masked()),
                frame(PONG, pattern(125), role.masked()));
        assertEvents(fixture, role,
                r -> r.assertNextPing(utf8("Hello")).assertNextPong(new byte[0]).assertNextPong(pattern(125)));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversConsecutiveMessagesInOrder(Role role) {
        byte[] fixture = concat(frame(TEXT, "one", role.masked()), frame(BINARY, pattern(300), role.masked()),
                frame(TEXT, "three", role.masked()));
        assertEvents(fixture, role,
                r -> r.assertNextText("one").assertNextBinary(pattern(300)).assertNextText("three"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsInvalidUtf8InSingleFrameText(Role role) {
        assertEvents(frame(TEXT, hex("48 65 c0 af 6f"), role.masked()), role,
                r -> r.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void acceptsInvalidUtf8WhenValidationIsSkipped(Role role) {
        assertEvents(frame(TEXT, hex("48 ff 49"), role.masked()), role, limits -> limits.withSkipUtf8Validation(true),
                r -> r.assertNextText("H\uFFFDI"));
    }

    // --- fragmentation -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void assemblesFragmentedTextWithPingInterleaved(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT_START, "Hel", m), frame(PING, "ping", m), frame(CONTINUATION, "", m),
                frame(PONG, "", m), frame(LAST_CONTINUATION, "lo", m));
        assertEvents(fixture, role,
                r -> r.assertNextPing(utf8("ping")).assertNextPong(new byte[0]).assertNextText("Hello"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void assemblesFragmentedBinary(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(BINARY_START, pattern(200), m), frame(CONTINUATION, hex("ff"), m),
                frame(PING, "", m), frame(LAST_CONTINUATION, pattern(5), m));
        assertEvents(fixture, role, r -> r.assertNextPing(new byte[0])
                .assertNextBinary(concat(pattern(200), hex("ff"), pattern(5))));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void assemblesCodePointSplitAcrossFragments(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT_START, hex("61 e2"), m), frame(CONTINUATION, hex("82"), m),
                frame(PING, "", m), frame(CONTINUATION, hex("ac f0 9f"), m), frame(LAST_CONTINUATION, hex("98 80 62"), m));
        assertEvents(fixture, role, r -> r.assertNextPing(new byte[0]).assertNextText("a€😀b"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsCodePointTruncatedAtEndOfFragmentedMessage(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT_START, "a", m), frame(LAST_CONTINUATION, hex("f0 9f 98"), m));
        assertEvents(fixture, role, r -> r.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsContinuationWithoutStart(Role role) {
        assertEvents(frame(LAST_CONTINUATION, "x", role.masked()), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "continuation"));
        assertEvents(frame(CONTINUATION, "x", role.masked()), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "continuation"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsContinuationAfterCompletedMessage(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT_START, "a", m), frame(LAST_CONTINUATION, "b", m), frame(LAST_CONTINUATION, "c", m));
        assertEvents(fixture, role, r -> r.assertNextText("ab").assertNextViolation(CloseCode.PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsNewTextDuringFragmentedMessage(Role role) {
        boolean m = role.masked();
        assertEvents(concat(frame(TEXT_START, "a", m), frame(TEXT, "b", m)), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "before the previous one ended"));
        assertEvents(concat(frame(BINARY_START, "a", m), frame(TEXT_START, "b", m)), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR));
        assertEvents(concat(frame(TEXT_START, "a", m), frame(BINARY, "b", m)), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR));
    }

    // --- header rules --------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsReservedOpcodes(Role role) {
        int[] reserved = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
        for (int opcode : reserved) {
            assertEvents(frame(0x80 | opcode, "x", role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "opcode"));
            assertEvents(frame(opcode, new byte[0], role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "opcode"));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsReservedBitsWithoutExtension(Role role) {
        for (int rsv : new int[] {Opcode.RSV1, Opcode.RSV2, Opcode.RSV3, 0x70}) {
            assertEvents(frame(rsv | TEXT, "Hello", role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "RSV"));
            assertEvents(frame(rsv | PING, "", role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "RSV"));
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void acceptsRsv1WhenAnExtensionClaimedIt(Role role) {
        byte[] fixture = concat(frame(Opcode.RSV1 | TEXT, "Hello", role.masked()),
                frame(Opcode.RSV1 | BINARY, pattern(3), role.masked()));
        assertEvents(fixture, role, limits -> limits.withAllowedRsv(Opcode.RSV1),
                r -> r.assertNextText("Hello").assertNextBinary(pattern(3)));
        assertEvents(frame(Opcode.RSV2 | TEXT, "Hello", role.masked()), role, limits -> limits.withAllowedRsv(Opcode.RSV1),
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "RSV"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsFragmentedControlFrames(Role role) {
        for (int opcode : new int[] {Opcode.PING, Opcode.PONG, Opcode.CLOSE}) {
            assertEvents(frame(opcode, "", role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "fragmented"));
        }
        boolean m = role.masked();
        assertEvents(concat(frame(TEXT_START, "a", m), frame(Opcode.PING, "p", m)), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "fragmented"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsControlFramePayloadOver125Bytes(Role role) {
        for (int opcode : new int[] {PING, PONG, CLOSE}) {
            assertEvents(frame(opcode, pattern(126), role.masked()), role,
                    r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "exceeds 125"));
        }
        // Rejected from the header alone, before the payload arrives.
        assertEvents(frame(PING, 16, 126, new byte[0], role.masked()), role,
                r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "exceeds 125"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void acceptsControlFramePayloadOf125BytesInNonMinimalEncoding(Role role) {
        assertEvents(frame(PING, 16, 125, pattern(125), role.masked()), role, r -> r.assertNextPing(pattern(125)));
    }

    @Test
    void rejectsUnmaskedFrameToServer() {
        assertEvents(frame(TEXT, "Hello", false), Role.SERVER, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "MASK"));
        assertEvents(frame(PING, "", false), Role.SERVER, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "MASK"));
    }

    @Test
    void rejectsMaskedFrameToClient() {
        assertEvents(frame(TEXT, "Hello", true), Role.CLIENT, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "MASK"));
        assertEvents(frame(PONG, "", true), Role.CLIENT, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "MASK"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsMessageWhoseMaskingChangesBetweenFragments(Role role) {
        byte[] fixture = concat(frame(TEXT_START, "a", role.masked()), frame(LAST_CONTINUATION, "b", !role.masked()));
        assertEvents(fixture, role, r -> r.assertNextViolation(CloseCode.PROTOCOL_ERROR, "MASK"));
    }

    // --- limits --------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsDeclaredLengthOverMaxPayloadBeforePayloadArrives(Role role) {
        // The header alone: the violation must not wait for the 101 payload bytes.
        assertEvents(frame(BINARY, 7, 101, new byte[0], role.masked()), role, limits -> limits.withMaxPayload(100),
                r -> r.assertNextViolation(CloseCode.MESSAGE_TOO_BIG));
        assertEvents(frame(TEXT, 64, 1L << 40, new byte[0], role.masked()), role,
                r -> r.assertNextViolation(CloseCode.MESSAGE_TOO_BIG));
        assertEvents(frame(BINARY, 7, 100, pattern(100), role.masked()), role, limits -> limits.withMaxPayload(100),
                r -> r.assertNextBinary(pattern(100)));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsMessageOverMaxPayloadAcrossFragments(Role role) {
        boolean m = role.masked();
        byte[] tooBig = concat(frame(TEXT_START, "abcdef", m), frame(PING, "", m), frame(LAST_CONTINUATION, "ghijk", m));
        assertEvents(tooBig, role, limits -> limits.withMaxPayload(10),
                r -> r.assertNextPing(new byte[0]).assertNextViolation(CloseCode.MESSAGE_TOO_BIG));
        byte[] fits = concat(frame(TEXT_START, "abcdef", m), frame(LAST_CONTINUATION, "ghij", m),
                frame(TEXT, "0123456789", m));
        assertEvents(fits, role, limits -> limits.withMaxPayload(10),
                r -> r.assertNextText("abcdefghij").assertNextText("0123456789"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void rejectsTooManyFragments(Role role) {
        boolean m = role.masked();
        byte[] three = concat(frame(BINARY_START, "a", m), frame(PING, "", m), frame(CONTINUATION, "b", m),
                frame(LAST_CONTINUATION, "c", m));
        assertEvents(three, role, limits -> limits.withMaxFragments(3),
                r -> r.assertNextPing(new byte[0]).assertNextBinary(utf8("abc")));
        byte[] four = concat(frame(BINARY_START, "a", m), frame(CONTINUATION, "b", m), frame(CONTINUATION, "c", m),
                frame(LAST_CONTINUATION, "d", m));
        assertEvents(four, role, limits -> limits.withMaxFragments(3),
                r -> r.assertNextViolation(CloseCode.POLICY_VIOLATION, "fragments"));
    }

    // --- ordering and the end ------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversNothingAfterCloseFrame(Role role) {
        boolean m = role.masked();
        byte[] malformed = concat(hex("82"), hex(m ? "ff" : "7f"), hex("8000000000000000"));
        byte[] fixture = concat(frame(CLOSE, TestFrames.closePayload(1000, utf8("bye")), m), frame(TEXT, "late", m),
                frame(PING, "late", m), frame(BINARY, pattern(5), m), frame(0x83, "reserved", m), malformed);
        assertEvents(fixture, role, r -> r.assertNextClose(1000, "bye"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversNothingAfterViolation(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT, hex("ff"), m), frame(TEXT, "late", m), frame(PING, "late", m),
                frame(BINARY, pattern(5), m), frame(CLOSE, new byte[0], m));
        assertEvents(fixture, role, r -> r.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void deliversGoodMessageBeforeBadFrameInSameBuffer(Role role) {
        boolean m = role.masked();
        assertEvents(concat(frame(TEXT, "ok", m), frame(0x83, "", m)), role,
                r -> r.assertNextText("ok").assertNextViolation(CloseCode.PROTOCOL_ERROR));
        assertEvents(concat(frame(BINARY, pattern(3), m), frame(PING, "p", m), frame(TEXT, hex("ed a0 80"), m)), role,
                r -> r.assertNextBinary(pattern(3)).assertNextPing(utf8("p"))
                        .assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA));
        assertEvents(concat(frame(TEXT, "ok", m), frame(BINARY, hex("7f"), !m)), role,
                r -> r.assertNextText("ok").assertNextViolation(CloseCode.PROTOCOL_ERROR));
    }

    // --- keepFragments -------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void keepFragmentsDeliversFramePayloads(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(BINARY_START, hex("0102"), m), frame(PING, "", m), frame(CONTINUATION, hex("03"), m),
                frame(LAST_CONTINUATION, new byte[0], m), frame(BINARY, pattern(4), m), frame(TEXT_START, "te", m),
                frame(LAST_CONTINUATION, "xt", m));
        assertEvents(fixture, role, limits -> limits, assembler -> assembler.keepFragments(true),
                r -> r.assertNextPing(new byte[0])
                        .assertNextBinaryFragments(hex("0102"), hex("03"), new byte[0])
                        .assertNextBinaryFragments(pattern(4))
                        .assertNextText("text"));
    }

    @Test
    void defaultOnBinaryFragmentsConcatenates() {
        List<ByteBuffer> got = new ArrayList<>();
        MessageAssembler.Listener listener = new MessageAssembler.Listener() {
            @Override
            public void onBinary(ByteBuffer data) {
                got.add(data);
            }

            @Override
            public void onText(String text) {}

            @Override
            public void onPing(ByteBuffer payload) {}

            @Override
            public void onPong(ByteBuffer payload) {}

            @Override
            public void onClose(int code, String reason) {}

            @Override
            public void onViolation(WebSocketProtocolException error) {}
        };
        listener.onBinaryFragments(List.of(ByteBuffer.wrap(hex("0102")), ByteBuffer.allocate(0), ByteBuffer.wrap(hex("03"))));
        assertThat(got).hasSize(1);
        byte[] bytes = new byte[got.get(0).remaining()];
        got.get(0).get(bytes);
        assertThat(bytes).isEqualTo(hex("010203"));
    }

    // --- suspend -------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Role.class)
    void suspendStopsAfterCurrentMessageAndParseResumesThere(Role role) {
        boolean m = role.masked();
        byte[] first = concat(frame(TEXT_START, "on", m), frame(LAST_CONTINUATION, "e", m));
        byte[] fixture = concat(first, frame(PING, "p", m), frame(BINARY, pattern(3), m), frame(TEXT, "", m),
                frame(TEXT, "four", m));

        Receiver receiver = new Receiver(role);
        receiver.assembler.suspend(true);
        ByteBuffer in = Pieces.HEAP.wrap(fixture, 0, fixture.length);
        int start = in.position();
        receiver.parser.parse(in);
        receiver.events.assertNextText("one").assertExhausted();
        assertThat(in.position() - start).isEqualTo(first.length);
        receiver.parser.parse(in); // still suspended: each call delivers one message or control frame
        receiver.events.assertNextPing(utf8("p")).assertExhausted();
        receiver.assembler.suspend(false);
        receiver.parser.parse(in);
        receiver.events.assertNextBinary(pattern(3)).assertNextText("").assertNextText("four").assertExhausted();
        assertThat(in.hasRemaining()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void suspendFromListenerResumesAtEverySplitPoint(Role role) {
        boolean m = role.masked();
        byte[] fixture = concat(frame(TEXT, "one", m), frame(BINARY_START, pattern(2), m), frame(PONG, "", m),
                frame(LAST_CONTINUATION, pattern(130), m), frame(TEXT, "three", m));
        for (Pieces kind : Pieces.values()) {
            for (int split = 0; split <= fixture.length; split++) {
                Receiver receiver = new Receiver(role);
                receiver.events.afterEvent = () -> receiver.assembler.suspend(true);
                int stops = 0;
                for (ByteBuffer piece : List.of(kind.wrap(fixture, 0, split), kind.wrap(fixture, split, fixture.length))) {
                    while (true) {
                        int before = receiver.events.pending();
                        receiver.parser.parse(piece);
                        assertThat(receiver.events.pending() - before)
                                .as("split %d: events delivered by one parse while suspended", split).isLessThanOrEqualTo(1);
                        if (!piece.hasRemaining()) {
                            break;
                        }
                        assertThat(receiver.assembler.isFinished()).as("split %d: %s", split, receiver.events.all()).isFalse();
                        assertThat(stops++).as("split %d: more stops than messages", split).isLessThan(4);
                        receiver.assembler.suspend(false);
                    }
                }
                receiver.events.assertNextText("one").assertNextPong(new byte[0])
                        .assertNextBinary(concat(pattern(2), pattern(130))).assertNextText("three").assertExhausted();
            }
        }
    }

    @Test
    void knowsWhenItIsInsideAMessage() {
        // What the transport asks before letting a connection hold more of the server's message memory.
        ViolationStopsTest.Receiving receiving = new ViolationStopsTest.Receiving(MessageAssembler.Limits.DEFAULTS);
        MessageAssembler assembler = receiving.assembler;
        assertThat(assembler.isInsideMessage()).isFalse();
        byte[] whole = frame(BINARY, pattern(100), true);
        receiving.parser.parse(ByteBuffer.wrap(whole, 0, 50));
        assertThat(assembler.isInsideMessage()).as("part of a one-frame message buffered").isTrue();
        receiving.parser.parse(ByteBuffer.wrap(whole, 50, whole.length - 50));
        assertThat(assembler.isInsideMessage()).isFalse();
        receiving.parser.parse(ByteBuffer.wrap(frame(0x02, new byte[0], true)));
        assertThat(assembler.isInsideMessage()).as("an empty first fragment opens the message").isTrue();
        receiving.parser.parse(ByteBuffer.wrap(frame(0x80, pattern(3), true)));
        assertThat(assembler.isInsideMessage()).isFalse();
    }
}
