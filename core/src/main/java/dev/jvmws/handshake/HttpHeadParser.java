package dev.jvmws.handshake;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Incremental, size-bounded parser of one HTTP/1.1 message head (RFC 7230 §3): the request line
 * (or status line), the header fields and the empty line that ends them.
 *
 * <p>Feed it bytes as they arrive, split anywhere; it never needs the caller to re-present bytes.
 * {@link #parse(ByteBuffer)} returns
 * <ul>
 *   <li>{@link Status#NEED_MORE}: every byte of the buffer was consumed and the head is not
 *       complete yet;</li>
 *   <li>{@link Status#DONE}: the head is complete, {@link #head()} returns it, and the buffer's
 *       position is exactly the first byte after the empty line (what follows, e.g. the first
 *       WebSocket frames, belongs to the caller, RFC 6455 §4.1);</li>
 *   <li>{@link Status#ERROR}: {@link #errorStatus()} is 400 for malformed syntax or 431 when the
 *       head would exceed {@code maxHeadBytes}, {@link #errorMessage()} a short reason. The
 *       buffer's position is then unspecified; the connection should be closed.</li>
 * </ul>
 * After DONE or ERROR further calls return the same status and consume nothing.
 *
 * <p>Leniency, like Node's HTTP parser: bare LF line endings are accepted, and empty lines before
 * the start line are skipped (RFC 7230 §3.5). Strictness: a CR not followed by LF, control
 * characters other than HTAB, obsolete line folding, header names that are not tokens, a missing
 * colon, and malformed start lines are all rejected with 400.
 *
 * <h2>State machine</h2>
 * One byte at a time, the scanner moves through:
 * <pre>
 *   START        before the start line (skips empty lines)      START_CR   CR seen there
 *   LINE         inside a line                                  LINE_CR    CR seen there
 *   LINE_START   just after a line's LF                         BLANK_CR   CR at a line start
 * </pre>
 * LF in LINE_START or BLANK_CR ends the head; the complete head is then handed to
 * {@link HttpHeadSyntax}. Only {@link #parse} moves the state.
 *
 * <p>Memory: when a head arrives whole in one heap buffer it is parsed in place. Otherwise the
 * bytes seen so far are kept in a growable array that never exceeds {@code maxHeadBytes} and is
 * released once the head is complete.
 *
 * <p>Not thread-safe: one parser serves one connection, used by one thread at a time.
 */
public final class HttpHeadParser {

    /** The result of one {@link #parse(ByteBuffer)} call. */
    public enum Status {
        /** All input consumed; the head is not complete yet. */
        NEED_MORE,
        /** The head is complete; see {@link #head()}. */
        DONE,
        /** The input is not a valid head or is too large; see {@link #errorStatus()}. */
        ERROR
    }

    private enum State { START, START_CR, LINE, LINE_CR, LINE_START, BLANK_CR, DONE, ERROR }

    private static final int INITIAL_BUFFER_BYTES = 256;
    /** Heads up to this size that arrive in one read are parsed from a per-thread array. */
    private static final int SCRATCH_BYTES = 8 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private final boolean request;
    private final int maxHeadBytes;

    private State state = State.START;
    /** Bytes consumed so far, counted against {@link #maxHeadBytes} (leading empty lines too). */
    private int consumed;
    /** Head bytes carried over from earlier calls; null until needed and after completion. */
    private byte[] pending;
    private int pendingLength;

    private HttpHead head;
    private int errorStatus;
    private String errorMessage;

    private HttpHeadParser(boolean request, int maxHeadBytes) {
        if (maxHeadBytes <= 0) {
            throw new IllegalArgumentException("maxHeadBytes must be positive: " + maxHeadBytes);
        }
        this.request = request;
        this.maxHeadBytes = maxHeadBytes;
    }

    /** A parser for a request head (request line first), limited to {@code maxHeadBytes}. */
    public static HttpHeadParser forRequests(int maxHeadBytes) {
        return new HttpHeadParser(true, maxHeadBytes);
    }

    /** A parser for a response head (status line first), limited to {@code maxHeadBytes}. */
    public static HttpHeadParser forResponses(int maxHeadBytes) {
        return new HttpHeadParser(false, maxHeadBytes);
    }

    /**
     * Consumes bytes of {@code in} (advancing its position) up to the end of the head.
     *
     * @return the parser's status after this call
     */
    public Status parse(ByteBuffer in) {
        if (state == State.DONE) {
            return Status.DONE;
        }
        if (state == State.ERROR) {
            return Status.ERROR;
        }
        int pos = in.position();
        int limit = in.limit();
        // Where this call's share of the head begins; -1 while still skipping leading empty lines.
        int headFrom = state == State.START || state == State.START_CR ? -1 : pos;
        while (pos < limit) {
            int b = in.get(pos) & 0xFF;
            if (++consumed > maxHeadBytes) {
                return fail(in, pos, 431, "Head exceeds " + maxHeadBytes + " bytes");
            }
            if (b != '\r' && b != '\n' && !HttpChars.isHeadByte(b)) {
                return fail(in, pos, 400, "Invalid character in head");
            }
            switch (state) {
                case START:
                    if (b == '\r') {
                        state = State.START_CR;
                    } else if (b != '\n') {
                        state = State.LINE;
                        headFrom = pos;
                    }
                    break;
                case START_CR:
                case LINE_CR:
                case BLANK_CR:
                    if (b != '\n') {
                        return fail(in, pos, 400, "Bare CR in head");
                    }
                    if (state == State.BLANK_CR) {
                        return complete(in, headFrom, pos + 1);
                    }
                    state = state == State.START_CR ? State.START : State.LINE_START;
                    break;
                case LINE:
                    if (b == '\r') {
                        state = State.LINE_CR;
                    } else if (b == '\n') {
                        state = State.LINE_START;
                    }
                    break;
                case LINE_START:
                    if (b == '\n') {
                        return complete(in, headFrom, pos + 1);
                    } else if (b == '\r') {
                        state = State.BLANK_CR;
                    } else if (HttpChars.isOws(b)) {
                        // RFC 7230 §3.2.4: obs-fold is deprecated; a server must reject it (or
                        // unfold), and whitespace before the first field must be rejected (§3).
                        return fail(in, pos, 400, "Obsolete line folding is not allowed");
                    } else {
                        state = State.LINE;
                    }
                    break;
                default:
                    throw new AssertionError(state);
            }
            pos++;
        }
        if (headFrom >= 0) {
            append(in, headFrom, limit);
        }
        in.position(limit);
        return Status.NEED_MORE;
    }

    /** The parsed head after {@link Status#DONE}, else {@code null}. */
    public HttpHead head() {
        return head;
    }

    /** 400 (malformed) or 431 (too large) after {@link Status#ERROR}, else 0. */
    public int errorStatus() {
        return errorStatus;
    }

    /** A short human-readable reason after {@link Status#ERROR}, else {@code null}. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The limit given at construction. */
    public int maxHeadBytes() {
        return maxHeadBytes;
    }

    private Status complete(ByteBuffer in, int headFrom, int end) {
        in.position(end);
        byte[] bytes;
        int from;
        int to;
        if (pendingLength == 0 && in.hasArray()) {
            bytes = in.array();
            from = in.arrayOffset() + headFrom;
            to = in.arrayOffset() + end;
        } else if (pendingLength == 0 && end - headFrom <= SCRATCH_BYTES) {
            // The whole head came in one (direct) buffer: parse it from the thread's scratch array
            // instead of a copy of its own. The parsed head holds strings, never these bytes.
            bytes = SCRATCH.get();
            from = 0;
            to = end - headFrom;
            in.get(headFrom, bytes, 0, to);
        } else {
            append(in, headFrom, end);
            bytes = pending;
            from = 0;
            to = pendingLength;
        }
        try {
            head = HttpHeadSyntax.parse(bytes, from, to, request);
            state = State.DONE;
            return Status.DONE;
        } catch (HttpHeadSyntax.MalformedHeadException e) {
            return fail(in, end, 400, e.getMessage());
        } finally {
            pending = null;
            pendingLength = 0;
        }
    }

    private Status fail(ByteBuffer in, int pos, int status, String message) {
        in.position(pos);
        state = State.ERROR;
        errorStatus = status;
        errorMessage = message;
        pending = null;
        pendingLength = 0;
        return Status.ERROR;
    }

    /** Keeps {@code in[from, to)}; cannot exceed maxHeadBytes because consumption is bounded. */
    private void append(ByteBuffer in, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        int needed = pendingLength + n;
        if (pending == null || needed > pending.length) {
            int capacity = Math.max(pending == null ? INITIAL_BUFFER_BYTES : pending.length * 2, needed);
            capacity = Math.min(capacity, maxHeadBytes);
            pending = pending == null ? new byte[capacity] : Arrays.copyOf(pending, capacity);
        }
        in.get(from, pending, pendingLength, n);
        pendingLength = needed;
    }
}
