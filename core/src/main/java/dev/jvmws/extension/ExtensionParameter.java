package dev.jvmws.extension;

import java.util.Objects;

/**
 * One parameter of an extension in a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1), such
 * as {@code client_max_window_bits=10} or {@code server_no_context_takeover}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the parameter name, an RFC 7230 token, kept exactly as written (RFC 6455 does not make
 *     extension tokens case-insensitive, and ws compares them exactly)
 * @param value the value with any quoting removed, or {@code null} when the parameter has none
 */
public record ExtensionParameter(String name, String value) {

    /**
     * @throws IllegalArgumentException if {@code name} is not a token, or {@code value} holds a
     *     character no header can carry (a control character other than HTAB, or one above U+00FF),
     *     so that {@link Extension#format()} can always write it
     */
    public ExtensionParameter {
        Objects.requireNonNull(name, "name");
        if (!ExtensionHeader.isToken(name)) {
            throw new IllegalArgumentException("Invalid extension parameter name: " + name);
        }
        if (value != null && !ExtensionHeader.isQuotable(value)) {
            throw new IllegalArgumentException("Invalid value for extension parameter \"" + name + "\"");
        }
    }
}
