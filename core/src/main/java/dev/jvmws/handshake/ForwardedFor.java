package dev.jvmws.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chain of addresses proxies put in front of a request: RFC 7239's {@code Forwarded} ({@code for=}
 * parameters) when present, else the de facto {@code X-Forwarded-For}. Client first, each proxy's
 * peer after it, as the headers list them. Only what the headers say: anyone can send them, so what
 * it is worth depends on which proxies are trusted (see {@link TrustedProxies}).
 */
public final class ForwardedFor {
    private ForwardedFor() {
    }

    /**
     * The addresses, in header order, without ports or IPv6 brackets and quotes
     * ({@code "[2001:db8::1]:4711"} → {@code 2001:db8::1}); {@code unknown} and obfuscated
     * identifiers ({@code _hidden}) are kept as they are. Empty when neither header is present.
     */
    public static List<String> of(HttpHeaders headers) {
        List<String> chain = new ArrayList<>();
        List<String> forwarded = headers.all("Forwarded");
        if (!forwarded.isEmpty()) {
            for (String value : forwarded) {
                for (String element : value.split(",")) {
                    for (String pair : element.split(";")) {
                        int equals = pair.indexOf('=');
                        if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
                            chain.add(node(pair.substring(equals + 1).trim()));
                        }
                    }
                }
            }
            return List.copyOf(chain);
        }
        for (String value : headers.all("X-Forwarded-For")) {
            for (String address : value.split(",")) {
                String trimmed = address.trim();
                if (!trimmed.isEmpty()) {
                    chain.add(node(trimmed));
                }
            }
        }
        return List.copyOf(chain);
    }

    /** A node without its quotes, IPv6 brackets and port. */
    static String node(String raw) {
        String node = raw;
        if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
            node = node.substring(1, node.length() - 1);
        }
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close > 0 ? node.substring(1, close) : node;
        }
        int colon = node.indexOf(':');
        if (colon > 0 && node.indexOf(':', colon + 1) < 0) {
            return node.substring(0, colon); // IPv4 or a name with a port; a bare IPv6 has several colons
        }
        return node;
    }
}
