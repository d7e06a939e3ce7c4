package dev.jvmws.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SlidingWindow} against a reference: the last {@code capacity} bytes of everything appended. */
class SlidingWindowTest {

    private static byte[] lastBytes(ByteArrayOutputStream all, int capacity) {
        byte[] bytes = all.toByteArray();
        return Arrays.copyOfRange(bytes, Math.max(0, bytes.length - capacity), bytes.length);
    }

    private static byte[] window(SlidingWindow window) {
        return window.size() == 0 ? new byte[0] : Arrays.copyOf(window.array(), window.size());
    }

    @Test
    void holdsTheLastBytesOfEverythingAppendedAtEverySize() {
        Random random = new Random(7692);
        for (int capacity : new int[] {128, 256, 1000, 1024, 4096, 32768}) {
            SlidingWindow window = new SlidingWindow(capacity);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                int length = random.nextInt(i % 10 == 0 ? 3 * capacity : 300);
                byte[] data = new byte[length + 5];
                random.nextBytes(data);
                if (random.nextBoolean()) {
                    window.append(data, 5, length);
                } else {
                    ByteBuffer direct = ByteBuffer.allocateDirect(length + 5).put(data).flip().position(5);
                    window.append(direct);
                    assertThat(direct.position()).as("the buffer's position is left alone").isEqualTo(5);
                }
                all.write(data, 5, length);
                assertThat(window(window)).as("capacity %d after %d appends", capacity, i).isEqualTo(lastBytes(all, capacity));
                assertThat(window.array() == null ? 0 : window.array().length).isLessThanOrEqualTo(capacity);
            }
        }
    }

    @Test
    void heapBuffersWithAnOffsetAppendTheirRemainingBytes() {
        SlidingWindow window = new SlidingWindow(16);
        byte[] backing = "xxabcdefyy".getBytes();
        window.append(ByteBuffer.wrap(backing, 2, 6).slice());
        assertThat(new String(window(window))).isEqualTo("abcdef");
    }

    @Test
    void directBuffersLongerThanTheWindowKeepTheirLastBytes() {
        SlidingWindow window = new SlidingWindow(4);
        ByteBuffer direct = ByteBuffer.allocateDirect(12);
        direct.put("xxabcdefghyy".getBytes()).position(2).limit(10);
        window.append(direct);
        assertThat(new String(window(window))).isEqualTo("efgh");
        assertThat(direct.position()).isEqualTo(2);
    }

    @Test
    void copyAndRestoreTakeTheWindowBackExactly() {
        SlidingWindow window = new SlidingWindow(64);
        assertThat(window.copy()).isEmpty();
        window.append("hello world".getBytes(), 0, 11);
        byte[] saved = window.copy();
        window.append(new byte[100], 0, 100);
        window.restore(saved);
        assertThat(new String(window(window))).isEqualTo("hello world");
        window.clear();
        assertThat(window.size()).isZero();
        assertThat(window.array()).isNull();
    }

    @Test
    void growsWithTheDataInsteadOfAllocatingItsCapacity() {
        SlidingWindow window = new SlidingWindow(32768);
        window.append(new byte[10], 0, 10);
        assertThat(window.array().length).isLessThan(32768);
        window.append(new byte[5000], 0, 5000);
        assertThat(window.array().length).isBetween(5010, 32768);
    }
}
