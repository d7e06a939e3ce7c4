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
 * <p>It also reads ws's {@code ws+unix} URLs, which name a Unix domain socket instead of a host:
 * {@code ws+unix:///path/to.sock} or {@code ws+unix:///path/to.sock:/request/path?query}. As ws 8
 * does ({@code initAsClient}), the path and query are split at their first {@code :}: the socket
 * path before it, taken as written (escapes are not decoded), and the request target after it
 * ({@code /} when there is none). A host in such a URL only goes into the {@code Host} header.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class WebSocketUri {

    /** ws's scheme for a server on a Unix domain socket. */
    static final String UNIX_SCHEME = "ws+unix";

    private WebSocketUri() {
    }

    /**
     * Checks {@code uri} and rewrites {@code http}/{@code https} to {@code ws}/{@code wss} (as ws
     * does), keeping every other component in its raw form. A {@code ws+unix} URI keeps its scheme
     * (lower-cased) and needs a socket path rather than a host; it may be opaque
     * ({@code ws+unix:relative.sock}), as ws takes it.
     *
     * @throws IllegalArgumentException {@code Invalid URL: <uri> (<reason>)}
     */
    static URI normalize(URI uri) {
        if (!uri.isAbsolute()) {
            throw invalid(uri, "must be absolute");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (UNIX_SCHEME.equals(scheme)) {
            return normalizeUnix(uri);
        }
        if (uri.isOpaque()) {
            throw invalid(uri, "must be absolute");
        }
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
                throw invalid(uri, "the scheme must be ws, wss, http, https or ws+unix");
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

    private static URI normalizeUnix(URI uri) {
        if (uri.getRawFragment() != null) {
            throw invalid(uri, "fragment identifiers are not allowed");
        }
        URI normalized = URI.create(UNIX_SCHEME + ":" + uri.getRawSchemeSpecificPart());
        String pathname = normalized.isOpaque()
                ? normalized.getRawSchemeSpecificPart().split("\\?", 2)[0]
                : normalized.getRawPath();
        // ws refuses an empty pathname; an empty socket path before the ':' would have Node connect
        // to localhost:80 over TCP instead, so it is refused as well.
        if (pathname.isEmpty() || unixSocketPath(normalized).isEmpty()) {
            throw invalid(uri, "no socket path");
        }
        return normalized;
    }

    static boolean isUnix(URI normalized) {
        return UNIX_SCHEME.equals(normalized.getScheme());
    }

    /** The socket path of a normalised {@code ws+unix} URI: its path and query up to the first {@code :}. */
    static String unixSocketPath(URI normalized) {
        String pathAndQuery = unixPathAndQuery(normalized);
        int colon = pathAndQuery.indexOf(':');
        return colon < 0 ? pathAndQuery : pathAndQuery.substring(0, colon);
    }

    /** ws's {@code pathname + search}: the raw path (the scheme-specific part when opaque) and a non-empty query. */
    private static String unixPathAndQuery(URI uri) {
        if (uri.isOpaque()) {
            return uri.getRawSchemeSpecificPart();
        }
        String path = uri.getRawPath();
        String query = uri.getRawQuery();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** RFC 6455 §3: 80 for ws, 443 for wss. */
    static int defaultPort(URI normalized) {
        return "wss".equals(normalized.getScheme()) ? 443 : 80;
    }

    /**
     * The request target: the path ({@code /} when empty) plus the query when non-empty, in
     * ASCII (non-ASCII characters percent-encoded as UTF-8, as a WHATWG URL would send them). For
     * {@code ws+unix}, what follows the socket path's {@code :}, or {@code /}.
     */
    static String requestTarget(URI normalized) {
        URI ascii = URI.create(normalized.toASCIIString());
        if (isUnix(ascii)) {
            String pathAndQuery = unixPathAndQuery(ascii);
            int colon = pathAndQuery.indexOf(':');
            return colon < 0 || colon == pathAndQuery.length() - 1 ? "/" : pathAndQuery.substring(colon + 1);
        }
        String path = ascii.getRawPath();
        String query = ascii.getRawQuery();
        String target = path == null || path.isEmpty() ? "/" : path;
        return query == null || query.isEmpty() ? target : target + "?" + query;
    }

    /**
     * The {@code Host} value (RFC 7230 §5.4): the host in lower case ({@code [..]} for IPv6
     * literals, as {@link URI#getHost()} returns them), plus {@code :port} unless it is the
     * scheme's default (ws omits an explicit default port too). A {@code ws+unix} URI without a host
     * gets {@code localhost}: ws leaves the host empty and Node's {@code http.request} then sends its
     * default (checked against ws 8.23.0 on Node 20).
     */
    static String hostHeader(URI normalized) {
        if (normalized.getHost() == null) {
            return "localhost"; // only ws+unix URIs come here without a host: normalize() refuses the others
        }
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
