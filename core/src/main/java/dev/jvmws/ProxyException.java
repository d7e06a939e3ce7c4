package dev.jvmws;

import java.io.IOException;

/**
 * The HTTP proxy refused to open a tunnel to the server: it answered the {@code CONNECT} with a status
 * other than 2xx, e.g. 407 (the proxy wants credentials, see
 * {@link ClientOptions.Builder#proxyCredentials}), 403, 502 or 503. The message names the target and
 * the proxy's status line, e.g. {@code Proxy refused the tunnel to example.com:443: 407 Proxy
 * Authentication Required}. The client reports it through {@code onError}, then closes with 1006;
 * {@link WebSocket#whenOpen()} fails with it.
 *
 * <p>Immutable and thread-safe.
 */
public final class ProxyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;

    public ProxyException(String message, int statusCode) {
        super(message);
        this.statusCode = statusCode;
    }

    /** The status the proxy answered the {@code CONNECT} with. */
    public int statusCode() {
        return statusCode;
    }
}
