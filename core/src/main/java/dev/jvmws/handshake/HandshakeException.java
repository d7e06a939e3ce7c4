package dev.jvmws.handshake;

import java.io.IOException;

/**
 * The server's response did not complete a valid opening handshake (RFC 6455 §4.1, the client's
 * checks of the server's response). Messages match ws's, e.g.
 * {@code Unexpected server response: 302} or {@code Invalid Sec-WebSocket-Accept header}.
 *
 * <p>For an unexpected status the exception carries the status code, the response headers and
 * whatever body the transport read, so callers can inspect a redirect or an error page.
 *
 * <p>Immutable after construction and thread-safe; {@link #body()} returns a copy.
 */
public class HandshakeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int statusCode;
    /** Not serializable; a deserialized exception reports empty headers. */
    private final transient HttpHeaders headers;
    private final byte[] body;

    /** A failure that is not about the status code ({@link #statusCode()} is {@code -1}). */
    public HandshakeException(String message) {
        this(message, -1, HttpHeaders.empty(), new byte[0]);
    }

    /**
     * A failure about a response.
     *
     * @param statusCode the response status, or {@code -1}
     * @param headers the response headers ({@code null} means none)
     * @param body the response body read so far ({@code null} means none); copied
     */
    public HandshakeException(String message, int statusCode, HttpHeaders headers, byte[] body) {
        super(message);
        this.statusCode = statusCode;
        this.headers = headers == null ? HttpHeaders.empty() : headers;
        this.body = body == null ? new byte[0] : body.clone();
    }

    /** The response status this failure is about, or {@code -1}. */
    public int statusCode() {
        return statusCode;
    }

    /** The response headers, empty when unknown. */
    public HttpHeaders headers() {
        return headers == null ? HttpHeaders.empty() : headers;
    }

    /** A copy of the response body read so far, empty when none. */
    public byte[] body() {
        return body.clone();
    }
}
