package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {
    @Test
    void addsUserAndSystemTicksCountingFieldsAfterTheCommandName() throws IOException {
        // A command name with a space and a ')' must not shift the fields.
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 0 0 20 0 30 0 100 0 0";

        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void readsThisProcessAndRejectsGarbage() throws IOException {
        assertThat(ProcessCpu.cpuSeconds(ProcessHandle.current().pid())).isGreaterThan(0);
        assertThatThrownBy(() -> ProcessCpu.parseTicks("4242 java S 1")).isInstanceOf(IOException.class);
    }
}
