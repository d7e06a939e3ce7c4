package dev.jvmws.handshake;

/**
 * Character classes of the HTTP/1.1 message syntax (RFC 7230 §3.2, §3.2.6) shared by the parser
 * and the writers of this package.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class HttpChars {

    /** RFC 7230 §3.2.6 tchar: DIGIT / ALPHA / one of {@code !#$%&'*+-.^_`|~}. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpChars() {
    }

    static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** RFC 7230 §3.2.6: {@code token = 1*tchar}. */
    static boolean isToken(CharSequence s) {
        if (s == null || s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 7230 §3.2.3: optional whitespace is SP or HTAB. */
    static boolean isOws(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Whether a byte may appear anywhere in a message head other than as part of a line ending:
     * RFC 7230 allows HTAB, SP, VCHAR and obs-text; every other control character (and DEL) is
     * invalid in the request line, status line and field values alike.
     */
    static boolean isHeadByte(int b) {
        return b == '\t' || (b >= 0x20 && b != 0x7F && b <= 0xFF);
    }

    /**
     * Whether {@code value} can be written as a field value: HTAB, SP, VCHAR and obs-text only
     * (RFC 7230 §3.2). In particular CR and LF are refused, which stops header injection, and
     * characters above U+00FF are refused because heads are encoded as ISO-8859-1 (the same set
     * Node's {@code http} module accepts).
     */
    static boolean isFieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isHeadByte(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Field names are case-insensitive ASCII (RFC 7230 §3.2); avoids locale-sensitive folding. */
    static boolean equalsIgnoreCaseAscii(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (toLowerAscii(a.charAt(i)) != toLowerAscii(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean regionEqualsIgnoreCaseAscii(String s, int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (toLowerAscii(s.charAt(from + i)) != toLowerAscii(expected.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
