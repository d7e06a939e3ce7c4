package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static dev.jvmws.protocol.TestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.extension.MessageInflater;
import dev.jvmws.extension.ZlibStreams;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A violation stops the parser where it was found: at the end of the offending frame's header (or
 * in its payload, for bad data), consuming nothing after it, with exactly one violation reported and
 * nothing delivered after it. A transport relies on this to fail the connection at once.
 */
class ViolationStopsTest {
    private static final byte[] GOOD = frame(0x81, "after", true);

    static Stream<Arguments> headerViolations() {
        return Stream.of(
                Arguments.of("RSV2 without an extension", frame(0xA1, "x", true), 1002, plain(), "RSV bits 0x2 set"),
                Arguments.of("reserved opcode 3", frame(0x83, "x", true), 1002, plain(), "Invalid opcode 3"),
                Arguments.of("reserved opcode 0xB", frame(0x8B, "x", true), 1002, plain(), "Invalid opcode 11"),
                Arguments.of("unmasked frame to a server", frame(0x81, "x", false), 1002, plain(), "MASK must be set"),
                Arguments.of("fragmented ping", frame(0x09, "x", true), 1002, plain(), "must not be fragmented"),
                Arguments.of("126-byte ping", frame(0x89, new byte[126], true), 1002, plain(), "payload of 126 bytes exceeds 125"),
                Arguments.of("1-byte close", frame(0x88, new byte[1], true), 1002, plain(), "payload of 1 byte"),
                Arguments.of("continuation without a message", frame(0x80, "x", true), 1002, plain(), "without a message to continue"),
                Arguments.of("text inside a fragmented message",
                        concat(frame(0x01, "a", true), frame(0x81, "b", true)), 1002, plain(), "new text message before the previous one ended"),
                Arguments.of("over maxPayload", frame(0x82, new byte[11], true), 1009, limits(l -> l.withMaxPayload(10)), "Max payload size exceeded"),
                Arguments.of("too many fragments", concat(frame(0x02, new byte[0], true), frame(0x00, new byte[0], true),
                        frame(0x00, new byte[0], true)), 1008, limits(l -> l.withMaxFragments(2)), "Too many message fragments"),
                Arguments.of("RSV1 on a continuation", concat(frame(0x42, hex("f248cdc9c90700"), true),
                        frame(0xC0, new byte[1], true)), 1002, compressing(), "RSV1 set on a continuation frame"),
                Arguments.of("RSV1 on a ping", frame(0xC9, new byte[1], true), 1002, compressing(), "RSV1 set on a control frame"));
    }

    private static Supplier<Receiving> plain() {
        return () -> new Receiving(MessageAssembler.Limits.DEFAULTS);
    }

    private static Supplier<Receiving> limits(UnaryOperator<MessageAssembler.Limits> configure) {
        return () -> new Receiving(configure.apply(MessageAssembler.Limits.DEFAULTS));
    }

    private static Supplier<Receiving> compressing() {
        return () -> {
            Receiving receiving = new Receiving(MessageAssembler.Limits.DEFAULTS.withAllowedRsv(Opcode.RSV1));
            receiving.assembler.enableDecompression(new MessageInflater(15, false, ZlibStreams.pooled()));
            return receiving;
        };
    }

    /** A server-side assembler with {@code limits}. */
    static final class Receiving {
        final EventRecorder events = new EventRecorder();
        final MessageAssembler assembler;
        final FrameParser parser;

        Receiving(MessageAssembler.Limits limits) {
            assembler = new MessageAssembler(events, limits, true);
            parser = new FrameParser(assembler);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerViolations")
    void aHeaderViolationStopsTheParserRightAfterTheHeader(String name, byte[] bad, int code, Supplier<Receiving> setup,
            String message) {
        Receiving receiving = setup.get();
        byte[] lastFrame = lastFrameOf(bad);
        int headerEnd = bad.length - lastFrame.length + headerLength(lastFrame);
        ByteBuffer input = ByteBuffer.wrap(concat(bad, GOOD));
        receiving.parser.parse(input);
        assertThat(input.position()).as("consumed up to the end of the bad header").isEqualTo(headerEnd);
        assertThat(receiving.assembler.isFinished()).isTrue();
        receiving.parser.parse(input); // fed again, as a transport that keeps reading would
        receiving.events.assertNextViolation(code, message); // none of the fixtures completes a message first
        receiving.events.assertExhausted();
    }

    @ParameterizedTest(name = "invalid UTF-8 split at {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3, 5})
    void invalidTextStopsInsideThePayloadItArrivesIn(int split) {
        Receiving receiving = new Receiving(MessageAssembler.Limits.DEFAULTS);
        byte[] bad = frame(0x81, hex("61 62 ff 63 64 65"), true);
        byte[] all = concat(bad, GOOD);
        int headerEnd = 6;
        ByteBuffer first = ByteBuffer.wrap(all, 0, headerEnd + split).slice();
        receiving.parser.parse(first);
        boolean failedEarly = receiving.assembler.isFinished();
        assertThat(failedEarly).isEqualTo(split >= 3);
        ByteBuffer rest = ByteBuffer.wrap(all, headerEnd + split, all.length - headerEnd - split).slice();
        receiving.parser.parse(rest);
        assertThat(rest.position()).as("nothing after the bad payload is consumed")
                .isLessThanOrEqualTo(bad.length - headerEnd - split);
        receiving.events.assertNextViolation(CloseCode.INVALID_PAYLOAD_DATA);
        receiving.events.assertExhausted();
    }

    private static byte[] lastFrameOf(byte[] frames) {
        int at = 0;
        int last = 0;
        while (at < frames.length) {
            last = at;
            at += headerLength(java.util.Arrays.copyOfRange(frames, at, frames.length)) + payloadLength(frames, at);
        }
        return java.util.Arrays.copyOfRange(frames, last, frames.length);
    }

    private static int headerLength(byte[] frame) {
        int length7 = frame[1] & 0x7F;
        int extended = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        return 2 + extended + ((frame[1] & 0x80) != 0 ? 4 : 0);
    }

    private static int payloadLength(byte[] frames, int at) {
        int length7 = frames[at + 1] & 0x7F;
        if (length7 == 126) {
            return ((frames[at + 2] & 0xFF) << 8) | (frames[at + 3] & 0xFF);
        }
        return length7; // fixtures here stay under 64 KiB
    }
}
