package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptKeyTest {

    @Test
    void computesTheRfc6455Example() {
        // RFC 6455 §1.3.
        assertThat(AcceptKey.compute("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void acceptsSixteenByteKeys() {
        assertThat(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ==")).isTrue();
        assertThat(AcceptKey.isValidKey("AAAAAAAAAAAAAAAAAAAAAA==")).isTrue();
        assertThat(AcceptKey.isValidKey("+/+/+/+/+/+/+/+/+/+/+/==")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", "dGhlIHNhbXBsZSBub25jZQ===",
        "dGhlIHNhbXBsZSBub25jZ===", "dGhlIHNhbXBsZSBub25jZQ-=", "dGhlIHNhbXBsZSBub25jZQ==\n",
        "dGhlIHNhbXBsZSBub25j-Q==", "dGhl IHNhbXBsZSBub25jZQ=", "c2hvcnQ=", "YWJjZGVmZ2hpamtsbW5vcHFy",
    })
    void rejectsOtherValues(String key) {
        assertThat(AcceptKey.isValidKey(key)).isFalse();
    }

    @Test
    void rejectsNull() {
        assertThat(AcceptKey.isValidKey(null)).isFalse();
    }

    @Test
    void newKeyIsSixteenRandomBytes() {
        String a = AcceptKey.newKey(new Random(1));
        String b = AcceptKey.newKey(new Random(2));
        assertThat(AcceptKey.isValidKey(a)).isTrue();
        assertThat(Base64.getDecoder().decode(a)).hasSize(16);
        assertThat(a).isNotEqualTo(b);
    }
}
