package dev.jvmws.handshake;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a client derives from a WebSocket URI (RFC 6455 §3, §4.1): the normalised {@code ws}/{@code
 * wss} form, the request target, the {@code Host} value and Basic credentials from the user-info.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class WebSocketUri {

    private WebSocketUri() {
    }

    /**
     * Checks {@code uri} and rewrites {@code http}/{@code https} to {@code ws}/{@code wss} (as ws
     * does), keeping every other component in its raw form.
     *
     * @throws IllegalArgumentException {@code Invalid URL: <uri> (<reason>)}
     */
    static URI normalize(URI uri) {
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw invalid(uri, "must be absolute");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "ws":
            case "http":
                scheme = "ws";
                break;
            case "wss":
            case "https":
                scheme = "wss";
                break;
            default:
                throw invalid(uri, "the scheme must be ws, wss, http or https");
        }
        // RFC 6455 §3: "Fragment identifiers are meaningless in the context of WebSocket URIs".
        if (uri.getRawFragment() != null) {
            throw invalid(uri, "fragment identifiers are not allowed");
        }
        if (uri.getHost() == null) {
            throw invalid(uri, "no host");
        }
        URI normalized = URI.create(scheme + ":" + uri.getRawSchemeSpecificPart());
        if (normalized.getHost() == null) {
            throw invalid(uri, "no host");
        }
        return normalized;
    }

    /** RFC 6455 §3: 80 for ws, 443 for wss. */
    static int defaultPort(URI normalized) {
        return "wss".equals(normalized.getScheme()) ? 443 : 80;
    }

    /**
     * The request target: the path ({@code /} when empty) plus the query when non-empty, in
     * ASCII (non-ASCII characters percent-encoded as UTF-8, as a WHATWG URL would send them).
     */
    static String requestTarget(URI normalized) {
        URI ascii = URI.create(normalized.toASCIIString());
        String path = ascii.getRawPath();
        String query = ascii.getRawQuery();
        String target = path == null || path.isEmpty() ? "/" : path;
        return query == null || query.isEmpty() ? target : target + "?" + query;
    }

    /**
     * The {@code Host} value (RFC 7230 §5.4): the host in lower case ({@code [..]} for IPv6
     * literals, as {@link URI#getHost()} returns them), plus {@code :port} unless it is the
     * scheme's default (ws omits an explicit default port too).
     */
    static String hostHeader(URI normalized) {
        String host = normalized.getHost().toLowerCase(Locale.ROOT);
        int port = normalized.getPort();
        return port < 0 || port == defaultPort(normalized) ? host : host + ":" + port;
    }

    /**
     * The {@code user:password} pair of the user-info, each side percent-decoded as UTF-8 (ws
     * 8.23 decodes them the same way), or {@code null} when both are empty.
     *
     * @throws IllegalArgumentException if the decoded bytes are not valid UTF-8
     */
    static String credentials(URI normalized) {
        String raw = normalized.getRawUserInfo();
        if (raw == null) {
            return null;
        }
        int colon = raw.indexOf(':');
        String user = percentDecode(colon < 0 ? raw : raw.substring(0, colon), normalized);
        String password = colon < 0 ? "" : percentDecode(raw.substring(colon + 1), normalized);
        return user.isEmpty() && password.isEmpty() ? null : user + ":" + password;
    }

    /**
     * Decodes {@code %XX} escapes to bytes and the rest as UTF-8. Unlike
     * {@code URLDecoder}, {@code +} stays a plus sign (it is not form encoding). {@link URI} has
     * already checked that every {@code %} starts a valid escape.
     */
    private static String percentDecode(String s, URI uri) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(uri, "user-info is not valid UTF-8 once percent-decoded");
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static IllegalArgumentException invalid(URI uri, String reason) {
        return new IllegalArgumentException("Invalid URL: " + uri + " (" + reason + ")");
    }
}
