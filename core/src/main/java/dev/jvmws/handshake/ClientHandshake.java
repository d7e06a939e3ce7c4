package dev.jvmws.handshake;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The client side of the opening handshake (RFC 6455 §4.1): writes the upgrade request and checks
 * the server's response, with ws's header layout and error messages.
 *
 * <p>Every argument is checked in the constructor, so a handshake that was constructed can always
 * be written. Redirects are handled by the caller by building a new instance for the new URI.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientHandshake {

    private final URI uri;
    private final String key;
    private final int version;
    private final String origin;
    private final List<String> subprotocols;
    private final HttpHeaders extraHeaders;
    private final String extensionsOffer;
    private final String expectedAccept;
    private final byte[] request;

    /**
     * @param uri a {@code ws}, {@code wss}, {@code http}, {@code https} or {@code ws+unix} URI
     *     without fragment (see {@link #unixSocketPath} for the last)
     * @param key the {@code Sec-WebSocket-Key}, e.g. {@link AcceptKey#newKey}
     * @param version 13, or 8 for draft-ietf-hybi-10 peers
     * @param origin the {@code Origin} to send, or {@code null}
     * @param subprotocols subprotocols to request in order of preference ({@code null} = none)
     * @param extraHeaders user headers ({@code null} = none); see {@link #request()} for precedence
     * @param extensionsOffer the {@code Sec-WebSocket-Extensions} offer, or {@code null}
     * @throws IllegalArgumentException for an invalid URI ({@code Invalid URL: ...}), key, version,
     *     subprotocol ({@code An invalid or duplicated subprotocol was specified}) or header
     */
    public ClientHandshake(URI uri, String key, int version, String origin,
            List<String> subprotocols, HttpHeaders extraHeaders, String extensionsOffer) {
        this.uri = WebSocketUri.normalize(Objects.requireNonNull(uri, "uri"));
        if (!AcceptKey.isValidKey(key)) {
            throw new IllegalArgumentException("Invalid Sec-WebSocket-Key: " + key);
        }
        if (version != 13 && version != 8) {
            throw new IllegalArgumentException(
                    "Unsupported protocol version: " + version + " (supported versions: 8, 13)");
        }
        this.key = key;
        this.version = version;
        this.origin = checkValue("Origin", origin);
        this.subprotocols = subprotocols == null ? List.of() : List.copyOf(subprotocols);
        Set<String> unique = new LinkedHashSet<>();
        for (String p : this.subprotocols) {
            // RFC 6455 §4.1 item 10: unique tokens.
            if (!Subprotocols.isToken(p) || !unique.add(p)) {
                throw new IllegalArgumentException("An invalid or duplicated subprotocol was specified");
            }
        }
        this.extraHeaders = extraHeaders == null ? HttpHeaders.empty() : extraHeaders;
        this.extraHeaders.forEach((name, value) -> {
            if (!HttpChars.isToken(name)) {
                throw new IllegalArgumentException("Invalid header name: " + name);
            }
            checkValue(name, value);
        });
        this.extensionsOffer = checkValue("Sec-WebSocket-Extensions", extensionsOffer);
        this.expectedAccept = AcceptKey.compute(key);
        this.request = buildRequest();
    }

    /** The target URI, normalised to {@code ws}/{@code wss} (or {@code ws+unix}). */
    public URI uri() {
        return uri;
    }

    /**
     * Where a connection to {@code uri} goes when it names a Unix domain socket: ws's
     * {@code ws+unix:///path/to.sock[:/request/path]}. The path and query are split at their first
     * {@code :}; the socket path is what precedes it, as written (escapes are not decoded), and the
     * request target what follows ({@code /} when nothing does). The {@code Host} header is the URL's
     * host if it has one, else {@code localhost}, as ws sends them.
     *
     * @return the socket path, or empty when {@code uri} is not a {@code ws+unix} URI
     * @throws IllegalArgumentException for an invalid URI, as the constructor
     */
    public static Optional<String> unixSocketPath(URI uri) {
        URI normalized = WebSocketUri.normalize(Objects.requireNonNull(uri, "uri"));
        return WebSocketUri.isUnix(normalized)
                ? Optional.of(WebSocketUri.unixSocketPath(normalized))
                : Optional.empty();
    }

    /** The {@code Sec-WebSocket-Key} sent. */
    public String key() {
        return key;
    }

    /** The {@code Sec-WebSocket-Version} sent (13 or 8). */
    public int version() {
        return version;
    }

    /** The requested subprotocols, in order (unmodifiable). */
    public List<String> subprotocols() {
        return subprotocols;
    }

    /** The {@code Sec-WebSocket-Extensions} offer, or {@code null}. */
    public String extensionsOffer() {
        return extensionsOffer;
    }

    /**
     * The request head bytes (a fresh copy). Layout:
     * <ol>
     *   <li>{@code GET <path?query> HTTP/1.1} ({@code /} when the path is empty);</li>
     *   <li>the user's headers, in order, except those the library writes below; the library owns
     *       {@code Upgrade}, {@code Connection} and {@code Sec-WebSocket-*} (a user
     *       {@code Sec-WebSocket-Origin} or {@code Origin} is only replaced when an origin is
     *       given), because {@link #validate} relies on knowing what was offered;</li>
     *   <li>{@code Host} (a user-given Host wins), {@code Upgrade}, {@code Connection},
     *       {@code Sec-WebSocket-Key}, {@code Sec-WebSocket-Version}, the origin
     *       ({@code Origin} for version 13, {@code Sec-WebSocket-Origin} for 8), the subprotocols
     *       ({@code a,b}) and the extension offer when given;</li>
     *   <li>{@code Authorization: Basic ...} from the URI's user-info, unless the user gave an
     *       {@code Authorization} header (that one is then among the user's headers).</li>
     * </ol>
     */
    public byte[] request() {
        return request.clone();
    }

    private byte[] buildRequest() {
        String originHeader = version == 8 ? "Sec-WebSocket-Origin" : "Origin";
        StringBuilder sb = new StringBuilder(256);
        sb.append("GET ").append(WebSocketUri.requestTarget(uri)).append(" HTTP/1.1\r\n");
        extraHeaders.forEach((name, value) -> {
            boolean libraryOwned = isOneOf(name, "Host", "Upgrade", "Connection")
                    || (origin != null && HttpChars.equalsIgnoreCaseAscii(name, originHeader))
                    || (startsWithIgnoreCaseAscii(name, "Sec-WebSocket-")
                            && !HttpChars.equalsIgnoreCaseAscii(name, "Sec-WebSocket-Origin"));
            if (!libraryOwned) {
                line(sb, name, value);
            }
        });
        line(sb, "Host", extraHeaders.first("Host").orElseGet(() -> WebSocketUri.hostHeader(uri)));
        line(sb, "Upgrade", "websocket");
        line(sb, "Connection", "Upgrade");
        line(sb, "Sec-WebSocket-Key", key);
        line(sb, "Sec-WebSocket-Version", Integer.toString(version));
        if (origin != null) {
            line(sb, originHeader, origin);
        }
        if (!subprotocols.isEmpty()) {
            line(sb, "Sec-WebSocket-Protocol", Subprotocols.format(subprotocols));
        }
        if (extensionsOffer != null) {
            line(sb, "Sec-WebSocket-Extensions", extensionsOffer);
        }
        String credentials = WebSocketUri.credentials(uri);
        if (credentials != null && !extraHeaders.contains("Authorization")) {
            // RFC 7617 §2: Basic credentials are base64(user-id ":" password); UTF-8 as ws sends.
            line(sb, "Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Checks the server's response (RFC 6455 §4.1, the client's checks) in ws's order.
     *
     * @return the subprotocol the server selected, {@code ""} if none
     * @throws HandshakeException with ws's message: {@code Unexpected server response: <code>}
     *     (carrying the status and headers), {@code Invalid Upgrade header},
     *     {@code Invalid Connection header}, {@code Invalid Sec-WebSocket-Accept header},
     *     {@code Server sent a subprotocol but none was requested},
     *     {@code Server sent an invalid subprotocol}, {@code Server sent no subprotocol}, or
     *     {@code Server sent a Sec-WebSocket-Extensions header but no extension was requested}.
     *     When an extension offer was made, the extension answer is left to the caller
     *     ({@link #responseExtensions}).
     * @throws IllegalArgumentException if {@code response} is a request head
     */
    public String validate(HttpHead response) throws HandshakeException {
        if (response.isRequest()) {
            throw new IllegalArgumentException("Not a response head: " + response);
        }
        HttpHeaders h = response.headers();
        if (response.statusCode() != 101) {
            throw new HandshakeException("Unexpected server response: " + response.statusCode(),
                    response.statusCode(), h, null);
        }
        // RFC 6455 §4.1 item 2 of the response checks: the value must be "websocket"
        // (case-insensitive); like ws we compare the whole value rather than a token list.
        String upgrade = h.joined("Upgrade");
        if (upgrade == null || !HttpChars.equalsIgnoreCaseAscii(upgrade, "websocket")) {
            throw new HandshakeException("Invalid Upgrade header");
        }
        if (!h.containsToken("Connection", "upgrade")) {
            throw new HandshakeException("Invalid Connection header");
        }
        if (!expectedAccept.equals(h.joined("Sec-WebSocket-Accept"))) {
            throw new HandshakeException("Invalid Sec-WebSocket-Accept header");
        }
        String selected = h.joined("Sec-WebSocket-Protocol");
        if (selected != null) {
            if (subprotocols.isEmpty()) {
                throw new HandshakeException("Server sent a subprotocol but none was requested");
            }
            if (!subprotocols.contains(selected)) {
                throw new HandshakeException("Server sent an invalid subprotocol");
            }
        } else if (!subprotocols.isEmpty()) {
            throw new HandshakeException("Server sent no subprotocol");
        }
        // RFC 6455 §4.1 item 5 of the response checks: an extension the client did not offer
        // fails the connection.
        if (extensionsOffer == null && h.contains("Sec-WebSocket-Extensions")) {
            throw new HandshakeException(
                    "Server sent a Sec-WebSocket-Extensions header but no extension was requested");
        }
        return selected == null ? "" : selected;
    }

    /** The server's {@code Sec-WebSocket-Extensions} lines joined with {@code ", "}, or {@code null}. */
    public String responseExtensions(HttpHead response) {
        return response.headers().joined("Sec-WebSocket-Extensions");
    }

    @Override
    public String toString() {
        // Without the user-info: it may hold a password.
        String where = WebSocketUri.isUnix(uri)
                ? WebSocketUri.UNIX_SCHEME + ":" + WebSocketUri.unixSocketPath(uri) + ":"
                : uri.getScheme() + "://" + WebSocketUri.hostHeader(uri);
        return "ClientHandshake{" + where + WebSocketUri.requestTarget(uri) + ", version=" + version + ", subprotocols="
                + subprotocols + '}';
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static String checkValue(String name, String value) {
        if (value != null && !HttpChars.isFieldValue(value)) {
            throw new IllegalArgumentException("Invalid value for header " + name);
        }
        return value;
    }

    private static boolean isOneOf(String name, String... candidates) {
        for (String c : candidates) {
            if (HttpChars.equalsIgnoreCaseAscii(name, c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithIgnoreCaseAscii(String s, String prefix) {
        return s.length() >= prefix.length()
                && HttpChars.regionEqualsIgnoreCaseAscii(s, 0, prefix.length(), prefix);
    }
}
