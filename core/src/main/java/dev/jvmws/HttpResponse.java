package dev.jvmws;

import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * A small HTTP response a server gives a plain request on its WebSocket port (see
 * {@link ServerOptions.Builder#httpHandler}): a health check, a status page, the page of a browser
 * client. Sent with {@code Connection: close} and a {@code Content-Length}; {@code Content-Type}
 * defaults to {@code text/plain; charset=utf-8} (give another in {@code headers}). Header names and
 * values are checked as the server's rejections are: nothing can be injected. Immutable.
 */
public final class HttpResponse {
    private final HandshakeRejection response;

    private HttpResponse(HandshakeRejection response) {
        this.response = response;
    }

    /** {@code status} with {@code body} as UTF-8 text. @throws IllegalArgumentException for a status outside 200–599 */
    public static HttpResponse of(int status, String body) {
        return of(status, body, HttpHeaders.empty());
    }

    /**
     * {@code status}, {@code body} and extra {@code headers} ({@code Content-Type} among them, if not text).
     *
     * @throws IllegalArgumentException for a status outside 200–599, a header that is not a token, a
     *     value with a control character, or a {@code Connection} / {@code Content-Length} header
     */
    public static HttpResponse of(int status, String body, HttpHeaders headers) {
        return new HttpResponse(HandshakeRejection.of(status, body == null ? "" : body, headers));
    }

    public int status() {
        return response.status();
    }

    public String body() {
        return response.body();
    }

    public HttpHeaders headers() {
        return response.headers();
    }

    /** The bytes on the wire; for a {@code HEAD} request the head alone (its Content-Length still the body's). */
    byte[] toBytes(boolean headOnly) {
        byte[] whole = response.toBytes();
        if (!headOnly) {
            return whole;
        }
        int bodyLength = response.body().getBytes(StandardCharsets.UTF_8).length;
        return java.util.Arrays.copyOf(whole, whole.length - bodyLength);
    }

    /** As a rejection, for the upgrade machinery that writes it. */
    HandshakeRejection asRejection() {
        return response;
    }

    @Override
    public String toString() {
        return "HttpResponse[" + response.status() + "]";
    }
}
