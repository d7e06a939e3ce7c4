package dev.jvmws.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The opening handshake request (RFC 6455 §4.1), written by hand once per target and sent from the
 * same bytes by every connection. The key is the RFC's own sample nonce: like the mask key, it need
 * not be unpredictable on loopback, and a constant key makes the expected accept value a constant.
 * A target may add a {@code Sec-WebSocket-Extensions} offer ({@link #DEFLATE_OFFER} for Z1 and ZM).
 */
public final class UpgradeRequest {
    /** RFC 6455 §1.3's sample {@code Sec-WebSocket-Key}. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The {@code Sec-WebSocket-Accept} that {@link #KEY} must produce (RFC 6455 §1.3). */
    public static final String EXPECTED_ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    /**
     * The compressed workloads' offer (RFC 7692 §7.1): permessage-deflate, and a promise that our
     * messages never refer to earlier ones, which makes one pre-compressed frame valid for every
     * message. No window limit is asked of the server: it keeps its own context takeover.
     */
    public static final String DEFLATE_OFFER = "permessage-deflate; client_no_context_takeover";

    private UpgradeRequest() {
    }

    /** The request bytes for {@code path} on {@code host:port}, as a read-only buffer. */
    public static ByteBuffer build(String host, int port, String path) {
        return build(host, port, path, null);
    }

    /** The same, offering {@code extensions} (the header's value; null: no extension header). */
    public static ByteBuffer build(String host, int port, String path, String extensions) {
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + ":" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n")
                + "\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }
}
