package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class DeflatedPayloadTest {
    private static final byte[] JSON = Payloads.json(2048);

    @Test
    void inflatesBackOnceTheSyncFlushTailIsRestored() throws DataFormatException {
        byte[] compressed = DeflatedPayload.compress(JSON);

        assertThat(compressed.length).as("JSON text compresses").isLessThan(JSON.length / 2);
        assertThat(Arrays.copyOfRange(compressed, compressed.length - 4, compressed.length))
                .as("RFC 7692 §7.2.1: the 00 00 FF FF tail is removed").isNotEqualTo(DeflatedPayload.SYNC_FLUSH_TAIL);
        Inflater inflater = new Inflater(true);
        try {
            assertThat(inflate(inflater, compressed)).containsExactly(JSON);
        } finally {
            inflater.end();
        }
    }

    @Test
    void theSameBytesAreValidForEveryMessageOfOneStream() throws DataFormatException {
        // With client_no_context_takeover the server may reset its inflater between messages or keep
        // it: a message from a fresh stream never refers back, so both decode it.
        byte[] compressed = DeflatedPayload.compress(JSON);
        Inflater kept = new Inflater(true);
        try {
            for (int message = 0; message < 3; message++) {
                assertThat(inflate(kept, compressed)).as("message %d", message).containsExactly(JSON);
            }
        } finally {
            kept.end();
        }
    }

    @Test
    void isDeterministic() {
        assertThat(DeflatedPayload.compress(JSON)).containsExactly(DeflatedPayload.compress(JSON));
    }

    @Test
    void compressesAnEmptyAndAnIncompressiblePayload() throws DataFormatException {
        byte[] noise = new byte[5000];
        new java.util.SplittableRandom(1).nextBytes(noise);
        for (byte[] payload : new byte[][] {new byte[0], noise}) {
            Inflater inflater = new Inflater(true);
            try {
                assertThat(inflate(inflater, DeflatedPayload.compress(payload))).containsExactly(payload);
            } finally {
                inflater.end();
            }
        }
    }

    /** Inflates one message as a receiver does: the body, then the restored tail. */
    static byte[] inflate(Inflater inflater, byte[] body) throws DataFormatException {
        byte[] input = Arrays.copyOf(body, body.length + 4);
        System.arraycopy(DeflatedPayload.SYNC_FLUSH_TAIL, 0, input, body.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1024];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(chunk);
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }
}
