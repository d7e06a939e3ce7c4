package dev.jvmws.extension;

import java.util.List;
import java.util.Objects;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and
 * its parameters, in the order written. {@link ExtensionHeader} parses and formats whole headers.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the extension name, an RFC 7230 token, kept exactly as written
 * @param parameters the parameters in header order; may repeat a name (repetition is for the
 *     extension's negotiation to judge, not the grammar)
 */
public record Extension(String name, List<ExtensionParameter> parameters) {

    /**
     * @throws IllegalArgumentException if {@code name} is not a token
     */
    public Extension {
        Objects.requireNonNull(name, "name");
        if (!ExtensionHeader.isToken(name)) {
            throw new IllegalArgumentException("Invalid extension name: " + name);
        }
        parameters = List.copyOf(parameters);
    }

    /**
     * The header form of this extension, such as
     * {@code permessage-deflate; client_max_window_bits=10; server_no_context_takeover}: parameters
     * joined with {@code "; "}, each value as a token when it is one and as a quoted-string otherwise.
     *
     * <p>A quoted value that is not a token is legal HTTP but not a legal extension parameter
     * (RFC 6455 §9.1), so {@link ExtensionHeader#parse} refuses it; this method writes it anyway
     * rather than silently changing it.
     */
    public String format() {
        StringBuilder out = new StringBuilder(name);
        for (ExtensionParameter parameter : parameters) {
            out.append("; ").append(parameter.name());
            if (parameter.value() != null) {
                out.append('=');
                ExtensionHeader.appendValue(out, parameter.value());
            }
        }
        return out.toString();
    }
}
