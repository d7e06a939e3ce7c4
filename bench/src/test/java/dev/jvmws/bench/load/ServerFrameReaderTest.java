package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.protocol.FrameWriter;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ServerFrameReaderTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CONTINUATION = 0x0;
    private static final int PING = 0x9;
    private static final int CLOSE = 0x8;
    private static final int RSV1 = 0x40;

    /**
     * Five messages (7-, 16- and 64-bit lengths, one fragmented around a ping, one empty), then a
     * close frame.
     */
    private static final byte[] STREAM = concat(
            frame(true, TEXT, 2, false),
            frame(true, BINARY, 300, false),
            frame(true, BINARY, 70_000, false),
            frame(false, TEXT, 10, false),
            frame(true, PING, 4, false),
            frame(true, CONTINUATION, 10, false),
            frame(true, TEXT, 0, false),
            frame(true, CLOSE, 2, false));

    @Test
    void countsMessagesNotFramesAndSeesTheClose() {
        ServerFrameReader reader = new ServerFrameReader();

        ByteBuffer in = ByteBuffer.wrap(STREAM);
        assertThat(reader.consume(in)).isEqualTo(5);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(reader.isCloseReceived()).isTrue();
    }

    @Test
    void givesTheSameCountAtEverySplitPoint() {
        for (int split = 0; split <= STREAM.length; split++) {
            ServerFrameReader reader = new ServerFrameReader();
            int first = reader.consume(ByteBuffer.wrap(STREAM, 0, split));
            boolean closedEarly = reader.isCloseReceived();
            int second = reader.consume(ByteBuffer.wrap(STREAM, split, STREAM.length - split));

            assertThat(first + second).as("split at %d", split).isEqualTo(5);
            assertThat(closedEarly).as("close seen before its last byte, split at %d", split)
                    .isEqualTo(split == STREAM.length);
            assertThat(reader.isCloseReceived()).isTrue();
        }
    }

    @Test
    void completesEachMessageOnTheByteThatEndsIt() {
        ServerFrameReader reader = new ServerFrameReader();
        int total = 0;
        int completedAt = -1;
        for (int i = 0; i < STREAM.length; i++) {
            int completed = reader.consume(ByteBuffer.wrap(STREAM, i, 1));
            total += completed;
            if (total == 1 && completedAt < 0) {
                completedAt = i;
            }
        }

        assertThat(total).isEqualTo(5);
        assertThat(completedAt).as("the 2-byte text ends at byte index 3").isEqualTo(3);
        assertThat(reader.isCloseReceived()).isTrue();
    }

    @Test
    void skipsTheKeyOfAMaskedServerFrame() {
        byte[] stream = concat(frame(true, TEXT, 5, true), frame(true, BINARY, 200, true));
        for (int split = 0; split <= stream.length; split++) {
            ServerFrameReader reader = new ServerFrameReader();
            int count = reader.consume(ByteBuffer.wrap(stream, 0, split))
                    + reader.consume(ByteBuffer.wrap(stream, split, stream.length - split));
            assertThat(count).as("split at %d", split).isEqualTo(2);
        }
    }

    @Test
    void anEmptyFrameCompletesWithoutFurtherInput() {
        ServerFrameReader reader = new ServerFrameReader();

        assertThat(reader.consume(ByteBuffer.wrap(new byte[] {(byte) 0x81, 0x00}))).isEqualTo(1);
    }

    /**
     * Compressed replies (RSV1 on a message's first frame only): a whole message, a fragmented one,
     * an uncompressed one between them, a ping, then a close.
     */
    private static final byte[] COMPRESSED_STREAM = concat(
            frame(true, RSV1, TEXT, 300, false),
            frame(false, RSV1, TEXT, 10, false),
            frame(true, 0, PING, 0, false),
            frame(true, 0, CONTINUATION, 10, false),
            frame(true, 0, TEXT, 5, false),
            frame(true, RSV1, BINARY, 70_000, false),
            frame(true, 0, CLOSE, 2, false));

    @Test
    void countsCompressedMessagesWhenTheExtensionWasNegotiatedAtEverySplitPoint() {
        for (int split = 0; split <= COMPRESSED_STREAM.length; split++) {
            ServerFrameReader reader = new ServerFrameReader(true);
            int count = reader.consume(ByteBuffer.wrap(COMPRESSED_STREAM, 0, split))
                    + reader.consume(ByteBuffer.wrap(COMPRESSED_STREAM, split, COMPRESSED_STREAM.length - split));

            assertThat(count).as("split at %d", split).isEqualTo(4);
            assertThat(reader.compressedMessages()).as("split at %d", split).isEqualTo(3);
            assertThat(reader.isCloseReceived()).isTrue();
        }
    }

    @Test
    void refusesRsv1WithoutTheExtension() {
        ServerFrameReader reader = new ServerFrameReader();

        assertThatThrownBy(() -> reader.consume(ByteBuffer.wrap(frame(true, RSV1, TEXT, 3, false))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RSV bits 0x40");
    }

    @Test
    void refusesRsv1OnContinuationAndControlFramesAndRsv2Always() {
        byte[][] bad = {
            concat(frame(false, RSV1, TEXT, 3, false), frame(true, RSV1, CONTINUATION, 3, false)),
            frame(true, RSV1, PING, 0, false),
            frame(true, 0x20, TEXT, 3, false)};
        for (byte[] stream : bad) {
            ServerFrameReader reader = new ServerFrameReader(true);

            assertThatThrownBy(() -> reader.consume(ByteBuffer.wrap(stream))).isInstanceOf(IllegalStateException.class);
        }
    }

    private static byte[] frame(boolean fin, int opcode, int length, boolean masked) {
        return frame(fin, 0, opcode, length, masked);
    }

    private static byte[] frame(boolean fin, int rsv, int opcode, int length, boolean masked) {
        ByteBuffer out = ByteBuffer.allocate(FrameWriter.MAX_HEADER_BYTES + length);
        FrameWriter.writeFrame(out, fin, rsv, opcode, ByteBuffer.wrap(Payloads.ascii(length)), masked, 0x11223344);
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
