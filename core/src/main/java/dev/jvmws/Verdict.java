package dev.jvmws;

import dev.jvmws.handshake.HttpHeaders;

/**
 * The answer of a {@link ClientVerifier}: accept the upgrade, or reject it with an HTTP status, a body
 * and extra headers (ws's {@code verifyClient} callback {@code cb(false, code, message, headers)}).
 * Immutable.
 */
public final class Verdict {
    private static final Verdict ACCEPT = new Verdict(true, 0, null, HttpHeaders.empty());

    private final boolean accepted;
    private final int status;
    private final String body;
    private final HttpHeaders headers;

    private Verdict(boolean accepted, int status, String body, HttpHeaders headers) {
        this.accepted = accepted;
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    public static Verdict accept() {
        return ACCEPT;
    }

    /** Rejects with 401 Unauthorized, as ws does when {@code verifyClient} returns false. */
    public static Verdict reject() {
        return reject(401, null, HttpHeaders.empty());
    }

    public static Verdict reject(int status) {
        return reject(status, null, HttpHeaders.empty());
    }

    /**
     * @param body the response body (null: the status's standard phrase)
     * @param headers extra response headers
     */
    public static Verdict reject(int status, String body, HttpHeaders headers) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("A rejection needs a 4xx or 5xx status, not " + status);
        }
        return new Verdict(false, status, body, headers == null ? HttpHeaders.empty() : headers);
    }

    public boolean isAccepted() {
        return accepted;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
