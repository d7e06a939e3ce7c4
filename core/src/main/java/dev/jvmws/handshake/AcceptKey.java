package dev.jvmws.handshake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Random;

/**
 * The {@code Sec-WebSocket-Key} / {@code Sec-WebSocket-Accept} pair of the opening handshake
 * (RFC 6455 §4.1, §4.2.2).
 *
 * <p>Safe to use from any thread: each thread reuses its own {@code MessageDigest}.
 */
public final class AcceptKey {

    /** RFC 6455 §1.3: the GUID appended to the client's key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** RFC 6455 §4.1: the key is a base64-encoded random 16-byte nonce. */
    public static final int KEY_NONCE_BYTES = 16;

    /**
     * One SHA-1 per thread, with room for its input and output: {@code MessageDigest.getInstance}
     * looks up the provider and allocates a fresh engine (its 80-word schedule included), which was
     * the largest allocation of an upgrade, and with the arrays kept too a key costs no allocation.
     */
    private static final class Sha1Scratch {
        final MessageDigest digest;
        final byte[] input = new byte[24 + 36];
        final byte[] output = new byte[20];
        final byte[] encoded = new byte[ACCEPT_BYTES];

        Sha1Scratch() {
            try {
                digest = MessageDigest.getInstance("SHA-1");
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform must provide SHA-1 (MessageDigest javadoc), so this cannot happen.
                throw new IllegalStateException("SHA-1 is not available", e);
            }
        }
    }

    private static final ThreadLocal<Sha1Scratch> SHA1 = ThreadLocal.withInitial(Sha1Scratch::new);
    /** Length of an accept value: base64 of a 20-byte SHA-1. */
    static final int ACCEPT_BYTES = 28;
    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.US_ASCII);

    private AcceptKey() {
    }

    /**
     * The {@code Sec-WebSocket-Accept} value for a client key: base64(SHA-1(key + GUID))
     * (RFC 6455 §4.2.2 item 5.4). The key is used as sent, without decoding it.
     */
    public static String compute(String secWebSocketKey) {
        byte[] accept = new byte[ACCEPT_BYTES];
        computeInto(secWebSocketKey, accept, 0);
        return new String(accept, StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the accept value for {@code secWebSocketKey} (a valid key, see {@link #isValidKey}) as
     * {@link #ACCEPT_BYTES} ASCII bytes at {@code destination[offset]}: the server's handshake writes
     * it straight into its response.
     */
    static void computeInto(String secWebSocketKey, byte[] destination, int offset) {
        Objects.requireNonNull(secWebSocketKey, "secWebSocketKey");
        Sha1Scratch scratch = SHA1.get();
        int keyLength = secWebSocketKey.length();
        byte[] input = keyLength + GUID_BYTES.length <= scratch.input.length
                ? scratch.input : new byte[keyLength + GUID_BYTES.length];
        for (int i = 0; i < keyLength; i++) {
            char c = secWebSocketKey.charAt(i);
            input[i] = c <= 0xFF ? (byte) c : (byte) '?'; // ISO-8859-1 (as the head was decoded), '?' if unmappable
        }
        System.arraycopy(GUID_BYTES, 0, input, keyLength, GUID_BYTES.length);
        MessageDigest sha1 = scratch.digest;
        sha1.reset(); // in case an earlier call on this thread failed half-way
        sha1.update(input, 0, keyLength + GUID_BYTES.length);
        try {
            sha1.digest(scratch.output, 0, scratch.output.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-1 output does not fit 20 bytes", e);
        }
        Base64.getEncoder().encode(scratch.output, scratch.encoded); // the JDK's encoder writes at 0 only
        System.arraycopy(scratch.encoded, 0, destination, offset, ACCEPT_BYTES);
    }

    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24 || key.charAt(22) != '=' || key.charAt(23) != '=') {
            return false;
        }
        for (int i = 0; i < 22; i++) {
            char c = key.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        return true;
    }

    /**
     * A fresh key: 16 random bytes, base64-encoded. RFC 6455 §4.1 requires the nonce to be
     * randomly selected for each connection, so callers should pass a {@code SecureRandom}.
     */
    public static String newKey(Random random) {
        byte[] nonce = new byte[KEY_NONCE_BYTES];
        random.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }
}
