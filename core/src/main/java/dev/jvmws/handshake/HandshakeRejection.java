package dev.jvmws.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP error response refusing an upgrade request (RFC 6455 §4.2.1: a server that does not
 * accept the handshake answers with an HTTP error status), written the way ws writes it:
 * <pre>
 * HTTP/1.1 &lt;code&gt; &lt;standard phrase&gt;
 * Connection: close
 * Content-Type: text/plain; charset=utf-8
 * Content-Length: &lt;n&gt;
 * &lt;extra headers&gt;
 *
 * &lt;body, UTF-8&gt;
 * </pre>
 * The reason phrase is always the standard one; custom text goes into the body. An extra
 * {@code Content-Type} replaces the default; {@code Connection} and {@code Content-Length} belong to
 * the library (the connection is always closed after the body, and the length must match it).
 *
 * <p>Immutable and thread-safe.
 */
public final class HandshakeRejection {

    private final int status;
    private final String body;
    private final HttpHeaders headers;

    private HandshakeRejection(int status, String body, HttpHeaders headers) {
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** A rejection with no extra headers; see {@link #of(int, String, HttpHeaders)}. */
    public static HandshakeRejection of(int status, String body) {
        return of(status, body, HttpHeaders.empty());
    }

    /**
     * A rejection.
     *
     * @param status an HTTP status code from 200 to 599
     * @param body short reason text; {@code null} means the standard reason phrase (ws's default)
     * @param extra extra header fields, written after the fixed ones
     * @throws IllegalArgumentException if the status is out of range, a header name is not a token,
     *     a value holds CR, LF or another control character (header injection), or an extra header
     *     is {@code Connection} or {@code Content-Length}
     */
    public static HandshakeRejection of(int status, String body, HttpHeaders extra) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("Rejection status must be 200-599: " + status);
        }
        Objects.requireNonNull(extra, "extra");
        extra.forEach((name, value) -> {
            if (!HttpChars.isToken(name)) {
                throw new IllegalArgumentException("Invalid header name: " + name);
            }
            if (!HttpChars.isFieldValue(value)) {
                throw new IllegalArgumentException("Invalid value for header " + name);
            }
            if (HttpChars.equalsIgnoreCaseAscii(name, "Connection")
                    || HttpChars.equalsIgnoreCaseAscii(name, "Content-Length")) {
                throw new IllegalArgumentException(name + " is set by the library");
            }
        });
        return new HandshakeRejection(status, body == null ? HttpStatus.reasonPhrase(status) : body,
                extra);
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The response body text. */
    public String body() {
        return body;
    }

    /** The extra header fields. */
    public HttpHeaders headers() {
        return headers;
    }

    /** The complete response: head and body. */
    public byte[] toBytes() {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(128);
        sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status))
                .append("\r\nConnection: close\r\nContent-Type: ")
                .append(headers.first("Content-Type").orElse("text/plain; charset=utf-8"))
                .append("\r\nContent-Length: ").append(content.length).append("\r\n");
        headers.forEach((name, value) -> {
            if (!HttpChars.equalsIgnoreCaseAscii(name, "Content-Type")) {
                sb.append(name).append(": ").append(value).append("\r\n");
            }
        });
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + content.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(content, 0, out, head.length, content.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HandshakeRejection)) {
            return false;
        }
        HandshakeRejection r = (HandshakeRejection) o;
        return status == r.status && body.equals(r.body) && headers.equals(r.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, body, headers);
    }

    @Override
    public String toString() {
        return "HandshakeRejection[status=" + status + ", body=" + body + ", headers=" + headers + ']';
    }
}
