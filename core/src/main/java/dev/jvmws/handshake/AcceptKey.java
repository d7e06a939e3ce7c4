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
     * One SHA-1 per thread: {@code MessageDigest.getInstance} looks up the provider and allocates a
     * fresh engine (its 80-word schedule included), which was the largest allocation of an upgrade.
     */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (MessageDigest javadoc), so this cannot happen.
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    });
    private static final byte[] GUID_BYTES = GUID.getBytes(StandardCharsets.US_ASCII);

    private AcceptKey() {
    }

    /**
     * The {@code Sec-WebSocket-Accept} value for a client key: base64(SHA-1(key + GUID))
     * (RFC 6455 §4.2.2 item 5.4). The key is used as sent, without decoding it.
     */
    public static String compute(String secWebSocketKey) {
        Objects.requireNonNull(secWebSocketKey, "secWebSocketKey");
        MessageDigest sha1 = SHA1.get();
        sha1.reset(); // in case an earlier call on this thread failed half-way
        sha1.update(secWebSocketKey.getBytes(StandardCharsets.ISO_8859_1));
        sha1.update(GUID_BYTES);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    /**
     * Whether {@code key} is a valid {@code Sec-WebSocket-Key}: base64 of exactly 16 bytes, i.e.
     * 22 base64 characters followed by {@code ==} (RFC 6455 §4.1 item 7). Like ws, the unused low
     * bits of the last character are not checked.
     */
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
