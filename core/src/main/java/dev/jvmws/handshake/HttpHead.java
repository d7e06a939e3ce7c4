package dev.jvmws.handshake;

import java.util.Objects;

/**
 * A parsed HTTP/1.1 message head: the request line or status line plus the header fields
 * (RFC 7230 §3). The message body, if any, is not part of it.
 *
 * <p>A request has {@link #method()} and {@link #target()}, with {@link #statusCode()} {@code -1}
 * and {@link #reasonPhrase()} {@code null}; a response the other way round.
 *
 * <p>Immutable and thread-safe.
 */
public final class HttpHead {

    private final String method;
    private final String target;
    private final int statusCode;
    private final String reasonPhrase;
    private final String version;
    private final HttpHeaders headers;

    private HttpHead(String method, String target, int statusCode, String reasonPhrase,
            String version, HttpHeaders headers) {
        this.method = method;
        this.target = target;
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
        this.version = Objects.requireNonNull(version, "version");
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    /** A request head, e.g. {@code request("GET", "/chat", "HTTP/1.1", headers)}. */
    public static HttpHead request(String method, String target, String version, HttpHeaders headers) {
        return new HttpHead(Objects.requireNonNull(method, "method"),
                Objects.requireNonNull(target, "target"), -1, null, version, headers);
    }

    /** A response head, e.g. {@code response("HTTP/1.1", 101, "Switching Protocols", headers)}. */
    public static HttpHead response(String version, int statusCode, String reasonPhrase,
            HttpHeaders headers) {
        if (statusCode < 100 || statusCode > 999) {
            throw new IllegalArgumentException("Status code must have three digits: " + statusCode);
        }
        return new HttpHead(null, null, statusCode,
                Objects.requireNonNull(reasonPhrase, "reasonPhrase"), version, headers);
    }

    /** Whether this is a request head (otherwise a response head). */
    public boolean isRequest() {
        return method != null;
    }

    /** The request method, e.g. {@code GET}; {@code null} for a response. */
    public String method() {
        return method;
    }

    /** The raw request target, e.g. {@code /chat?room=1}; {@code null} for a response. */
    public String target() {
        return target;
    }

    /** The response status code; {@code -1} for a request. */
    public int statusCode() {
        return statusCode;
    }

    /** The response reason phrase (possibly empty); {@code null} for a request. */
    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** The protocol version as sent, e.g. {@code HTTP/1.1}. */
    public String version() {
        return version;
    }

    /** The header fields, in wire order. */
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpHead)) {
            return false;
        }
        HttpHead h = (HttpHead) o;
        return statusCode == h.statusCode && Objects.equals(method, h.method)
                && Objects.equals(target, h.target) && Objects.equals(reasonPhrase, h.reasonPhrase)
                && version.equals(h.version) && headers.equals(h.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, target, statusCode, reasonPhrase, version, headers);
    }

    /** The start line followed by the headers (sensitive values redacted, see {@link HttpHeaders}). */
    @Override
    public String toString() {
        String startLine = isRequest()
                ? method + " " + target + " " + version
                : version + " " + statusCode + " " + reasonPhrase;
        return startLine + " " + headers;
    }
}
