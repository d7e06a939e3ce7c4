package dev.jvmws.extension;

/**
 * The permessage-deflate configuration both endpoints agreed on (RFC 7692 §7.1): the effective
 * limits, with every default filled in, so the compressor and decompressor of each side can be set
 * up from it without looking at headers again. Produced by {@link PerMessageDeflate#accept} on a
 * server and {@link PerMessageDeflate#acceptResponse} on a client; both sides derive the same value.
 *
 * <p>Immutable and thread-safe.
 *
 * @param serverNoContextTakeover whether the server compresses every message on its own
 * @param clientNoContextTakeover whether the client compresses every message on its own
 * @param serverMaxWindowBits the largest LZ77 window the server compresses with, 8–15 (15 when the
 *     negotiation set no limit)
 * @param clientMaxWindowBits the largest LZ77 window the client compresses with, 8–15 (15 when the
 *     negotiation set no limit)
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
        int serverMaxWindowBits, int clientMaxWindowBits) {

    private static final int MIN_WINDOW_BITS = 8;
    private static final int MAX_WINDOW_BITS = 15;

    /** @throws IllegalArgumentException if a window size is not 8–15 */
    public DeflateParameters {
        checkWindowBits("serverMaxWindowBits", serverMaxWindowBits);
        checkWindowBits("clientMaxWindowBits", clientMaxWindowBits);
    }

    /**
     * Whether the frames sent by the given side must be compressed message by message (and the
     * receiving side may forget its context after each message).
     */
    public boolean noContextTakeover(boolean senderIsServer) {
        return senderIsServer ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /** The largest window, in bits, the frames sent by the given side may use. */
    public int maxWindowBits(boolean senderIsServer) {
        return senderIsServer ? serverMaxWindowBits : clientMaxWindowBits;
    }

    /**
     * The server's {@code Sec-WebSocket-Extensions} response value for this agreement, such as
     * {@code permessage-deflate; server_no_context_takeover; client_max_window_bits=10}; a client
     * reads it back as this same agreement. A window of 15 is the default and is left out, except
     * for a {@code server_max_window_bits} the offer carried: RFC 7692 §7.1.2.1 has the server accept
     * that parameter by including it, and strict clients (Python's websockets) fail otherwise.
     */
    String responseHeader(boolean serverWindowOffered) {
        StringBuilder out = new StringBuilder(PerMessageDeflate.NAME);
        if (serverNoContextTakeover) {
            out.append("; ").append(PerMessageDeflate.SERVER_NO_CONTEXT_TAKEOVER);
        }
        if (clientNoContextTakeover) {
            out.append("; ").append(PerMessageDeflate.CLIENT_NO_CONTEXT_TAKEOVER);
        }
        if (serverMaxWindowBits < MAX_WINDOW_BITS || serverWindowOffered) {
            out.append("; ").append(PerMessageDeflate.SERVER_MAX_WINDOW_BITS).append('=').append(serverMaxWindowBits);
        }
        if (clientMaxWindowBits < MAX_WINDOW_BITS) {
            out.append("; ").append(PerMessageDeflate.CLIENT_MAX_WINDOW_BITS).append('=').append(clientMaxWindowBits);
        }
        return out.toString();
    }

    private static void checkWindowBits(String component, int bits) {
        if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
            throw new IllegalArgumentException(component + " must be 8-15: " + bits);
        }
    }
}
