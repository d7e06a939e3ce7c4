package dev.jvmws.bench.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Collects the server's handshake response up to the blank line that ends it, then checks it: status
 * {@code 101} and the {@code Sec-WebSocket-Accept} that {@link UpgradeRequest#KEY} implies. Bytes after
 * the blank line are left in the input: they are already frames. Resumable at any byte; the response
 * is bounded ({@link #MAX_RESPONSE_BYTES}). Not thread-safe; dropped once the connection is open.
 */
final class UpgradeResponseReader {
    static final int MAX_RESPONSE_BYTES = 8192;
    /** Typical responses fit; the buffer doubles up to the maximum for long ones. */
    private static final int INITIAL_BYTES = 256;

    private byte[] head = new byte[INITIAL_BYTES];
    private int size;
    /** How many bytes of CR LF CR LF the tail of {@link #head} matches. */
    private int terminatorMatched;

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
     * Null if the complete response accepts the upgrade, else a one-line reason (the status line, or
     * what is wrong with the accept header).
     */
    String rejection() {
        String text = new String(head, 0, size, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        String status = lines[0];
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].equals("101")) {
            return "expected 101, got: " + status;
        }
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-accept")) {
                String accept = lines[i].substring(colon + 1).trim();
                return accept.equals(UpgradeRequest.EXPECTED_ACCEPT) ? null : "wrong Sec-WebSocket-Accept: " + accept;
            }
        }
        return "101 without Sec-WebSocket-Accept";
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
