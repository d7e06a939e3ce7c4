package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientResultLineTest {
    @Test
    void findsTheResultLineAmongOtherOutput() {
        String output = "warming up\nresult echoes_per_sec=41234.5 p50_us=1800.25 p99_us=9000\nbye\n";

        assertThat(ClientResultLine.find(output)).contains(new ClientResultLine(41234.5, 1800.25, 9000));
    }

    @Test
    void ignoresIncompleteOrMalformedLines() {
        assertThat(ClientResultLine.find("result echoes_per_sec=1 p50_us=2\n")).isEmpty();
        assertThat(ClientResultLine.find("result echoes_per_sec=x p50_us=2 p99_us=3\n")).isEmpty();
        assertThat(ClientResultLine.find("Exception in thread \"main\"\n")).isEmpty();
    }
}
