package dev.jvmws.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validation (RFC 3629) for text that arrives in pieces: a code point may be split
 * between reads or between frames, and an invalid byte is reported in the piece where it appears
 * (RFC 6455 §8.1 lets us fail fast; Autobahn's 6.4.x cases check it).
 *
 * <p>Rejects overlong forms, UTF-16 surrogates (U+D800–U+DFFF) and code points above U+10FFFF. Runs of
 * ASCII are checked eight bytes at a time.
 *
 * <p>Not thread-safe: one instance follows one stream of text.
 */
public final class Utf8Validator {
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final int FAILED = -1;

    /** Continuation bytes still expected for the current code point, or {@link #FAILED}. */
    private int pending;
    /** Bounds for the next continuation byte; narrower than 80..BF right after some lead bytes. */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Validates the next piece, {@code buffer[from, to)}; false once any invalid byte was seen. */
    public boolean feed(ByteBuffer buffer, int from, int to) {
        int remaining = pending;
        if (remaining == FAILED) {
            return false;
        }
        int lo = lower;
        int hi = upper;
        int i = from;
        while (i < to) {
            if (remaining == 0) {
                while (i + 8 <= to && (buffer.getLong(i) & HIGH_BITS) == 0) {
                    i += 8;
                }
                if (i == to) {
                    break;
                }
                int b = buffer.get(i) & 0xFF;
                if (b < 0x80) {
                    i++;
                    continue;
                }
                int whole = completeSequenceLength(buffer, i, to, b);
                if (whole > 0) {
                    i += whole;
                    continue;
                }
                i++;
                if (b < 0xC2) { // a stray continuation byte, or C0/C1 which only start overlongs
                    return fail();
                } else if (b < 0xE0) {
                    remaining = 1;
                } else if (b < 0xF0) {
                    remaining = 2;
                    lo = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                    hi = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
                } else if (b < 0xF5) {
                    remaining = 3;
                    lo = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                    hi = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would exceed U+10FFFF
                } else {
                    return fail();
                }
            } else {
                int b = buffer.get(i++) & 0xFF;
                if (b < lo || b > hi) {
                    return fail();
                }
                remaining--;
                lo = 0x80;
                hi = 0xBF;
            }
        }
        pending = remaining;
        lower = lo;
        upper = hi;
        return true;
    }

    /**
     * The common case, a code point whose bytes are all in this piece, checked without touching the
     * carried state: its length when valid, 0 when it is invalid or not complete here (the byte-wise
     * path then decides).
     */
    private static int completeSequenceLength(ByteBuffer buffer, int i, int to, int b) {
        if (b >= 0xC2 && b < 0xE0) {
            if (i + 1 < to && (buffer.get(i + 1) & 0xC0) == 0x80) {
                return 2;
            }
        } else if (b >= 0xE0 && b < 0xF0) {
            if (i + 2 < to) {
                int b1 = buffer.get(i + 1) & 0xFF;
                int lo = b == 0xE0 ? 0xA0 : 0x80;
                int hi = b == 0xED ? 0x9F : 0xBF;
                if (b1 >= lo && b1 <= hi && (buffer.get(i + 2) & 0xC0) == 0x80) {
                    return 3;
                }
            }
        } else if (b >= 0xF0 && b < 0xF5) {
            if (i + 3 < to) {
                int b1 = buffer.get(i + 1) & 0xFF;
                int lo = b == 0xF0 ? 0x90 : 0x80;
                int hi = b == 0xF4 ? 0x8F : 0xBF;
                if (b1 >= lo && b1 <= hi && (buffer.get(i + 2) & 0xC0) == 0x80
                        && (buffer.get(i + 3) & 0xC0) == 0x80) {
                    return 4;
                }
            }
        }
        return 0;
    }

    /** Validates a whole array piece. */
    public boolean feed(byte[] bytes, int from, int to) {
        return feed(ByteBuffer.wrap(bytes), from, to);
    }

    /** True when no code point is left unfinished and nothing invalid was seen. */
    public boolean isComplete() {
        return pending == 0;
    }

    /** Forgets everything, ready for a new text. */
    public void reset() {
        pending = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Whether {@code bytes[from, to)} is, on its own, complete and valid UTF-8. */
    public static boolean isValid(ByteBuffer buffer, int from, int to) {
        Utf8Validator validator = new Utf8Validator();
        return validator.feed(buffer, from, to) && validator.isComplete();
    }

    private boolean fail() {
        pending = FAILED;
        return false;
    }
}
