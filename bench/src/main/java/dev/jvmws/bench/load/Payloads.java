package dev.jvmws.bench.load;

/** The message payloads the workloads send: printable ASCII (valid UTF-8 for text frames). */
public final class Payloads {
    private static final byte[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(
            java.nio.charset.StandardCharsets.US_ASCII);

    private Payloads() {
    }

    /** {@code size} bytes cycling through digits and letters. */
    public static byte[] ascii(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = ALPHABET[i % ALPHABET.length];
        }
        return payload;
    }
}
