package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
    @Test
    void readsVmRssInKibibytes() throws IOException {
        String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  123456 kB\nThreads:\t20\n";

        assertThat(ProcessMemory.parseVmRssKib(status)).isEqualTo(123456);
    }

    @Test
    void failsWithoutAVmRssLine() {
        assertThatThrownBy(() -> ProcessMemory.parseVmRssKib("Name:\tzombie\n")).isInstanceOf(IOException.class);
    }

    @Test
    void readsThisProcess() throws IOException {
        assertThat(ProcessMemory.rssKib(ProcessHandle.current().pid())).isPositive();
    }
}
