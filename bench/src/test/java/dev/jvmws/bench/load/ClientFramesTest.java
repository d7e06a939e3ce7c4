package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientFramesTest {
    private static final byte[] KEY = {0x37, (byte) 0xFA, 0x21, 0x3D};

    @Test
    void smallTextFrameHasSevenBitLengthMaskKeyAndMaskedPayload() {
        byte[] payload = Payloads.ascii(32);
        byte[] frame = bytes(ClientFrames.frame(ClientFrames.OPCODE_TEXT, payload));

        assertThat(frame).hasSize(2 + 4 + 32);
        assertThat(frame[0]).isEqualTo((byte) 0x81);
        assertThat(frame[1]).isEqualTo((byte) (0x80 | 32));
        assertThat(slice(frame, 2, 4)).containsExactly(KEY);
        for (int i = 0; i < 32; i++) {
            assertThat((byte) (frame[6 + i] ^ KEY[i % 4])).as("payload byte %d", i).isEqualTo(payload[i]);
        }
    }

    @Test
    void oneMebibyteBinaryFrameUsesTheSixtyFourBitLength() {
        byte[] frame = bytes(ClientFrames.frame(ClientFrames.OPCODE_BINARY, Payloads.ascii(1 << 20)));

        assertThat(frame[0]).isEqualTo((byte) 0x82);
        assertThat(frame[1]).isEqualTo((byte) (0x80 | 127));
        assertThat(slice(frame, 2, 8)).containsExactly(0, 0, 0, 0, 0, 0x10, 0, 0);
        assertThat(slice(frame, 10, 4)).containsExactly(KEY);
        assertThat(frame).hasSize(14 + (1 << 20));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 7, 8, 9, 125, 126, 127, 65535, 65536, 70001})
    void everyLengthEncodingMatchesTheCoreFrameWriterByteForByte(int length) {
        byte[] payload = Payloads.ascii(length);
        ByteBuffer expected = ByteBuffer.allocate(FrameWriter.MAX_HEADER_BYTES + length);
        FrameWriter.writeFrame(expected, true, 0, ClientFrames.OPCODE_BINARY, ByteBuffer.wrap(payload), true,
                ClientFrames.MASK_KEY);
        expected.flip();

        assertThat(bytes(ClientFrames.frame(ClientFrames.OPCODE_BINARY, payload))).containsExactly(bytes(expected));
        assertThat(ClientFrames.frameSize(length)).isEqualTo(FrameWriter.headerSize(length, true) + length);
    }

    @Test
    void repeatedFramesParseBackAsIdenticalMaskedMessages() {
        byte[] payload = Payloads.ascii(300);
        ByteBuffer batch = ClientFrames.repeated(ClientFrames.OPCODE_TEXT, payload, 3);
        List<Frame> frames = new ArrayList<>();
        FrameParser parser = collectingParser(frames);

        parser.parse(ByteBuffer.wrap(bytes(batch)));

        assertThat(frames).hasSize(3).allSatisfy(frame -> {
            assertThat(frame.opcode()).isEqualTo(ClientFrames.OPCODE_TEXT);
            assertThat(frame.rsv()).isZero();
            assertThat(frame.payload()).containsExactly(payload);
        });
    }

    @Test
    void compressedFrameHasRsv1AndMatchesTheCoreFrameWriter() {
        byte[] deflated = DeflatedPayload.compress(Payloads.json(2048));
        ByteBuffer expected = ByteBuffer.allocate(FrameWriter.MAX_HEADER_BYTES + deflated.length);
        FrameWriter.writeFrame(expected, true, ClientFrames.RSV1, ClientFrames.OPCODE_TEXT, ByteBuffer.wrap(deflated),
                true, ClientFrames.MASK_KEY);
        expected.flip();

        byte[] frame = ClientFrames.frameBytes(ClientFrames.RSV1, ClientFrames.OPCODE_TEXT, deflated);

        assertThat(frame[0]).as("FIN | RSV1 | text").isEqualTo((byte) 0xC1);
        assertThat(frame).containsExactly(bytes(expected));
    }

    @Test
    void compressedVariantsParseBackWithRsv1AndInflateToTheirPayloadsInTurn() throws Exception {
        List<byte[]> json = List.of(Payloads.json(2048, 0), Payloads.json(2048, 1), Payloads.json(2048, 2));
        Message message = Message.compressed(Target.webSocket("127.0.0.1", 1, "/").withPerMessageDeflate(),
                ClientFrames.OPCODE_TEXT, json, 2);
        ByteBuffer view = message.newView();
        List<Frame> frames = new ArrayList<>();
        FrameParser parser = collectingParser(frames);

        // Three sends of two messages, from variants 0, 2 and 1: the batch wraps around the variants.
        for (int first : new int[] {0, 2, 1}) {
            message.select(view, first, 2);
            assertThat(view.remaining()).isEqualTo(message.wireBytes(first) + message.wireBytes((first + 1) % 3));
            parser.parse(ByteBuffer.wrap(bytes(view)));
        }

        assertThat(message.variants()).isEqualTo(3);
        assertThat(frames).hasSize(6).allSatisfy(frame -> assertThat(frame.rsv()).isEqualTo(ClientFrames.RSV1));
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            int[] expectedVariants = {0, 1, 2, 0, 1, 2};
            for (int i = 0; i < frames.size(); i++) {
                assertThat(DeflatedPayloadTest.inflate(inflater, frames.get(i).payload())).as("message %d", i)
                        .containsExactly(json.get(expectedVariants[i]));
            }
        } finally {
            inflater.end();
        }
    }

    @Test
    void oneVariantIsMaxBatchCopiesOfTheFrame() {
        Message message = Message.of(Target.webSocket("127.0.0.1", 1, "/"), ClientFrames.OPCODE_TEXT,
                Payloads.ascii(32), 64);
        ByteBuffer view = message.newView();

        message.select(view, 0, 64);

        assertThat(message.variants()).isEqualTo(1);
        assertThat(bytes(view)).containsExactly(bytes(ClientFrames.repeated(ClientFrames.OPCODE_TEXT,
                Payloads.ascii(32), 64)));
    }

    /** A client frame as parsed back: every one must be final and masked. */
    private record Frame(int rsv, int opcode, byte[] payload) {}

    private static FrameParser collectingParser(List<Frame> frames) {
        ByteBuffer[] current = new ByteBuffer[1];
        int[] header = new int[2];
        return new FrameParser(new FrameParser.Handler() {
            @Override
            public boolean onFrameHeader(boolean fin, int rsv, int opcode, boolean isMasked, long length) {
                assertThat(fin).isTrue();
                assertThat(isMasked).isTrue();
                header[0] = rsv;
                header[1] = opcode;
                current[0] = ByteBuffer.allocate((int) length);
                return true;
            }

            @Override
            public boolean onFramePayload(ByteBuffer chunk) {
                current[0].put(chunk);
                return true;
            }

            @Override
            public boolean onFrameEnd() {
                frames.add(new Frame(header[0], header[1], current[0].array()));
                return true;
            }

            @Override
            public void onMalformedFrame(WebSocketProtocolException error) {
                throw new AssertionError(error);
            }
        });
    }

    @Test
    void compressedMessagesNeedATargetThatOffersTheExtension() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Message.compressed(
                Target.webSocket("127.0.0.1", 1, "/"), ClientFrames.OPCODE_TEXT, Payloads.json(100), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repeatedBufferIsReadOnlyAndHoldsExactlyTheFrames() {
        ByteBuffer batch = ClientFrames.repeated(ClientFrames.OPCODE_TEXT, Payloads.ascii(32), 64);

        assertThat(batch.isReadOnly()).isTrue();
        assertThat(batch.remaining()).isEqualTo(64 * 38);
    }

    @Test
    void closeFrameCarriesTheMaskedCode() {
        byte[] frame = bytes(ClientFrames.close(ClientFrames.CLOSE_NORMAL));

        assertThat(frame).hasSize(8);
        assertThat(frame[0]).isEqualTo((byte) 0x88);
        assertThat(frame[1]).isEqualTo((byte) 0x82);
        assertThat((byte) (frame[6] ^ KEY[0])).isEqualTo((byte) 0x03);
        assertThat((byte) (frame[7] ^ KEY[1])).isEqualTo((byte) 0xE8);
    }

    static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(bytes, from, out, 0, length);
        return out;
    }
}
