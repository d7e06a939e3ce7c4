package dev.jvmws.handshake;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses one complete HTTP/1.1 message head (start line, header fields, empty line) that
 * {@link HttpHeadParser} has delimited, into an {@link HttpHead} (RFC 7230 §3).
 *
 * <p>Preconditions, established by the caller's byte scan: every CR is followed by LF, no byte is
 * a control character other than HTAB/CR/LF, no header line starts with whitespace, and the range
 * ends with the empty line. Bytes decode as ISO-8859-1 (RFC 7230 §3.2.4: field values are
 * historically ISO-8859-1; obs-text survives unchanged).
 *
 * <p>Stateless; safe to use from any thread.
 */
final class HttpHeadSyntax {

    /** A syntax error; its message is the short reason reported with status 400. */
    static final class MalformedHeadException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedHeadException(String message) {
            super(message, null, false, false);
        }
    }

    /** The parts of a request line or status line; unused parts are null / -1. */
    private record StartLine(String method, String target, String version, int statusCode,
            String reasonPhrase) {
    }

    private HttpHeadSyntax() {
    }

    /** Parses {@code b[from, to)}; {@code to} is just past the LF of the empty line. */
    static HttpHead parse(byte[] b, int from, int to, boolean request) throws MalformedHeadException {
        int lineEnd = lineEnd(b, from, to);
        StartLine startLine = request ? requestLine(b, from, lineEnd) : statusLine(b, from, lineEnd);
        int pos = nextLine(b, lineEnd);
        HttpHeaders.Builder headers = HttpHeaders.builder();
        while (true) {
            lineEnd = lineEnd(b, pos, to);
            if (lineEnd == pos) {
                break;
            }
            headerLine(b, pos, lineEnd, headers);
            pos = nextLine(b, lineEnd);
        }
        HttpHeaders built = headers.build();
        return request
                ? HttpHead.request(startLine.method(), startLine.target(), startLine.version(), built)
                : HttpHead.response(startLine.version(), startLine.statusCode(),
                        startLine.reasonPhrase(), built);
    }

    /** Index of the line terminator (CR of CRLF, or a bare LF) of the line starting at {@code pos}. */
    private static int lineEnd(byte[] b, int pos, int to) {
        int i = pos;
        while (i < to && b[i] != '\n') {
            i++;
        }
        return i > pos && b[i - 1] == '\r' ? i - 1 : i;
    }

    private static int nextLine(byte[] b, int lineEnd) {
        return b[lineEnd] == '\r' ? lineEnd + 2 : lineEnd + 1;
    }

    /** RFC 7230 §3.1.1: {@code method SP request-target SP HTTP-version}, single spaces. */
    private static StartLine requestLine(byte[] b, int from, int to) throws MalformedHeadException {
        int sp1 = indexOf(b, from, to, ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, to, ' ');
        if (sp2 < 0) {
            throw new MalformedHeadException("Invalid request line");
        }
        if (sp1 == from || !isTokenRange(b, from, sp1)) {
            throw new MalformedHeadException("Invalid HTTP method");
        }
        if (sp2 == sp1 + 1) {
            throw new MalformedHeadException("Invalid request line");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            // RFC 7230 §3.1.1 / RFC 3986: no whitespace inside the target. obs-text is tolerated
            // (as Node does) and kept verbatim through ISO-8859-1.
            if (b[i] == '\t') {
                throw new MalformedHeadException("Invalid request target");
            }
        }
        if (!isHttpVersion(b, sp2 + 1, to)) {
            throw new MalformedHeadException("Invalid HTTP version");
        }
        return new StartLine(common(b, from, sp1), common(b, sp1 + 1, sp2), common(b, sp2 + 1, to),
                -1, null);
    }

    /**
     * RFC 7230 §3.1.2: {@code HTTP-version SP 3DIGIT SP reason-phrase}. Leniently (as Node does)
     * the second SP may be left out with an empty reason phrase.
     */
    private static StartLine statusLine(byte[] b, int from, int to) throws MalformedHeadException {
        int versionEnd = from + 8;
        if (to < from + 12 || !isHttpVersion(b, from, versionEnd) || b[versionEnd] != ' '
                || !isDigit(b[versionEnd + 1]) || !isDigit(b[versionEnd + 2])
                || !isDigit(b[versionEnd + 3]) || (to > from + 12 && b[from + 12] != ' ')) {
            throw new MalformedHeadException("Invalid status line");
        }
        int code = (b[versionEnd + 1] - '0') * 100 + (b[versionEnd + 2] - '0') * 10
                + (b[versionEnd + 3] - '0');
        if (code < 100) {
            throw new MalformedHeadException("Invalid status code");
        }
        String reason = to > from + 12 ? common(b, from + 13, to) : "";
        return new StartLine(null, null, common(b, from, versionEnd), code, reason);
    }

    /**
     * RFC 7230 §3.2: {@code field-name ":" OWS field-value OWS}. No whitespace is allowed between
     * the name and the colon (§3.2.4 requires rejecting it, a request-smuggling vector).
     */
    private static void headerLine(byte[] b, int from, int to, HttpHeaders.Builder headers)
            throws MalformedHeadException {
        int colon = indexOf(b, from, to, ':');
        if (colon < 0) {
            throw new MalformedHeadException("Missing colon in header field");
        }
        if (colon == from || !isTokenRange(b, from, colon)) {
            throw new MalformedHeadException("Invalid header field name");
        }
        int valueFrom = colon + 1;
        int valueTo = to;
        while (valueFrom < valueTo && HttpChars.isOws(b[valueFrom])) {
            valueFrom++;
        }
        while (valueTo > valueFrom && HttpChars.isOws(b[valueTo - 1])) {
            valueTo--;
        }
        headers.add(common(b, from, colon), common(b, valueFrom, valueTo));
    }

    /** RFC 7230 §2.6: {@code HTTP-version = "HTTP/" DIGIT "." DIGIT}, case-sensitive. */
    private static boolean isHttpVersion(byte[] b, int from, int to) {
        return to - from == 8 && b[from] == 'H' && b[from + 1] == 'T' && b[from + 2] == 'T'
                && b[from + 3] == 'P' && b[from + 4] == '/' && isDigit(b[from + 5])
                && b[from + 6] == '.' && isDigit(b[from + 7]);
    }

    private static boolean isTokenRange(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!HttpChars.isTchar(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Strings that most WebSocket handshakes carry, spelled as browsers, ws and the common clients
     * and servers send them: the parser hands out these instances instead of a new string per field,
     * so an ordinary handshake's head costs a few strings, not two dozen.
     */
    private static final String[] COMMON = {
        "GET", "/", "HTTP/1.1", "101", "Switching Protocols",
        "Host", "Upgrade", "Connection", "Origin", "User-Agent", "Pragma", "Cache-Control",
        "Accept-Encoding", "Accept-Language", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept",
        "host", "upgrade", "connection", "origin", "user-agent", "sec-websocket-key",
        "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "sec-websocket-accept",
        "websocket", "WebSocket", "keep-alive, Upgrade", "13", "no-cache", "gzip, deflate, br", "gzip, deflate",
        "permessage-deflate; client_max_window_bits", "permessage-deflate",
    };
    /** {@link #COMMON} by length, then as ISO-8859-1 bytes beside the string. */
    private static final String[][] COMMON_BY_LENGTH;
    private static final byte[][][] COMMON_BYTES_BY_LENGTH;

    static {
        int longest = 0;
        for (String each : COMMON) {
            longest = Math.max(longest, each.length());
        }
        COMMON_BY_LENGTH = new String[longest + 1][0];
        COMMON_BYTES_BY_LENGTH = new byte[longest + 1][0][];
        for (String each : COMMON) {
            int n = each.length();
            String[] strings = Arrays.copyOf(COMMON_BY_LENGTH[n], COMMON_BY_LENGTH[n].length + 1);
            byte[][] bytes = Arrays.copyOf(COMMON_BYTES_BY_LENGTH[n], strings.length);
            strings[strings.length - 1] = each;
            bytes[bytes.length - 1] = each.getBytes(StandardCharsets.ISO_8859_1);
            COMMON_BY_LENGTH[n] = strings;
            COMMON_BYTES_BY_LENGTH[n] = bytes;
        }
    }

    /** {@code b[from, to)} as ISO-8859-1: a shared instance when it is one of {@link #COMMON}, else a new string. */
    static String common(byte[] b, int from, int to) {
        int n = to - from;
        if (n < COMMON_BY_LENGTH.length) {
            byte[][] candidates = COMMON_BYTES_BY_LENGTH[n];
            for (int c = 0; c < candidates.length; c++) {
                if (Arrays.equals(b, from, to, candidates[c], 0, n)) {
                    return COMMON_BY_LENGTH[n][c];
                }
            }
        }
        return latin1(b, from, to);
    }
}
