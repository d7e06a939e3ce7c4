package dev.jvmws.handshake;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code Sec-WebSocket-Protocol} header grammar: a comma-separated list of RFC 7230 tokens
 * (RFC 6455 §4.1 item 10, §11.3.4).
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Subprotocols {

    private Subprotocols() {
    }

    /**
     * Parses a (possibly joined) {@code Sec-WebSocket-Protocol} value into the offered
     * subprotocols, in order.
     *
     * <p>Strict, like ws: each element must be a token, with optional whitespace only around the
     * commas (or at the ends); an empty element, any other character, whitespace inside an
     * element, or a repeated subprotocol (RFC 6455 §4.1: the values must be unique) is an error.
     *
     * @return an unmodifiable set in offer order
     * @throws IllegalArgumentException if the value does not follow that grammar
     */
    public static Set<String> parse(String headerValue) {
        if (headerValue == null) {
            throw new IllegalArgumentException("Missing Sec-WebSocket-Protocol value");
        }
        Set<String> protocols = new LinkedHashSet<>();
        int n = headerValue.length();
        int i = 0;
        while (true) {
            while (i < n && HttpChars.isOws(headerValue.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && HttpChars.isTchar(headerValue.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException(i < n
                        ? "Unexpected character at index " + i
                        : "Unexpected end of input");
            }
            String protocol = headerValue.substring(start, i);
            if (!protocols.add(protocol)) {
                throw new IllegalArgumentException("The \"" + protocol + "\" subprotocol is duplicated");
            }
            while (i < n && HttpChars.isOws(headerValue.charAt(i))) {
                i++;
            }
            if (i == n) {
                return Collections.unmodifiableSet(protocols);
            }
            if (headerValue.charAt(i) != ',') {
                throw new IllegalArgumentException("Unexpected character at index " + i);
            }
            i++;
        }
    }

    /** Whether {@code s} is an RFC 7230 token, the only legal form of a subprotocol name. */
    public static boolean isToken(String s) {
        return HttpChars.isToken(s);
    }

    /**
     * Formats subprotocols as a header value: comma-separated without spaces ({@code a,b}), as ws
     * sends them.
     *
     * @throws IllegalArgumentException if an element is not a token
     */
    public static String format(List<String> protocols) {
        for (String p : protocols) {
            if (!isToken(p)) {
                throw new IllegalArgumentException("Invalid subprotocol: " + p);
            }
        }
        return String.join(",", protocols);
    }
}
