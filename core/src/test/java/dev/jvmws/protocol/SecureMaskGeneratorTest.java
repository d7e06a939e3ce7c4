package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecureMaskGeneratorTest {

    @Test
    void producesVaryingKeys() {
        // 3000 keys cross two refills of the 4096-byte block. For random 32-bit keys the chance of even
        // one repeat is about 0.1%; allowing up to 10 keeps the test from ever flaking.
        SecureMaskGenerator generator = new SecureMaskGenerator();
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            keys.add(generator.nextMask());
        }
        assertThat(keys).hasSizeGreaterThan(2990);
    }

    @Test
    void readsKeysBigEndianFromTheRandomBlockAndRefillsIt() {
        int[] fills = {0};
        SecureRandom counting = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                fills[0]++;
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (i + fills[0]);
                }
            }
        };
        SecureMaskGenerator generator = new SecureMaskGenerator(counting);
        assertThat(fills[0]).as("lazily filled").isZero();
        assertThat(generator.nextMask()).isEqualTo(0x01020304);
        assertThat(generator.nextMask()).isEqualTo(0x05060708);
        for (int i = 2; i < 1024; i++) {
            generator.nextMask();
        }
        assertThat(fills[0]).isEqualTo(1);
        assertThat(generator.nextMask()).isEqualTo(0x02030405);
        assertThat(fills[0]).isEqualTo(2);
    }
}
