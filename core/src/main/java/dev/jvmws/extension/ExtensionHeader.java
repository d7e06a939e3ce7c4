package dev.jvmws.extension;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Sec-WebSocket-Extensions} header grammar (RFC 6455 §9.1, list rules of RFC 7230 §7):
 * <pre>
 * extension-list = 1#extension
 * extension      = extension-token *( OWS ";" OWS extension-param )
 * extension-param = token [ OWS "=" OWS ( token / quoted-string ) ]
 * </pre>
 * where a quoted-string value must, once unescaped, be a token too.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ExtensionHeader {

    private static final String INVALID = "Invalid Sec-WebSocket-Extensions header: ";

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

    private ExtensionHeader() {
    }

    /**
     * Parses a {@code Sec-WebSocket-Extensions} value into its extensions, in order. Several header
     * lines are joined with {@code ", "} before calling this (RFC 7230 §3.2.2).
     *
     * <p>Optional whitespace (spaces and tabs) is allowed around {@code ,}, {@code ;} and {@code =}.
     * Empty list elements ({@code ", , a"}) are skipped, as RFC 7230 §7 requires of recipients, but
     * at least one extension must remain. A quoted value is unescaped and must then be a token
     * (RFC 6455 §9.1), so {@code "10"} is the same value as {@code 10}. Names keep their case.
     *
     * @return an unmodifiable list of the extensions in header order
     * @throws IllegalArgumentException naming the first offending character and its index, if the
     *     value does not follow the grammar
     */
    public static List<Extension> parse(String headerValue) {
        if (headerValue == null) {
            throw new IllegalArgumentException("Missing Sec-WebSocket-Extensions value");
        }
        return new Parser(headerValue).extensionList();
    }

    /**
     * Formats extensions as one header value, joined with {@code ", "} (each as by
     * {@link Extension#format()}). An empty list gives the empty string, which is not a valid
     * header value: send no header then.
     */
    public static String format(List<Extension> extensions) {
        StringBuilder out = new StringBuilder();
        for (Extension extension : extensions) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(extension.format());
        }
        return out.toString();
    }

    /** RFC 7230 §3.2.6: {@code token = 1*tchar}. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} can be written as an RFC 7230 quoted-string: every character is HTAB, SP,
     * VCHAR or obs-text (U+0080–U+00FF, as heads are ISO-8859-1), the set a quoted-pair can carry.
     * CR and LF are excluded, so a value can never inject a header line.
     */
    static boolean isQuotable(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isQuotedPairChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code value} as a token, or as a quoted-string (escaping {@code "} and {@code \}). */
    static void appendValue(StringBuilder out, String value) {
        if (isToken(value)) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean isTchar(char c) {
        return c < 128 && TCHAR[c];
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /** RFC 7230 §3.2.6 qdtext: HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text. */
    private static boolean isQdtext(char c) {
        return c != '"' && c != '\\' && isQuotedPairChar(c);
    }

    /** RFC 7230 §3.2.6: a quoted-pair escapes HTAB / SP / VCHAR / obs-text. */
    private static boolean isQuotedPairChar(char c) {
        return c == '\t' || (c >= 0x20 && c != 0x7F && c <= 0xFF);
    }

    /** Recursive descent over one header value; {@code index} is the next unread character. */
    private static final class Parser {
        private final String s;
        private int index;

        Parser(String s) {
            this.s = s;
        }

        List<Extension> extensionList() {
            List<Extension> extensions = new ArrayList<>();
            while (true) {
                skipOws();
                if (atEnd()) {
                    break;
                }
                if (peek() == ',') {
                    index++; // an empty list element
                    continue;
                }
                extensions.add(extension());
                skipOws();
                if (atEnd()) {
                    break;
                }
                if (peek() != ',') {
                    throw unexpected("',' or ';'");
                }
                index++;
            }
            if (extensions.isEmpty()) {
                throw new IllegalArgumentException(INVALID + "no extension in \"" + s + "\"");
            }
            return List.copyOf(extensions);
        }

        private Extension extension() {
            String name = token("an extension name");
            List<ExtensionParameter> parameters = new ArrayList<>();
            while (true) {
                skipOws();
                if (atEnd() || peek() != ';') {
                    return new Extension(name, parameters);
                }
                index++;
                skipOws();
                parameters.add(parameter());
            }
        }

        private ExtensionParameter parameter() {
            String name = token("a parameter name");
            skipOws();
            if (atEnd() || peek() != '=') {
                return new ExtensionParameter(name, null);
            }
            index++;
            skipOws();
            String value = !atEnd() && peek() == '"' ? quotedValue() : token("a parameter value");
            return new ExtensionParameter(name, value);
        }

        /** A quoted-string whose content, once unescaped, must be a token (RFC 6455 §9.1). */
        private String quotedValue() {
            int start = index;
            index++;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new IllegalArgumentException(
                            INVALID + "unterminated quoted-string starting at index " + start);
                }
                char c = peek();
                if (c == '"') {
                    index++;
                    break;
                }
                if (c == '\\') {
                    index++;
                    if (atEnd()) {
                        continue; // reported as unterminated
                    }
                    if (!isQuotedPairChar(peek())) {
                        throw unexpected("an escapable character");
                    }
                } else if (!isQdtext(c)) {
                    throw unexpected("a quoted-string character");
                }
                value.append(peek());
                index++;
            }
            String unescaped = value.toString();
            if (!isToken(unescaped)) {
                throw new IllegalArgumentException(INVALID + "the quoted value at index " + start
                        + " is not a token: " + s.substring(start, index));
            }
            return unescaped;
        }

        private String token(String expected) {
            int start = index;
            while (!atEnd() && isTchar(peek())) {
                index++;
            }
            if (index == start) {
                throw unexpected(expected);
            }
            return s.substring(start, index);
        }

        private void skipOws() {
            while (!atEnd() && isOws(peek())) {
                index++;
            }
        }

        private boolean atEnd() {
            return index == s.length();
        }

        private char peek() {
            return s.charAt(index);
        }

        private IllegalArgumentException unexpected(String expected) {
            if (atEnd()) {
                return new IllegalArgumentException(INVALID + "unexpected end of input, expected " + expected);
            }
            return new IllegalArgumentException(INVALID + "unexpected character " + describe(peek())
                    + " at index " + index + ", expected " + expected);
        }

        /** Printable ASCII as itself in quotes; anything else (controls, non-ASCII) as U+XXXX. */
        private static String describe(char c) {
            return c > 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
        }
    }
}
