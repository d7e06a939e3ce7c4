package dev.jvmws.handshake;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * The request that asks an HTTP proxy for a tunnel to a WebSocket server (RFC 9110 §9.3.6): a
 * {@code CONNECT host:port HTTP/1.1} head with the same authority in {@code Host} and, when
 * credentials are given, {@code Proxy-Authorization: Basic …} (RFC 7617). Whatever the proxy answers
 * with 2xx is followed by the tunnel's bytes; the answer is read with
 * {@link HttpHeadParser#forResponses}.
 *
 * <p>A tunnel is asked for {@code ws://} targets too, not only {@code wss://}: browsers and ws's
 * agents do so, because a proxy that forwards a plain GET would not pass the upgrade on.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ConnectRequest {
    private ConnectRequest() {
    }

    /**
     * The request head's bytes.
     *
     * @param host the target's host name or IP literal (an IPv6 literal with or without brackets)
     * @param port the target's port
     * @param credentials {@code user:password} for Basic proxy authentication, or {@code null}
     * @throws IllegalArgumentException for a host or credentials that cannot be sent in a head, or a
     *     port out of range
     */
    public static byte[] encode(String host, int port, String credentials) {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Invalid port: " + port);
        }
        String authority = authority(host, port);
        if (!HttpChars.isFieldValue(authority) || authority.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("Invalid host: " + host);
        }
        StringBuilder head = new StringBuilder(128);
        head.append("CONNECT ").append(authority).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(authority).append("\r\n");
        if (credentials != null) {
            // RFC 7617 §2: base64(user-id ":" password), UTF-8 as browsers and Node send it.
            head.append("Proxy-Authorization: Basic ")
                    .append(Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code host:port}, an IPv6 literal in brackets (RFC 9110 §9.3.6's authority-form). */
    public static String authority(String host, int port) {
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The {@code user:password} of a proxy URI's user-info, each side percent-decoded as UTF-8 (as
     * for WebSocket URLs), or {@code null} when it has none.
     *
     * @throws IllegalArgumentException if the decoded bytes are not valid UTF-8
     */
    public static String credentials(URI proxy) {
        return WebSocketUri.credentials(proxy);
    }
}
