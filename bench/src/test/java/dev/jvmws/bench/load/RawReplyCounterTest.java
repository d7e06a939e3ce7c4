package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RawReplyCounterTest {
    @Test
    void countsWholeMessagesWhateverTheReadSizes() {
        RawReplyCounter counter = new RawReplyCounter(32);

        assertThat(counter.consume(ByteBuffer.allocate(31))).isZero();
        assertThat(counter.consume(ByteBuffer.allocate(1))).isEqualTo(1);
        assertThat(counter.consume(ByteBuffer.allocate(32 * 3 + 5))).isEqualTo(3);
        assertThat(counter.consume(ByteBuffer.allocate(27))).isEqualTo(1);
        assertThat(counter.isCloseReceived()).isFalse();
    }

    @Test
    void consumesTheWholeInput() {
        ByteBuffer in = ByteBuffer.allocate(100);

        new RawReplyCounter(1 << 20).consume(in);

        assertThat(in.hasRemaining()).isFalse();
    }
}
