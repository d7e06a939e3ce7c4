package dev.jvmws.handshake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An ordered, case-insensitive multimap of HTTP header fields, as they appear in a message head.
 *
 * <p>Field names compare case-insensitively (ASCII, RFC 7230 §3.2) but keep their original
 * spelling; field lines keep their wire order, which matters for repeated fields such as
 * {@code Sec-WebSocket-Extensions} (RFC 7230 §3.2.2: repeated lines form one comma-separated
 * list, in order).
 *
 * <p>The builder does not check field syntax; the code that writes heads onto the wire does
 * (see {@link HandshakeRejection}, {@link ServerHandshake}, {@link ClientHandshake}).
 *
 * <p>Instances are immutable and thread-safe. {@link Builder} is not thread-safe.
 */
public final class HttpHeaders {

    private static final HttpHeaders EMPTY = new HttpHeaders(new String[0], new String[0]);

    /** Header values that {@link #toString()} hides, so that logging a head does not leak them. */
    private static final List<String> SENSITIVE =
            List.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final String[] names;
    private final String[] values;

    private HttpHeaders(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** Returns a new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the empty header set. */
    public static HttpHeaders empty() {
        return EMPTY;
    }

    /** Returns a builder holding a copy of these fields, to derive a modified header set. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < names.length; i++) {
            b.names.add(names[i]);
            b.values.add(values[i]);
        }
        return b;
    }

    /** The value of the first field line called {@code name}, if any. */
    public Optional<String> first(String name) {
        for (int i = 0; i < names.length; i++) {
            if (HttpChars.equalsIgnoreCaseAscii(names[i], name)) {
                return Optional.of(values[i]);
            }
        }
        return Optional.empty();
    }

    /** The values of every field line called {@code name}, in wire order (unmodifiable). */
    public List<String> all(String name) {
        List<String> out = null;
        for (int i = 0; i < names.length; i++) {
            if (HttpChars.equalsIgnoreCaseAscii(names[i], name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(values[i]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /** How many field lines are called {@code name}. */
    public int count(String name) {
        int n = 0;
        for (String each : names) {
            if (HttpChars.equalsIgnoreCaseAscii(each, name)) {
                n++;
            }
        }
        return n;
    }

    /** Whether at least one field line is called {@code name}. */
    public boolean contains(String name) {
        for (String n : names) {
            if (HttpChars.equalsIgnoreCaseAscii(n, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * All values of {@code name} joined with {@code ", "} (the combination RFC 7230 §3.2.2
     * allows for list-valued fields), or {@code null} when the field is absent.
     */
    public String joined(String name) {
        String single = null;
        StringBuilder sb = null;
        for (int i = 0; i < names.length; i++) {
            if (HttpChars.equalsIgnoreCaseAscii(names[i], name)) {
                if (single == null) {
                    single = values[i];
                } else {
                    if (sb == null) {
                        sb = new StringBuilder(single);
                    }
                    sb.append(", ").append(values[i]);
                }
            }
        }
        return sb != null ? sb.toString() : single;
    }

    /**
     * Whether the comma-separated lists of every {@code name} line contain {@code token}, compared
     * case-insensitively after trimming optional whitespace (RFC 7230 §7 list rule; e.g.
     * {@code Connection: keep-alive, Upgrade} contains {@code upgrade}). Empty elements are
     * ignored, as §7 requires of recipients.
     */
    public boolean containsToken(String name, String token) {
        if (token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (HttpChars.equalsIgnoreCaseAscii(names[i], name) && listContains(values[i], token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listContains(String list, String token) {
        int start = 0;
        int n = list.length();
        while (start <= n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int from = start;
            int to = end;
            while (from < to && HttpChars.isOws(list.charAt(from))) {
                from++;
            }
            while (to > from && HttpChars.isOws(list.charAt(to - 1))) {
                to--;
            }
            if (HttpChars.regionEqualsIgnoreCaseAscii(list, from, to, token)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The distinct field names in first-seen order, each with the spelling of its first line. */
    public List<String> names() {
        List<String> out = new ArrayList<>(names.length);
        outer:
        for (String n : names) {
            for (String seen : out) {
                if (HttpChars.equalsIgnoreCaseAscii(seen, n)) {
                    continue outer;
                }
            }
            out.add(n);
        }
        return Collections.unmodifiableList(out);
    }

    /** Calls {@code action} with each field line's name and value, in wire order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.length; i++) {
            action.accept(names[i], values[i]);
        }
    }

    /** The number of field lines (a repeated name counts once per line). */
    public int size() {
        return names.length;
    }

    /** Equal when both hold the same lines in the same order, names compared case-insensitively. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof HttpHeaders)) {
            return false;
        }
        HttpHeaders other = (HttpHeaders) o;
        if (other.names.length != names.length) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!HttpChars.equalsIgnoreCaseAscii(names[i], other.names[i])
                    || !values[i].equals(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < names.length; i++) {
            int nameHash = 0;
            for (int j = 0; j < names[i].length(); j++) {
                nameHash = 31 * nameHash + HttpChars.toLowerAscii(names[i].charAt(j));
            }
            h = 31 * h + nameHash;
            h = 31 * h + values[i].hashCode();
        }
        return h;
    }

    /** A one-line rendering for logs; credentials and cookies are shown as {@code <redacted>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ");
            sb.append(isSensitive(names[i]) ? "<redacted>" : values[i]);
        }
        return sb.append(']').toString();
    }

    private static boolean isSensitive(String name) {
        for (String s : SENSITIVE) {
            if (HttpChars.equalsIgnoreCaseAscii(s, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Collects field lines for an {@link HttpHeaders}. Not thread-safe; {@link #build()} takes a
     * snapshot, so a builder may be reused afterwards.
     */
    public static final class Builder {
        private final List<String> names = new ArrayList<>();
        private final List<String> values = new ArrayList<>();

        private Builder() {
        }

        /** Appends a field line. */
        public Builder add(String name, String value) {
            names.add(checkName(name));
            values.add(Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Replaces every line called {@code name} with one line {@code name: value}, kept at the
         * position of the first replaced line (appended when there was none).
         */
        public Builder set(String name, String value) {
            checkName(name);
            Objects.requireNonNull(value, "value");
            int first = -1;
            for (int i = 0; i < names.size(); i++) {
                if (HttpChars.equalsIgnoreCaseAscii(names.get(i), name)) {
                    if (first < 0) {
                        first = i;
                        names.set(i, name);
                        values.set(i, value);
                    } else {
                        names.remove(i);
                        values.remove(i);
                        i--;
                    }
                }
            }
            if (first < 0) {
                names.add(name);
                values.add(value);
            }
            return this;
        }

        /** Removes every line called {@code name}. */
        public Builder remove(String name) {
            Objects.requireNonNull(name, "name");
            for (int i = names.size() - 1; i >= 0; i--) {
                if (HttpChars.equalsIgnoreCaseAscii(names.get(i), name)) {
                    names.remove(i);
                    values.remove(i);
                }
            }
            return this;
        }

        /** Returns an immutable snapshot of the lines added so far. */
        public HttpHeaders build() {
            if (names.isEmpty()) {
                return EMPTY;
            }
            return new HttpHeaders(names.toArray(new String[0]), values.toArray(new String[0]));
        }

        private static String checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Header name must not be empty");
            }
            return name;
        }
    }
}
