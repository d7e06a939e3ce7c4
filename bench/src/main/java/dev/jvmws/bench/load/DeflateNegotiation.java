package dev.jvmws.bench.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a server's {@code Sec-WebSocket-Extensions} response accepts our {@link
 * UpgradeRequest#DEFLATE_OFFER} on terms the pre-compressed frames meet (RFC 7692 §7.1): exactly one
 * extension, permessage-deflate, with no parameter we did not allow. The server may bind itself
 * ({@code server_no_context_takeover}, {@code server_max_window_bits}: we never inflate its replies)
 * and may echo {@code client_no_context_takeover}; it must not send {@code client_max_window_bits},
 * which we did not offer (§7.1.2.2). The parsing follows RFC 6455 §9.1's grammar loosely: enough to
 * judge a real server's answer, not a validator. Stateless; thread-safe.
 */
final class DeflateNegotiation {
    static final String NAME = "permessage-deflate";
    private static final int MIN_WINDOW_BITS = 8;
    private static final int MAX_WINDOW_BITS = 15;

    private DeflateNegotiation() {
    }

    /**
     * Null if {@code response} (the header's value, several header lines joined with {@code ", "};
     * null when the response has none) accepts permessage-deflate usably, else a one-line reason.
     */
    static String rejection(String response) {
        if (response == null || response.isBlank()) {
            return "server declined permessage-deflate (no Sec-WebSocket-Extensions in its 101 response)";
        }
        List<String> extensions = split(response, ',');
        if (extensions.size() != 1) {
            return "server accepted " + extensions.size() + " extensions, we offered one: " + response.strip();
        }
        List<String> parts = split(extensions.get(0), ';');
        if (!parts.get(0).equalsIgnoreCase(NAME)) {
            return "server accepted an extension we did not offer: " + parts.get(0);
        }
        Set<String> seen = new HashSet<>();
        for (String parameter : parts.subList(1, parts.size())) {
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).strip().toLowerCase(Locale.ROOT);
            String value = equals < 0 ? null : unquote(parameter.substring(equals + 1).strip());
            if (!seen.add(name)) {
                return "permessage-deflate response repeats " + name;
            }
            String problem = parameterProblem(name, value);
            if (problem != null) {
                return "permessage-deflate response: " + problem;
            }
        }
        return null;
    }

    private static String parameterProblem(String name, String value) {
        switch (name) {
            case "server_no_context_takeover":
            case "client_no_context_takeover":
                return value == null ? null : name + " takes no value, got " + value;
            case "server_max_window_bits":
                if (value == null || !value.matches("[0-9]{1,2}")) {
                    return "server_max_window_bits needs 8-15, got " + value;
                }
                int bits = Integer.parseInt(value);
                return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS ? null
                        : "server_max_window_bits needs 8-15, got " + value;
            case "client_max_window_bits":
                return "client_max_window_bits was not offered (RFC 7692 §7.1.2.2)";
            default:
                return "unknown parameter " + name;
        }
    }

    /** Splits on {@code separator} outside quoted strings; trims; drops empty elements (RFC 7230 §7). */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                add(parts, part);
            } else {
                part.append(c);
            }
        }
        add(parts, part);
        return parts;
    }

    private static void add(List<String> parts, StringBuilder part) {
        String element = part.toString().strip();
        if (!element.isEmpty()) {
            parts.add(element);
        }
        part.setLength(0);
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
