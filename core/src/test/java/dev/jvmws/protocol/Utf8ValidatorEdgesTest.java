package dev.jvmws.protocol;

import static dev.jvmws.protocol.TestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Edges of {@link Utf8Validator}: it stays failed, reads nothing outside its range, checks the right byte. */
class Utf8ValidatorEdgesTest {

    @ParameterizedTest
    @ValueSource(strings = {"80", "c1 bf", "c0 80", "f5 80 80 80", "ff", "e0 80 80", "ed a0 80", "f4 90 80 80"})
    void onceInvalidItStaysInvalid(String bad) {
        Utf8Validator validator = new Utf8Validator();
        byte[] bytes = hex(bad);
        for (int i = 0; i < bytes.length; i++) { // byte by byte: the carried-state path
            validator.feed(ByteBuffer.wrap(bytes), i, i + 1);
        }
        ByteBuffer ascii = ByteBuffer.wrap("plain ascii, long enough for the 8-byte path".getBytes());
        assertThat(validator.feed(ascii, 0, ascii.limit())).isFalse();
        assertThat(validator.isComplete()).isFalse();
    }

    @Test
    void aLeadByteAtTheEndOfThePieceIsLeftPendingEvenIfTheNextByteIsInTheBuffer() {
        ByteBuffer bytes = ByteBuffer.wrap(hex("c3 a9"));
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(bytes, 0, 1)).isTrue();
        assertThat(validator.isComplete()).as("é is cut after its lead byte").isFalse();
        assertThat(validator.feed(bytes, 1, 2)).isTrue();
        assertThat(validator.isComplete()).isTrue();
        for (String cut : new String[] {"e2 82 ac", "f0 9f 98 80"}) {
            byte[] whole = hex(cut);
            for (int split = 1; split < whole.length; split++) {
                Utf8Validator pieces = new Utf8Validator();
                assertThat(pieces.feed(ByteBuffer.wrap(whole), 0, split)).isTrue();
                assertThat(pieces.isComplete()).as("%s cut at %d", cut, split).isFalse();
            }
        }
    }

    @Test
    void nothingPastTheEndOfTheRangeIsRead() {
        // ASCII inside the range, invalid bytes right after it: the 8-byte path must not look past `to`.
        for (int length = 0; length < 20; length++) {
            byte[] bytes = new byte[length + 16];
            java.util.Arrays.fill(bytes, 0, length, (byte) 'a');
            java.util.Arrays.fill(bytes, length, bytes.length, (byte) 0xFF);
            Utf8Validator validator = new Utf8Validator();
            assertThat(validator.feed(ByteBuffer.wrap(bytes), 0, length)).as("length %d", length).isTrue();
            assertThat(validator.isComplete()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c3 a9 c3 41", "e2 82 ac e2 41 ac", "e2 82 ac e2 82 41", "f0 9f 98 80 f0 9f 41 80"})
    void eachContinuationByteOfTheSequenceItselfIsChecked(String bad) {
        byte[] bytes = hex(bad);
        assertThat(new Utf8Validator().feed(ByteBuffer.wrap(bytes), 0, bytes.length)).isFalse();
        assertThat(Utf8Validator.isValid(ByteBuffer.wrap(bytes), 0, bytes.length)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c2 80", "df bf", "e0 a0 80", "ed 9f bf", "ee 80 80", "f0 90 80 80", "f4 8f bf bf", "7f"})
    void theEdgesOfEachValidRangeAreValid(String good) {
        byte[] bytes = hex(good);
        Utf8Validator validator = new Utf8Validator();
        assertThat(validator.feed(ByteBuffer.wrap(bytes), 0, bytes.length)).isTrue();
        assertThat(validator.isComplete()).isTrue();
        Utf8Validator byteByByte = new Utf8Validator();
        for (int i = 0; i < bytes.length; i++) {
            assertThat(byteByByte.feed(ByteBuffer.wrap(bytes), i, i + 1)).isTrue();
        }
        assertThat(byteByByte.isComplete()).isTrue();
    }
}
