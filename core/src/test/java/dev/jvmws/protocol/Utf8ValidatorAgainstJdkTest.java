package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Validator} against an independent judge, the JDK's strict UTF-8 decoder: every sequence
 * of up to four bytes drawn from the bytes where UTF-8's rules change, whole, in two pieces, and with
 * a byte after the range that must not be read, gets the JDK's verdict.
 */
class Utf8ValidatorAgainstJdkTest {
    /** Each range edge of RFC 3629's table, both sides, plus ASCII and the never-valid bytes. */
    private static final byte[] EDGES = HexFormat.of().parseHex(
            "00417f808f909f a0bf c0c1c2df e0e1ecedeeef f0f1f3f4f5ff".replace(" ", ""));

    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private boolean jdkAccepts(byte[] bytes, int length) {
        try {
            jdk.reset().decode(ByteBuffer.wrap(bytes, 0, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean validates(ByteBuffer buffer, int length, int split) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(buffer, 0, split) && validator.feed(buffer, split, length) && validator.isComplete();
    }

    @Test
    void agreesWithTheJdkOnEverySequenceOfUpToFourEdgeBytesWholeAndSplit() {
        byte[] bytes = new byte[5];
        int checked = 0;
        for (int length = 1; length <= 4; length++) {
            int combinations = (int) Math.pow(EDGES.length, length);
            for (int n = 0; n < combinations; n++) {
                int rest = n;
                for (int i = 0; i < length; i++) {
                    bytes[i] = EDGES[rest % EDGES.length];
                    rest /= EDGES.length;
                }
                // The byte just past the range continues whatever sequence the range ends in: a
                // validator that read it would complete a sequence the range cut.
                bytes[length] = (byte) 0x80;
                boolean expected = jdkAccepts(bytes, length);
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                for (int split = 0; split <= length; split++) {
                    assertThat(validates(buffer, length, split))
                            .as("%s split at %d", HexFormat.ofDelimiter(" ").formatHex(bytes, 0, length), split)
                            .isEqualTo(expected);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1_000_000);
    }
}
