package dev.jvmws.handshake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of the opening handshake (RFC 6455 §4.2): checks a client's request and writes
 * the {@code 101 Switching Protocols} response.
 *
 * <p>The rejection statuses and bodies follow ws, so clients see the same answers from us as from
 * a Node server. Application-level choices (path, subprotocol selection, extension negotiation,
 * {@code verifyClient}) are made by the caller between {@link #validate} and
 * {@link #acceptResponse}.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ServerHandshake {

    /** The versions we speak (RFC 6455 §4.4): 13, and draft 8 as ws does. */
    static final String SUPPORTED_VERSIONS = "13, 8";

    private ServerHandshake() {
    }

    /**
     * Checks that {@code req} is a well-formed WebSocket opening handshake.
     *
     * <p>The checks run in this order and the first failure wins:
     * <ol>
     *   <li>method not {@code GET}: 405 {@code Invalid HTTP method} (RFC 6455 §4.1 item 2);</li>
     *   <li>HTTP version below 1.1: 400 {@code Invalid HTTP version} (same item);</li>
     *   <li>no {@code Upgrade} header: 426 {@code Upgrade Required} with {@code Upgrade: websocket}
     *       (a plain HTTP request; RFC 7231 §6.5.15 requires the Upgrade header on a 426);</li>
     *   <li>{@code Upgrade} without the {@code websocket} token: 400 {@code Invalid Upgrade header};</li>
     *   <li>{@code Connection} without the {@code upgrade} token: 400
     *       {@code Invalid Connection header};</li>
     *   <li>no {@code Host}: 400 {@code Missing Host header}; several: 400
     *       {@code Invalid Host header} (RFC 7230 §5.4 requires a 400 for both);</li>
     *   <li>key missing or not 16 base64 bytes: 400
     *       {@code Missing or invalid Sec-WebSocket-Key header};</li>
     *   <li>version missing or not a number: 400 {@code Missing or invalid Sec-WebSocket-Version
     *       header}; a number other than 13 or 8: 426 {@code Unsupported WebSocket version}; both
     *       with {@code Sec-WebSocket-Version: 13, 8} (RFC 6455 §4.4);</li>
     *   <li>a malformed {@code Sec-WebSocket-Protocol}: 400
     *       {@code Invalid Sec-WebSocket-Protocol header}.</li>
     * </ol>
     *
     * @return {@code null} if the request is acceptable, else the response to send before closing
     */
    public static HandshakeRejection validate(HandshakeRequest req) {
        HttpHeaders h = req.headers();
        if (!"GET".equals(req.method())) {
            return HandshakeRejection.of(405, "Invalid HTTP method");
        }
        if (!isHttp11OrLater(req.httpVersion())) {
            return HandshakeRejection.of(400, "Invalid HTTP version");
        }
        if (!h.contains("Upgrade")) {
            return HandshakeRejection.of(426, "Upgrade Required",
                    HttpHeaders.builder().add("Upgrade", "websocket").build());
        }
        if (!h.containsToken("Upgrade", "websocket")) {
            return HandshakeRejection.of(400, "Invalid Upgrade header");
        }
        if (!h.containsToken("Connection", "upgrade")) {
            return HandshakeRejection.of(400, "Invalid Connection header");
        }
        int hosts = h.count("Host");
        if (hosts == 0) {
            return HandshakeRejection.of(400, "Missing Host header");
        }
        if (hosts > 1) {
            return HandshakeRejection.of(400, "Invalid Host header");
        }
        if (!AcceptKey.isValidKey(req.key())) {
            return HandshakeRejection.of(400, "Missing or invalid Sec-WebSocket-Key header");
        }
        int version = req.version();
        if (version < 0) {
            return HandshakeRejection.of(400, "Missing or invalid Sec-WebSocket-Version header",
                    supportedVersionsHeader());
        }
        if (version != 13 && version != 8) {
            return HandshakeRejection.of(426, "Unsupported WebSocket version", supportedVersionsHeader());
        }
        String protocols = joinedProtocolHeader(h);
        if (protocols != null) {
            try {
                Subprotocols.parse(protocols);
            } catch (IllegalArgumentException e) {
                return HandshakeRejection.of(400, "Invalid Sec-WebSocket-Protocol header");
            }
        }
        return null;
    }

    private static HttpHeaders supportedVersionsHeader() {
        return HttpHeaders.builder().add("Sec-WebSocket-Version", SUPPORTED_VERSIONS).build();
    }

    /**
     * The complete {@code 101} response for an accepted request.
     *
     * @param subprotocol the selected subprotocol, or {@code null} for none
     * @param extensions the negotiated {@code Sec-WebSocket-Extensions} value, or {@code null}
     * @param extraHeaderLines further {@code Name: value} lines (without CRLF), or {@code null}
     * @throws IllegalArgumentException if the request has no valid key, or a value or line is not
     *     writable (CR, LF, other control characters)
     */
    public static byte[] acceptResponse(HandshakeRequest req, String subprotocol, String extensions,
            List<String> extraHeaderLines) {
        if (extraHeaderLines == null || extraHeaderLines.isEmpty()) {
            return acceptResponse(req, subprotocol, extensions);
        }
        List<String> lines = defaultResponseHeaderLines(req, subprotocol, extensions);
        lines.addAll(extraHeaderLines);
        return toBytes(lines);
    }

    /**
     * The same bytes as {@code toBytes(defaultResponseHeaderLines(req, subprotocol, extensions))},
     * written straight into one exactly sized array: a server that does not edit its response
     * lines makes no strings, list or builder per handshake.
     */
    private static byte[] acceptResponse(HandshakeRequest req, String subprotocol, String extensions) {
        String key = req.key();
        if (!AcceptKey.isValidKey(key)) {
            throw new IllegalArgumentException("Missing or invalid Sec-WebSocket-Key in request");
        }
        if (subprotocol != null && !Subprotocols.isToken(subprotocol)) {
            throw new IllegalArgumentException("Invalid subprotocol: " + subprotocol);
        }
        if (extensions != null && !HttpChars.isFieldValue(extensions)) {
            throw new IllegalArgumentException("Invalid Sec-WebSocket-Extensions value");
        }
        int length = RESPONSE_START.length + AcceptKey.ACCEPT_BYTES + 2
                + (subprotocol == null ? 0 : PROTOCOL_LINE.length + subprotocol.length() + 2)
                + (extensions == null ? 0 : EXTENSIONS_LINE.length + extensions.length() + 2) + 2;
        byte[] response = new byte[length];
        System.arraycopy(RESPONSE_START, 0, response, 0, RESPONSE_START.length);
        int at = RESPONSE_START.length;
        AcceptKey.computeInto(key, response, at);
        at = endLine(response, at + AcceptKey.ACCEPT_BYTES);
        if (subprotocol != null) {
            at = endLine(response, putLatin1(subprotocol, response, put(PROTOCOL_LINE, response, at)));
        }
        if (extensions != null) {
            at = endLine(response, putLatin1(extensions, response, put(EXTENSIONS_LINE, response, at)));
        }
        endLine(response, at);
        return response;
    }

    private static final byte[] RESPONSE_START = ("HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ")
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] PROTOCOL_LINE = "Sec-WebSocket-Protocol: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EXTENSIONS_LINE = "Sec-WebSocket-Extensions: ".getBytes(StandardCharsets.ISO_8859_1);

    private static int put(byte[] bytes, byte[] destination, int at) {
        System.arraycopy(bytes, 0, destination, at, bytes.length);
        return at + bytes.length;
    }

    /** Writes {@code text} (checked to be a field value, so every char is ISO-8859-1) at {@code at}. */
    private static int putLatin1(String text, byte[] destination, int at) {
        for (int i = 0; i < text.length(); i++) {
            destination[at + i] = (byte) text.charAt(i);
        }
        return at + text.length();
    }

    private static int endLine(byte[] destination, int at) {
        destination[at] = '\r';
        destination[at + 1] = '\n';
        return at + 2;
    }

    /**
     * The lines of the {@code 101} response (status line first, RFC 6455 §4.2.2 item 5) as a
     * mutable list, so a {@code headers} hook can append lines before {@link #toBytes} writes them.
     *
     * @throws IllegalArgumentException if the request has no valid key, the subprotocol is not a
     *     token or the extensions value is not a valid field value
     */
    public static List<String> defaultResponseHeaderLines(HandshakeRequest req, String subprotocol,
            String extensions) {
        String key = req.key();
        if (!AcceptKey.isValidKey(key)) {
            throw new IllegalArgumentException("Missing or invalid Sec-WebSocket-Key in request");
        }
        List<String> lines = new ArrayList<>(8);
        lines.add("HTTP/1.1 101 Switching Protocols");
        lines.add("Upgrade: websocket");
        lines.add("Connection: Upgrade");
        lines.add("Sec-WebSocket-Accept: " + AcceptKey.compute(key));
        if (subprotocol != null) {
            // RFC 6455 §4.2.2 item 5.4: the selected subprotocol is one token from the offer.
            if (!Subprotocols.isToken(subprotocol)) {
                throw new IllegalArgumentException("Invalid subprotocol: " + subprotocol);
            }
            lines.add("Sec-WebSocket-Protocol: " + subprotocol);
        }
        if (extensions != null) {
            if (!HttpChars.isFieldValue(extensions)) {
                throw new IllegalArgumentException("Invalid Sec-WebSocket-Extensions value");
            }
            lines.add("Sec-WebSocket-Extensions: " + extensions);
        }
        return lines;
    }

    /**
     * Joins head lines with CRLF and adds the empty line that ends the head (ISO-8859-1).
     *
     * @throws IllegalArgumentException if a line is empty or holds CR, LF or another character
     *     that cannot appear in a head (it would end the head early or inject headers)
     */
    public static byte[] toBytes(List<String> lines) {
        StringBuilder sb = new StringBuilder(256);
        for (String line : lines) {
            if (line.isEmpty() || !HttpChars.isFieldValue(line)) {
                throw new IllegalArgumentException("Invalid header line: " + printable(line));
            }
            sb.append(line).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The offered subprotocols as one value: ws joins repeated lines with {@code ","} (Node's
     * HTTP layer), and {@link Subprotocols#parse} accepts whitespace around commas either way.
     */
    static String joinedProtocolHeader(HttpHeaders headers) {
        List<String> lines = headers.all("Sec-WebSocket-Protocol");
        return lines.isEmpty() ? null : String.join(",", lines);
    }

    /** RFC 6455 §4.1 item 2: "the HTTP version MUST be at least 1.1". */
    private static boolean isHttp11OrLater(String version) {
        if (version == null || version.length() != 8 || !version.startsWith("HTTP/")
                || version.charAt(6) != '.') {
            return false;
        }
        int major = version.charAt(5) - '0';
        int minor = version.charAt(7) - '0';
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            return false;
        }
        return major > 1 || (major == 1 && minor >= 1);
    }

    private static String printable(String line) {
        return line.replace("\r", "\\r").replace("\n", "\\n");
    }
}
