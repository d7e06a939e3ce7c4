package dev.jvmws.extension;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The permessage-deflate negotiation (RFC 7692 §7.1): the client's offer, the server's choice among
 * the client's offers, and the client's check of the server's response. Pure functions of header
 * values and {@link PerMessageDeflateOptions}; the result is a {@link DeflateParameters}.
 *
 * <p>Parameter names are compared exactly (case-sensitively), as ws does. A window-bits value is
 * {@code 1*DIGIT} in the range 8–15 (RFC 7692 §7.1.2), so leading zeros are accepted ({@code 08} is
 * 8) while signs, spaces and other numerals are not; a quoted value ({@code "10"}) is the same as the
 * bare token (RFC 6455 §9.1).
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class PerMessageDeflate {

    /** The extension token (RFC 7692 §7). */
    public static final String NAME = "permessage-deflate";

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /** The window an endpoint uses when nothing limits it: 32 KiB, zlib's maximum. */
    private static final int DEFAULT_WINDOW_BITS = 15;
    /** Marks an absent window-bits parameter (or one given without a value). */
    private static final int NONE = 0;

    private PerMessageDeflate() {
    }

    /**
     * The client's offer, as a {@code Sec-WebSocket-Extensions} value, with ws's parameter order:
     * {@code server_no_context_takeover}, {@code client_no_context_takeover},
     * {@code server_max_window_bits=N}, then {@code client_max_window_bits=N} or, when no client
     * window is configured but {@link PerMessageDeflateOptions#offerClientMaxWindowBits()} holds,
     * a bare {@code client_max_window_bits}. The defaults give
     * {@code permessage-deflate; client_max_window_bits}.
     */
    public static String offer(PerMessageDeflateOptions options) {
        StringBuilder out = new StringBuilder(NAME);
        if (options.serverNoContextTakeover()) {
            out.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (options.clientNoContextTakeover()) {
            out.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (options.serverMaxWindowBits().isPresent()) {
            out.append("; ").append(SERVER_MAX_WINDOW_BITS).append('=')
                    .append(options.serverMaxWindowBits().getAsInt());
        }
        if (options.clientMaxWindowBits().isPresent()) {
            out.append("; ").append(CLIENT_MAX_WINDOW_BITS).append('=')
                    .append(options.clientMaxWindowBits().getAsInt());
        } else if (options.offerClientMaxWindowBits()) {
            out.append("; ").append(CLIENT_MAX_WINDOW_BITS);
        }
        return out.toString();
    }

    /**
     * A server's acceptance of an offer: the agreement, and the {@code Sec-WebSocket-Extensions}
     * value to answer with.
     */
    public record Acceptance(DeflateParameters parameters, String responseHeader) {}

    /**
     * Server side: picks the first acceptable permessage-deflate offer among the client's
     * extensions (other extensions are skipped) and merges it with our options.
     *
     * <p>An offer is declined, and the next one considered, when it holds a parameter RFC 7692 does
     * not define or repeats one (§7.1), or when {@code options} limit the client's window but the
     * offer does not carry {@code client_max_window_bits} (§7.1.2.2: such a client may not support
     * the limit). Those checks come first: an offer declined for them is not examined further. Offers
     * after the accepted one are not examined at all.
     *
     * <p>The agreement takes the stricter side of each parameter: no context takeover if either the
     * offer or our options ask for it, and the smaller of the offered and configured windows. Our
     * compressor supports every window from 8 to 15, so whatever the client asks of us is honoured.
     *
     * @param offers the parsed {@code Sec-WebSocket-Extensions} of the request
     * @return the agreement and the response value, or empty if no offer is acceptable (the response
     *     then names no extension)
     * @throws IllegalArgumentException if an examined offer gives a parameter an invalid value
     *     (a value on a {@code *_no_context_takeover}, a window outside 8–15, a bare
     *     {@code server_max_window_bits}): the request is malformed and, as in ws, answered with 400
     */
    public static Optional<Acceptance> accept(List<Extension> offers, PerMessageDeflateOptions options) {
        Objects.requireNonNull(options, "options");
        for (Extension offer : offers) {
            if (!NAME.equals(offer.name()) || defect(offer) != null) {
                continue;
            }
            Requested requested = Requested.read(offer, true);
            OptionalInt clientLimit = options.clientMaxWindowBits();
            if (clientLimit.isPresent() && !requested.hasClientMaxWindowBits()) {
                continue;
            }
            DeflateParameters agreed = new DeflateParameters(
                    requested.serverNoContextTakeover() || options.serverNoContextTakeover(),
                    requested.clientNoContextTakeover() || options.clientNoContextTakeover(),
                    Math.min(orDefault(requested.serverMaxWindowBits()),
                            options.serverMaxWindowBits().orElse(DEFAULT_WINDOW_BITS)),
                    Math.min(orDefault(requested.clientMaxWindowBits()),
                            clientLimit.orElse(DEFAULT_WINDOW_BITS)));
            return Optional.of(new Acceptance(agreed,
                    agreed.responseHeader(requested.serverMaxWindowBits() != NONE)));
        }
        return Optional.empty();
    }

    /**
     * Client side: checks the server's {@code Sec-WebSocket-Extensions} response against the offer
     * {@link #offer(PerMessageDeflateOptions) offer(options)} sent, and returns the agreement.
     *
     * <p>The server may add {@code server_no_context_takeover}, {@code client_no_context_takeover} and
     * {@code server_max_window_bits} unasked (RFC 7692 §7.1.1, §7.1.2.1), and may leave out what we
     * asked of it: our decompressor handles any server window and context. Our own limits
     * ({@code clientNoContextTakeover}, {@code clientMaxWindowBits}) stay in force even when the
     * response does not repeat them, since a sender may always be stricter than agreed.
     *
     * @param response the parsed header of the 101 response; call only when the header is present
     * @throws IllegalArgumentException if the connection must fail (RFC 7692 §7.1): the list is
     *     empty, names another extension or permessage-deflate twice, or holds an unknown, repeated
     *     or invalid parameter, a window larger than we offered, or {@code client_max_window_bits}
     *     although the offer did not carry it
     */
    public static DeflateParameters acceptResponse(List<Extension> response, PerMessageDeflateOptions options) {
        Objects.requireNonNull(options, "options");
        if (response.isEmpty()) {
            throw new IllegalArgumentException("Server indicated no extension");
        }
        Extension accepted = null;
        for (Extension extension : response) {
            if (!NAME.equals(extension.name())) {
                throw new IllegalArgumentException(
                        "Server indicated an extension that was not requested: " + extension.name());
            }
            if (accepted != null) {
                throw new IllegalArgumentException("Server indicated " + NAME + " more than once");
            }
            accepted = extension;
        }
        String defect = defect(accepted);
        if (defect != null) {
            throw new IllegalArgumentException(defect);
        }
        Requested granted = Requested.read(accepted, false);

        OptionalInt serverLimit = options.serverMaxWindowBits();
        if (granted.serverMaxWindowBits() != NONE && serverLimit.isPresent()
                && granted.serverMaxWindowBits() > serverLimit.getAsInt()) {
            throw new IllegalArgumentException(invalidValue(SERVER_MAX_WINDOW_BITS,
                    Integer.toString(granted.serverMaxWindowBits()))
                    + " (the offer asked for at most " + serverLimit.getAsInt() + ")");
        }
        OptionalInt clientLimit = options.clientMaxWindowBits();
        if (granted.hasClientMaxWindowBits()) {
            if (clientLimit.isEmpty() && !options.offerClientMaxWindowBits()) {
                throw new IllegalArgumentException(
                        "Unexpected parameter \"" + CLIENT_MAX_WINDOW_BITS + "\": the offer did not include it");
            }
            if (clientLimit.isPresent() && granted.clientMaxWindowBits() > clientLimit.getAsInt()) {
                throw new IllegalArgumentException(invalidValue(CLIENT_MAX_WINDOW_BITS,
                        Integer.toString(granted.clientMaxWindowBits()))
                        + " (the offer allowed at most " + clientLimit.getAsInt() + ")");
            }
        }
        return new DeflateParameters(
                granted.serverNoContextTakeover(),
                granted.clientNoContextTakeover() || options.clientNoContextTakeover(),
                orDefault(granted.serverMaxWindowBits()),
                granted.hasClientMaxWindowBits()
                        ? granted.clientMaxWindowBits()
                        : clientLimit.orElse(DEFAULT_WINDOW_BITS));
    }

    /**
     * Why {@code extension}'s parameter names make it unusable, or null: a name RFC 7692 does not
     * define, or one given twice (§7.1). Values are judged separately, by {@link Requested#read}.
     */
    private static String defect(Extension extension) {
        Set<String> seen = new HashSet<>();
        for (ExtensionParameter parameter : extension.parameters()) {
            String name = parameter.name();
            if (!isKnown(name)) {
                return "Unknown parameter \"" + name + "\"";
            }
            if (!seen.add(name)) {
                return "Parameter \"" + name + "\" must have only a single value";
            }
        }
        return null;
    }

    private static boolean isKnown(String name) {
        return name.equals(SERVER_NO_CONTEXT_TAKEOVER) || name.equals(CLIENT_NO_CONTEXT_TAKEOVER)
                || name.equals(SERVER_MAX_WINDOW_BITS) || name.equals(CLIENT_MAX_WINDOW_BITS);
    }

    private static int orDefault(int windowBits) {
        return windowBits == NONE ? DEFAULT_WINDOW_BITS : windowBits;
    }

    /** A missing value is shown as {@code (none)}, which no token can be mistaken for. */
    private static String invalidValue(String name, String value) {
        return "Invalid value for parameter \"" + name + "\": " + (value == null ? "(none)" : value);
    }

    /**
     * The parameters of one offer or response, as written: window bits are {@link #NONE} when
     * absent or given without a value.
     */
    private record Requested(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
            int serverMaxWindowBits, boolean hasClientMaxWindowBits, int clientMaxWindowBits) {

        /**
         * Reads an extension whose names passed {@link #defect}. A bare {@code client_max_window_bits}
         * is legal only in an offer, where it tells the server it may limit the client's window
         * (RFC 7692 §7.1.2.2); in a response the value is required.
         *
         * @throws IllegalArgumentException for an invalid value
         */
        static Requested read(Extension extension, boolean isOffer) {
            boolean serverNoContextTakeover = false;
            boolean clientNoContextTakeover = false;
            int serverMaxWindowBits = NONE;
            boolean hasClientMaxWindowBits = false;
            int clientMaxWindowBits = NONE;
            for (ExtensionParameter parameter : extension.parameters()) {
                String name = parameter.name();
                String value = parameter.value();
                switch (name) {
                    case SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER -> {
                        if (value != null) {
                            throw new IllegalArgumentException(invalidValue(name, value));
                        }
                        if (name.equals(SERVER_NO_CONTEXT_TAKEOVER)) {
                            serverNoContextTakeover = true;
                        } else {
                            clientNoContextTakeover = true;
                        }
                    }
                    case SERVER_MAX_WINDOW_BITS -> serverMaxWindowBits = windowBits(name, value);
                    case CLIENT_MAX_WINDOW_BITS -> {
                        hasClientMaxWindowBits = true;
                        if (value != null || !isOffer) {
                            clientMaxWindowBits = windowBits(name, value);
                        }
                    }
                    default -> throw new IllegalStateException("unchecked parameter " + name);
                }
            }
            return new Requested(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits,
                    hasClientMaxWindowBits, clientMaxWindowBits);
        }

        private static int windowBits(String name, String value) {
            int bits = parseWindowBits(value);
            if (bits == NONE) {
                throw new IllegalArgumentException(invalidValue(name, value));
            }
            return bits;
        }

        /**
         * RFC 7692 §7.1.2: {@code 1*DIGIT} with a value of 8–15, or {@link #NONE}. Gives up as soon
         * as the number passes 15, so a long run of digits cannot overflow.
         */
        private static int parseWindowBits(String value) {
            if (value == null || value.isEmpty()) {
                return NONE;
            }
            int bits = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return NONE;
                }
                bits = bits * 10 + (c - '0');
                if (bits > DEFAULT_WINDOW_BITS) {
                    return NONE;
                }
            }
            return bits < 8 ? NONE : bits;
        }
    }
}
