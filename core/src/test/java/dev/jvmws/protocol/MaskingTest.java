package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.naiveMask;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Word-at-a-time masking at every alignment and in both byte orders (cf. JDK-8351339). */
class MaskingTest {
    private static final int[] KEYS = {0x37fa213d, 0x01020304, 0xFFFFFFFF, 0x80000001, 0};
    private static final int GUARD = 8;

    private static ByteBuffer buffer(byte[] bytes, boolean direct, ByteOrder order) {
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(bytes.length) : ByteBuffer.allocate(bytes.length);
        buffer.put(bytes).clear();
        return buffer.order(order);
    }

    private static byte[] contents(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(bytes);
        return bytes;
    }

    @Test
    void matchesNaiveLoopAtEveryLengthOffsetAndKeyPhase() {
        Random random = new Random(6455);
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                for (int key : KEYS) {
                    for (int length = 0; length <= 40; length++) {
                        for (int from = 0; from < 8; from++) {
                            for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                                byte[] original = new byte[from + length + GUARD];
                                random.nextBytes(original);
                                byte[] expected = original.clone();
                                byte[] maskedPart = naiveMask(Arrays.copyOfRange(original, from, from + length), key, keyOffset);
                                System.arraycopy(maskedPart, 0, expected, from, length);

                                ByteBuffer buffer = buffer(original, direct, order);
                                Masking.mask(buffer, from, from + length, key, keyOffset);
                                String run = String.format("direct=%s %s key=%08x length=%d from=%d keyOffset=%d",
                                        direct, order, key, length, from, keyOffset);
                                assertThat(contents(buffer)).as(run).isEqualTo(expected);
                                assertThat(buffer.position()).as(run).isZero();

                                Masking.mask(buffer, from, from + length, key, keyOffset);
                                assertThat(contents(buffer)).as("twice: " + run).isEqualTo(original);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyKeyOffsetModuloFourMatters() {
        byte[] payload = TestFrames.pattern(37);
        for (long keyOffset : new long[] {4, 5, 6, 7, (1L << 33) + 1, Long.MAX_VALUE}) {
            ByteBuffer buffer = ByteBuffer.wrap(payload.clone());
            Masking.mask(buffer, 0, payload.length, TestFrames.KEY, keyOffset);
            assertThat(buffer.array()).as("keyOffset %d", keyOffset)
                    .isEqualTo(naiveMask(payload, TestFrames.KEY, keyOffset & 3));
        }
    }

    @Test
    void unmasksPieceByPieceWithKeyOffset() {
        byte[] payload = TestFrames.pattern(50);
        byte[] masked = naiveMask(payload, TestFrames.KEY, 0);
        for (int split = 0; split <= masked.length; split++) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                ByteBuffer buffer = ByteBuffer.wrap(masked.clone()).order(order);
                Masking.mask(buffer, 0, split, TestFrames.KEY, 0);
                Masking.mask(buffer, split, masked.length, TestFrames.KEY, split);
                assertThat(buffer.array()).as("split %d %s", split, order).isEqualTo(payload);
            }
        }
    }

    @Test
    void copyMaskedMasksIntoTargetAndAdvancesBoth() {
        for (boolean direct : new boolean[] {false, true}) {
            for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
                for (int length = 0; length <= 40; length++) {
                    byte[] payload = TestFrames.pattern(length);
                    ByteBuffer source = ByteBuffer.wrap(payload.clone()).order(order);
                    ByteBuffer target = (direct ? ByteBuffer.allocateDirect(length + 10) : ByteBuffer.allocate(length + 10))
                            .order(order);
                    target.position(3);
                    Masking.copyMasked(source, target, TestFrames.KEY);
                    assertThat(source.hasRemaining()).isFalse();
                    assertThat(target.position()).isEqualTo(3 + length);
                    byte[] written = new byte[length];
                    target.flip().position(3);
                    target.get(written);
                    assertThat(written).as("length %d", length).isEqualTo(naiveMask(payload, TestFrames.KEY, 0));
                    assertThat(source.array()).as("source untouched").isEqualTo(payload);
                }
            }
        }
    }
}
