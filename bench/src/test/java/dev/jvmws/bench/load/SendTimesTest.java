package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SendTimesTest {
    @Test
    void returnsSendTimesOldestFirstAcrossTheRingsEnd() {
        SendTimes times = new SendTimes(64);
        long sent = 0;
        long received = 0;
        for (int round = 0; round < 10; round++) {
            times.add(sent++, 1);
            times.add(sent, 40);
            sent++;
            assertThat(times.poll()).isEqualTo(received++);
            for (int i = 0; i < 40; i++) {
                assertThat(times.poll()).as("a batch shares its send time").isEqualTo(received);
            }
            received++;
        }
    }

    @Test
    void refusesMoreThanItsCapacityAndRepliesForNothing() {
        SendTimes times = new SendTimes(1);
        times.add(5, 1);
        times.add(6, 1);

        assertThatThrownBy(() -> times.add(7, 1)).isInstanceOf(IllegalStateException.class);
        assertThat(times.poll()).isEqualTo(5);
        assertThat(times.poll()).isEqualTo(6);
        assertThatThrownBy(times::poll).isInstanceOf(IllegalStateException.class);
    }
}
