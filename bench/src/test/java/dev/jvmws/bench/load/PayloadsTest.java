package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadsTest {
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 100, 171, 1024, 2048, 10_000})
    void jsonHasExactlyTheSizeAndIsAnArrayOfPrintableAscii(int size) {
        byte[] json = Payloads.json(size);

        assertThat(json).hasSize(size);
        String text = new String(json, StandardCharsets.US_ASCII);
        assertThat(text).startsWith("[").endsWith("]");
        assertThat(text.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    @Test
    void jsonHoldsWholeObjectsAndIsTheSameEveryRun() {
        String text = new String(Payloads.json(2048), StandardCharsets.US_ASCII).replaceFirst(" *]$", "]");

        assertThat(text).startsWith("[{\"id\":").endsWith("}]").doesNotContain(",]").doesNotContain(" ");
        assertThat(Payloads.json(2048)).containsExactly(Payloads.json(2048));
    }

    @Test
    void variantsShareTheSizeButNotTheBytes() {
        assertThat(Payloads.json(2048, 1)).hasSize(2048).isNotEqualTo(Payloads.json(2048, 0));
        assertThat(Payloads.json(2048)).containsExactly(Payloads.json(2048, 0));
    }

    @Test
    void jsonRefusesLessThanAnEmptyArray() {
        assertThatThrownBy(() -> Payloads.json(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
