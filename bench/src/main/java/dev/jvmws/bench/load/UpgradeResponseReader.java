package dev.jvmws.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Collects the server's handshake response up to the blank line that ends it, then checks it: status
 * {@code 101}, the {@code Sec-WebSocket-Accept} that {@link UpgradeRequest#KEY} implies, and the
 * extensions: none unless we offered permessage-deflate (RFC 6455 §4.1: a client fails a response
 * naming an extension it did not ask for), and then an acceptance {@link DeflateNegotiation} approves.
 * Bytes after the blank line are left in the input: they are already frames. Resumable at any byte;
 * the response is bounded ({@link #MAX_RESPONSE_BYTES}). Not thread-safe; dropped once the connection
 * is open.
 */
final class UpgradeResponseReader {
    static final int MAX_RESPONSE_BYTES = 8192;
    /** Typical responses fit; the buffer doubles up to the maximum for long ones. */
    private static final int INITIAL_BYTES = 256;

    private final boolean deflateOffered;
    private byte[] head = new byte[INITIAL_BYTES];
    private int size;
    /** How many bytes of CR LF CR LF the tail of {@link #head} matches. */
    private int terminatorMatched;
    /** The Sec-WebSocket-Extensions value(s) of the response, once {@link #rejection()} has read it. */
    private String extensions;

    /** A reader for a handshake that offered no extension. */
    UpgradeResponseReader() {
        this(false);
    }

    /** A reader for a handshake that offered {@link UpgradeRequest#DEFLATE_OFFER} if {@code deflateOffered}. */
    UpgradeResponseReader(boolean deflateOffered) {
        this.deflateOffered = deflateOffered;
    }

    /**
     * Consumes bytes up to and including the end of the response head. Returns true once it is
     * complete; the input's position is then just past it.
     *
     * @throws IllegalStateException if the head exceeds {@link #MAX_RESPONSE_BYTES}
     */
    boolean consume(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (size == head.length) {
                if (size == MAX_RESPONSE_BYTES) {
                    throw new IllegalStateException("handshake response longer than " + MAX_RESPONSE_BYTES + " bytes");
                }
                head = java.util.Arrays.copyOf(head, Math.min(2 * size, MAX_RESPONSE_BYTES));
            }
            byte b = in.get();
            head[size++] = b;
            terminatorMatched = advance(terminatorMatched, b);
            if (terminatorMatched == 4) {
                return true;
            }
        }
        return false;
    }

    /**
     * Null if the complete response accepts the upgrade (and our permessage-deflate offer, if made),
     * else a one-line reason (the status line, or what is wrong with the accept or extensions header).
     */
    String rejection() {
        String text = new String(head, 0, size, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String status = lines[0];
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("101")) {
            return "expected 101, got: " + status;
        }
        String accept = null;
        StringBuilder extensionList = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            if (name.equals("sec-websocket-accept")) {
                accept = value;
            } else if (name.equals("sec-websocket-extensions")) {
                // RFC 7230 §3.2.2: repeated header lines are one comma-separated list.
                extensionList = extensionList == null ? new StringBuilder(value)
                        : extensionList.append(", ").append(value);
            }
        }
        extensions = extensionList == null ? null : extensionList.toString();
        if (accept == null) {
            return "101 without Sec-WebSocket-Accept";
        }
        if (!accept.equals(UpgradeRequest.EXPECTED_ACCEPT)) {
            return "wrong Sec-WebSocket-Accept: " + accept;
        }
        if (deflateOffered) {
            return DeflateNegotiation.rejection(extensions);
        }
        if (extensions != null && !extensions.isBlank()) {
            return "server accepted extensions we did not offer: " + extensions;
        }
        return null;
    }

    /** The response's {@code Sec-WebSocket-Extensions} (lines joined), or null; after {@link #rejection()}. */
    String extensions() {
        return extensions;
    }

    private static int advance(int matched, byte b) {
        boolean wantCr = matched == 0 || matched == 2;
        if (wantCr) {
            return b == '\r' ? matched + 1 : 0;
        }
        if (b == '\n') {
            return matched + 1;
        }
        return b == '\r' ? 1 : 0;
    }
}
