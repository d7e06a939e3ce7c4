package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.concat;
import static dev.jvmws.protocol.TestFrames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.extension.MessageInflater;
import dev.jvmws.extension.ZlibStreams;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * What one peer can make {@link MessageAssembler} spend: frames per message, memory held for a
 * message still arriving, and decompression work per slice (issue 8's attacks A4, A7, A8).
 */
class AssemblerResourceLimitsTest {
    private static final int TEXT_START = 0x01;
    private static final int BINARY_START = 0x02;
    private static final int CONTINUATION = 0x00;
    private static final int LAST_CONTINUATION = 0x80;

    /** Records messages, violations and the held-bytes reports. */
    static final class Recorder implements MessageAssembler.Listener {
        final List<byte[]> messages = new ArrayList<>();
        final List<WebSocketProtocolException> violations = new ArrayList<>();
        long held;
        long maxHeld;

        @Override
        public void onText(String text) {
            messages.add(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            messages.add(bytes);
        }

        @Override
        public void onPing(ByteBuffer payload) {}

        @Override
        public void onPong(ByteBuffer payload) {}

        @Override
        public void onClose(int code, String reason) {}

        @Override
        public void onViolation(WebSocketProtocolException error) {
            violations.add(error);
        }

        @Override
        public void onHeldBytesChanged(long deltaBytes) {
            held += deltaBytes;
            maxHeld = Math.max(maxHeld, held);
        }
    }

    private static MessageAssembler assembler(Recorder recorder, int maxFragments) {
        MessageAssembler.Limits limits = MessageAssembler.Limits.DEFAULTS;
        limits = limits.withMaxFragments(maxFragments);
        limits = limits.withMaxPayload(0);
        return new MessageAssembler(recorder, limits, true);
    }

    /** Frames parsed before the violation, or -1 if none. */
    private static int framesBeforeViolation(int maxFragments, int fragmentBytes, int fragments) {
        Recorder recorder = new Recorder();
        MessageAssembler assembler = assembler(recorder, maxFragments);
        FrameParser parser = new FrameParser(assembler);
        byte[] payload = new byte[fragmentBytes];
        parser.parse(ByteBuffer.wrap(frame(TEXT_START, payload, true)));
        byte[] continuation = frame(CONTINUATION, payload, true);
        for (int i = 2; i <= fragments; i++) {
            parser.parse(ByteBuffer.wrap(continuation.clone())); // unmasked in place: a fresh copy each time
            if (!recorder.violations.isEmpty()) {
                assertThat(recorder.violations.get(0).closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
                return i - 1;
            }
        }
        return -1;
    }

    @Test
    void floodOfEmptyFragmentsIsStoppedAtMaxFragments() { // attack A4
        assertThat(framesBeforeViolation(16_384, 0, 20_000)).isEqualTo(16_384);
        assertThat(framesBeforeViolation(3, 0, 10)).isEqualTo(3);
    }

    @Test
    void fragmentsBeyondMaxFragmentsAreAllowedOnePer64BytesTheyCarry() {
        // Autobahn 9.3.1 / 9.4.1: 4 MiB in 65,536 fragments of 64 bytes must pass the default limit.
        assertThat(framesBeforeViolation(16_384, 64, 70_000)).isEqualTo(-1);
        // 63-byte fragments fall short: 100 + n*63/64 < n once n passes 100*64.
        assertThat(framesBeforeViolation(100, 63, 10_000)).isEqualTo(100 * 64);
        // One-byte fragments buy one extra frame per 64.
        assertThat(framesBeforeViolation(16_384, 1, 20_000)).isEqualTo(16_384 + 16_644 / 64);
    }

    @Test
    void zeroMaxFragmentsMeansNoLimit() {
        assertThat(framesBeforeViolation(0, 0, 50_000)).isEqualTo(-1);
    }

    @Test
    void trickledHugeFrameHoldsWhatArrivedAndReportsIt() { // attack A8
        Recorder recorder = new Recorder();
        MessageAssembler assembler = assembler(recorder, 0);
        FrameParser parser = new FrameParser(assembler);
        int declared = 64 * 1024 * 1024 - 1;
        byte[] header = Arrays.copyOf(frame(0x82, 64, declared, new byte[0], true), 14);
        parser.parse(ByteBuffer.wrap(header));
        byte[] piece = new byte[1024];
        for (int i = 0; i < 100; i++) {
            parser.parse(ByteBuffer.wrap(piece));
        }
        assertThat(assembler.heldBytes()).isEqualTo(recorder.held)
                .isLessThanOrEqualTo(100 * 1024 + MessageBuffer.MIN_CHUNK_BYTES);
        assembler.release();
        assertThat(recorder.held).isZero();
    }

    @Test
    void heldBytesReturnToZeroWhenAMessageIsDeliveredOrFails() {
        Recorder recorder = new Recorder();
        MessageAssembler assembler = assembler(recorder, 0);
        FrameParser parser = new FrameParser(assembler);
        byte[] part = new byte[100_000];
        parser.parse(ByteBuffer.wrap(concat(frame(BINARY_START, part, true), frame(CONTINUATION, part, true))));
        assertThat(recorder.held).isGreaterThanOrEqualTo(200_000);
        parser.parse(ByteBuffer.wrap(frame(LAST_CONTINUATION, part, true)));
        assertThat(recorder.messages).hasSize(1);
        assertThat(recorder.messages.get(0)).hasSize(300_000);
        assertThat(recorder.held).isZero();
        assertThat(assembler.heldBytes()).isZero();

        parser.parse(ByteBuffer.wrap(frame(TEXT_START, part, true)));
        assertThat(recorder.held).isPositive();
        parser.parse(ByteBuffer.wrap(frame(0x82, new byte[1], true))); // a new message mid-message: 1002
        assertThat(recorder.violations).hasSize(1);
        assertThat(recorder.held).isZero();
    }

    @Test
    void decompressionYieldsAfterItsSliceAndResumesWhereItStopped() { // attack A7
        byte[] original = new byte[8 * 1024 * 1024];
        for (int i = 0; i < original.length; i += 4096) {
            original[i] = (byte) (1 + (i >> 12)); // almost all zeros: compresses ~1000:1 like a bomb
        }
        byte[] compressed = deflate(original);
        Recorder recorder = new Recorder();
        MessageAssembler.Limits limits = MessageAssembler.Limits.DEFAULTS;
        limits = limits.withMaxPayload(0);
        limits = limits.withAllowedRsv(Opcode.RSV1);
        MessageAssembler assembler = new MessageAssembler(recorder, limits, false);
        assembler.enableDecompression(new MessageInflater(15, false, ZlibStreams.pooled()));
        FrameParser parser = new FrameParser(assembler);
        ByteBuffer input = ByteBuffer.wrap(frame(0xC2, compressed, false)); // FIN + RSV1 + BINARY

        int slices = 0;
        while (input.hasRemaining() || slices == 0) {
            assembler.startWorkSlice();
            parser.parse(input);
            slices++;
            if (!assembler.hasYielded()) {
                break;
            }
            assertThat(input.hasRemaining()).as("a yield leaves input for the next slice").isTrue();
            assertThat(slices).isLessThan(1000);
        }
        assertThat(slices).isGreaterThanOrEqualTo(original.length / MessageAssembler.MAX_INFLATED_BYTES_PER_SLICE / 2);
        assertThat(recorder.violations).isEmpty();
        assertThat(recorder.messages).hasSize(1);
        assertThat(recorder.messages.get(0)).isEqualTo(original);
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(9, true);
        deflater.setInput(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(chunk, 0, n);
            if (n < chunk.length) {
                break;
            }
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4); // RFC 7692 §7.2.1: drop the 00 00 ff ff trailer
    }

    // ---------------------------------------------------------------- maxFrameSize (WebSocket-Node's maxReceivedFrameSize)

    private static Recorder parseWithMaxFrameSize(long maxFrameSize, byte[]... frames) {
        Recorder recorder = new Recorder();
        MessageAssembler assembler = new MessageAssembler(recorder,
                MessageAssembler.Limits.DEFAULTS.withMaxFrameSize(maxFrameSize), true);
        FrameParser parser = new FrameParser(assembler);
        for (byte[] frame : frames) {
            parser.parse(ByteBuffer.wrap(frame));
        }
        return recorder;
    }

    @Test
    void aFrameOfExactlyMaxFrameSizeIsTakenAndOneByteMoreCloses1009FromItsHeader() {
        Recorder exact = parseWithMaxFrameSize(100, frame(0x82, new byte[100], true));
        assertThat(exact.violations).isEmpty();
        assertThat(exact.messages).hasSize(1);

        byte[] tooBig = frame(0x82, new byte[101], true);
        Recorder over = parseWithMaxFrameSize(100, java.util.Arrays.copyOf(tooBig, 8)); // the header, no payload yet
        assertThat(over.violations).hasSize(1);
        assertThat(over.violations.get(0).closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        assertThat(over.violations.get(0).getMessage()).contains("Max frame size exceeded");
        assertThat(over.messages).isEmpty();
    }

    @Test
    void maxFrameSizeBoundsFramesNotMessagesAndZeroMeansNoLimitOfItsOwn() {
        Recorder fragmented = parseWithMaxFrameSize(100, frame(BINARY_START, new byte[100], true),
                frame(CONTINUATION, new byte[100], true), frame(LAST_CONTINUATION, new byte[100], true));
        assertThat(fragmented.violations).isEmpty();
        assertThat(fragmented.messages).hasSize(1);
        assertThat(fragmented.messages.get(0)).hasSize(300);

        Recorder unlimited = parseWithMaxFrameSize(0, frame(0x82, new byte[70_000], true));
        assertThat(unlimited.violations).isEmpty();
        assertThat(unlimited.messages.get(0)).hasSize(70_000);
    }
}
