package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link MessageBuffer} holds what arrived plus at most one chunk, and hands it over intact. */
class MessageBufferTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void smallMessageOfKnownSizeGetsOneExactArrayHandedOverUncopied() {
        MessageBuffer buffer = new MessageBuffer();
        byte[] data = bytes(1000, 1);
        buffer.append(ByteBuffer.wrap(data, 0, 300), 1000);
        buffer.append(ByteBuffer.wrap(data, 300, 700), 700);
        assertThat(buffer.capacity()).isEqualTo(1000);
        ByteBuffer taken = buffer.take();
        assertThat(taken.array()).hasSize(1000).isEqualTo(data);
        assertThat(buffer.capacity()).isZero();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void megabyteMessageReadAQuarterAtATimeIsOneExactArray() {
        MessageBuffer buffer = new MessageBuffer();
        byte[] data = bytes(MIB, 4);
        for (int at = 0; at < MIB; at += 256 * 1024) {
            buffer.append(ByteBuffer.wrap(data, at, 256 * 1024), MIB - at);
        }
        assertThat(buffer.capacity()).isEqualTo(MIB);
        assertThat(buffer.take().array()).isEqualTo(data);
    }

    @Test
    void aLargeFrameWhoseFirstPieceIsSmallIsNotAllocatedWhole() {
        MessageBuffer buffer = new MessageBuffer();
        buffer.append(ByteBuffer.wrap(new byte[100]), MIB);
        assertThat(buffer.capacity()).isLessThanOrEqualTo(MessageBuffer.MIN_CHUNK_BYTES);
    }

    @Test
    void trickledHugeDeclaredFrameHoldsWhatArrivedNotWhatWasDeclared() { // issue 8, attack A8
        MessageBuffer buffer = new MessageBuffer();
        long declared = 64L * MIB - 1;
        long received = 0;
        for (int i = 0; i < 100; i++) {
            buffer.append(ByteBuffer.wrap(new byte[1024]), declared - received);
            received += 1024;
        }
        assertThat(buffer.size()).isEqualTo(100 * 1024);
        assertThat(buffer.capacity()).isLessThanOrEqualTo(100 * 1024 + MessageBuffer.MIN_CHUNK_BYTES);
    }

    @Test
    void growsByWhatArrivedInsteadOfDoublingPastIt() {
        // A doubling array held 32 MiB once 16 MiB and a byte had arrived: 2x what came.
        MessageBuffer buffer = new MessageBuffer();
        byte[] read = new byte[256 * 1024];
        for (int i = 0; i < 64; i++) {
            buffer.append(ByteBuffer.wrap(read), -1);
        }
        buffer.append(ByteBuffer.wrap(new byte[1]), -1);
        assertThat(buffer.size()).isEqualTo(16L * MIB + 1);
        assertThat(buffer.capacity() - buffer.size()).isLessThanOrEqualTo(MessageBuffer.MAX_CHUNK_BYTES);
    }

    @Test
    void slackNeverExceedsOneChunkAtAnySize() {
        MessageBuffer buffer = new MessageBuffer();
        Random random = new Random(8);
        while (buffer.size() < 20L * MIB) {
            int length = 1 + random.nextInt(300_000);
            buffer.append(ByteBuffer.wrap(new byte[length]), -1);
            long slack = buffer.capacity() - buffer.size();
            assertThat(slack).isLessThan(Math.max(MessageBuffer.MIN_CHUNK_BYTES,
                    Math.min(MessageBuffer.MAX_CHUNK_BYTES, Math.max(length, buffer.size() / 4))) + 1);
        }
    }

    @Test
    void takeJoinsChunksInOrder() {
        MessageBuffer buffer = new MessageBuffer();
        byte[] data = bytes(5 * MIB + 12345, 2);
        Random random = new Random(3);
        int at = 0;
        while (at < data.length) {
            int length = Math.min(data.length - at, 1 + random.nextInt(200_000));
            if (random.nextBoolean()) {
                buffer.append(ByteBuffer.wrap(data, at, length), -1);
            } else {
                buffer.append(data, at, length);
            }
            at += length;
        }
        ByteBuffer taken = buffer.take();
        assertThat(taken.remaining()).isEqualTo(data.length);
        byte[] copy = new byte[taken.remaining()];
        taken.get(copy);
        assertThat(copy).isEqualTo(data);
    }

    @Test
    void lastChunkOfAKnownLengthIsSizedToIt() {
        MessageBuffer buffer = new MessageBuffer();
        buffer.append(ByteBuffer.wrap(new byte[100_000]), 100_010);
        buffer.append(ByteBuffer.wrap(new byte[10]), 10);
        assertThat(buffer.capacity()).isEqualTo(100_010);
    }

    /** Known length, first piece, and whether that piece gets one array of exactly the known length. */
    static Stream<Arguments> exactAllocationEdges() {
        int exact = MessageBuffer.EXACT_ALLOCATION_BYTES;
        int limit = MessageBuffer.EXACT_ALLOCATION_LIMIT_BYTES;
        return Stream.of(
                Arguments.of(exact, 1, true),              // small enough: allocated whole, however it starts
                Arguments.of(exact + 1, 1, false),
                Arguments.of(limit, limit / 4, true),      // up to 1 MiB once a quarter of it has come
                Arguments.of(limit, limit / 4 - 1, false),
                Arguments.of(limit + 4, limit / 4 + 1, false)); // above 1 MiB: never whole up front
    }

    @ParameterizedTest(name = "{0} bytes known, first piece {1}: exact {2}")
    @MethodSource("exactAllocationEdges")
    void knownLengthsAreAllocatedExactlyUpToTheEdges(int known, int firstPiece, boolean exact) {
        MessageBuffer buffer = new MessageBuffer();
        buffer.append(ByteBuffer.wrap(new byte[firstPiece]), known);
        if (exact) {
            assertThat(buffer.capacity()).isEqualTo(known);
        } else {
            assertThat(buffer.capacity()).isLessThan(known);
        }
    }

    @Test
    void aKnownLengthMessageInUnevenPiecesEndsWithoutSlack() {
        // Whatever the chunks in between, the last one stops where the message is known to end, also
        // when one append fills a chunk and starts the next.
        for (int pieceBytes : new int[] {100_000, 300_001, 777_777}) {
            MessageBuffer buffer = new MessageBuffer();
            int total = 5 * MIB + 12345;
            for (int at = 0; at < total; at += pieceBytes) {
                int length = Math.min(pieceBytes, total - at);
                buffer.append(ByteBuffer.wrap(new byte[length]), total - at);
            }
            assertThat(buffer.size()).isEqualTo(total);
            assertThat(buffer.capacity()).as("pieces of %d", pieceBytes).isEqualTo(total);
        }
    }

    @Test
    void emptyBufferTakesAsEmpty() {
        assertThat(new MessageBuffer().take().remaining()).isZero();
    }

    private static byte[] bytes(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
