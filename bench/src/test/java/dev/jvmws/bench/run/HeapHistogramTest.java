package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    @Test
    void readsTheTotalLineOfJcmdsHistogram() throws IOException {
        String output = """
                12345:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:         10000         1520000  dev.jvmws.internal.conn.Connection
                   2:          2000           64000  java.lang.String (java.base@17.0.15)
                Total         12000         1584000
                """;

        assertThat(HeapHistogram.totalBytes(output)).isEqualTo(1_584_000L);
    }

    @Test
    void anOutputWithoutTotalIsAnError() {
        assertThatThrownBy(() -> HeapHistogram.totalBytes("12345:\ncom.sun.tools.attach.AttachNotSupportedException\n"))
                .isInstanceOf(IOException.class);
    }
}
