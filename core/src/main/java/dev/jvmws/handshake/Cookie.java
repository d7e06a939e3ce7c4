package dev.jvmws.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One cookie a client sent in its {@code Cookie} header (RFC 6265 §4.2). See
 * {@link HandshakeRequest#cookies()}; to set cookies on the 101, {@link SetCookie}.
 */
public record Cookie(String name, String value) {
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The cookies of one or more {@code Cookie} header values, in order, as a user agent sends them
     * ({@code a=1; b="two"}): parsed leniently as RFC 6265 §5.4's consumers do — pairs without a name
     * or without {@code =} are skipped, a value's surrounding double quotes are removed, whitespace
     * around names and values is trimmed; nothing else is decoded.
     */
    public static List<Cookie> parse(List<String> headerValues) {
        List<Cookie> cookies = new ArrayList<>();
        for (String header : headerValues) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    continue;
                }
                String name = pair.substring(0, equals).trim();
                String value = pair.substring(equals + 1).trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                cookies.add(new Cookie(name, value));
            }
        }
        return List.copyOf(cookies);
    }
}
