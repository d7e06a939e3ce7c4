package dev.jvmws.handshake;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code Set-Cookie} header value for the 101 response (RFC 6265 §4.1), checked as it is built so
 * that a name, value or attribute can never break the header or smuggle another attribute in
 * (WebSocket-Node's {@code request.accept(protocol, origin, cookies)} validates the same way). Add
 * it with the server's {@code responseHeaders} hook:
 *
 * <pre>{@code
 * .responseHeaders((headers, request) -> headers.add("Set-Cookie",
 *         SetCookie.of("session", token).path("/").maxAge(Duration.ofHours(1)).httpOnly().secure().toString()))
 * }</pre>
 *
 * Immutable; each method returns a new value.
 */
public final class SetCookie {
    /** RFC 6265 §4.1.1's {@code SameSite} values (draft-ietf-httpbis-rfc6265bis). */
    public enum SameSite { STRICT, LAX, NONE }

    private final String name;
    private final String value;
    private final String path;
    private final String domain;
    private final Long maxAgeSeconds;
    private final boolean secure;
    private final boolean httpOnly;
    private final SameSite sameSite;

    private SetCookie(String name, String value, String path, String domain, Long maxAgeSeconds, boolean secure,
            boolean httpOnly, SameSite sameSite) {
        this.name = name;
        this.value = value;
        this.path = path;
        this.domain = domain;
        this.maxAgeSeconds = maxAgeSeconds;
        this.secure = secure;
        this.httpOnly = httpOnly;
        this.sameSite = sameSite;
    }

    /**
     * A cookie named {@code name} (an HTTP token) with {@code value} (cookie-octets: printable ASCII
     * but space, {@code "}, {@code ,}, {@code ;} and {@code \}).
     *
     * @throws IllegalArgumentException for a name or value outside those sets
     */
    public static SetCookie of(String name, String value) {
        if (name == null || name.isEmpty() || !name.chars().allMatch(SetCookie::isTokenChar)) {
            throw new IllegalArgumentException("Invalid cookie name (must be an HTTP token): " + name);
        }
        Objects.requireNonNull(value, "value");
        if (!value.chars().allMatch(SetCookie::isCookieOctet)) {
            throw new IllegalArgumentException("Invalid cookie value for " + name
                    + " (printable ASCII but space, '\"', ',', ';' and '\\\\'): " + value);
        }
        return new SetCookie(name, value, null, null, null, false, false, null);
    }

    /** @throws IllegalArgumentException for a path with a control character or {@code ;} */
    public SetCookie path(String path) {
        if (path == null || !path.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != ';')) {
            throw new IllegalArgumentException("Invalid cookie path: " + path);
        }
        return new SetCookie(name, value, path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
    }

    /** @throws IllegalArgumentException for anything but letters, digits, {@code -} and {@code .} */
    public SetCookie domain(String domain) {
        if (domain == null || domain.isEmpty()
                || !domain.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.')) {
            throw new IllegalArgumentException("Invalid cookie domain: " + domain);
        }
        return new SetCookie(name, value, path, domain, maxAgeSeconds, secure, httpOnly, sameSite);
    }

    /** {@code Max-Age} in whole seconds; zero or negative expires the cookie at once. */
    public SetCookie maxAge(Duration maxAge) {
        return new SetCookie(name, value, path, domain, maxAge.getSeconds(), secure, httpOnly, sameSite);
    }

    public SetCookie secure() {
        return new SetCookie(name, value, path, domain, maxAgeSeconds, true, httpOnly, sameSite);
    }

    public SetCookie httpOnly() {
        return new SetCookie(name, value, path, domain, maxAgeSeconds, secure, true, sameSite);
    }

    /** {@code SameSite}; {@link SameSite#NONE} requires {@link #secure()}, as browsers do. */
    public SetCookie sameSite(SameSite policy) {
        return new SetCookie(name, value, path, domain, maxAgeSeconds, secure, httpOnly, Objects.requireNonNull(policy));
    }

    /**
     * The header value: {@code name=value; Path=…; Domain=…; Max-Age=…; Secure; HttpOnly; SameSite=…}.
     *
     * @throws IllegalStateException for {@code SameSite=None} without {@code Secure}
     */
    @Override
    public String toString() {
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalStateException("SameSite=None needs Secure: browsers drop the cookie otherwise");
        }
        StringBuilder header = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            header.append("; Path=").append(path);
        }
        if (domain != null) {
            header.append("; Domain=").append(domain);
        }
        if (maxAgeSeconds != null) {
            header.append("; Max-Age=").append(Math.max(0, maxAgeSeconds));
        }
        if (secure) {
            header.append("; Secure");
        }
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (sameSite != null) {
            String lower = sameSite.name().toLowerCase(Locale.ROOT);
            header.append("; SameSite=").append(Character.toUpperCase(lower.charAt(0))).append(lower.substring(1));
        }
        return header.toString();
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7F && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static boolean isCookieOctet(int c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x2B) || (c >= 0x2D && c <= 0x3A) || (c >= 0x3C && c <= 0x5B)
                || (c >= 0x5D && c <= 0x7E);
    }
}
