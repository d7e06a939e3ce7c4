package dev.jvmws.bench.run;

import java.util.List;

/**
 * How a server takes part in the compressed workloads (Z1, ZM): the arguments that turn its
 * permessage-deflate on and what that configuration is, or why it cannot (then its Z cells are n/a
 * with that reason). Immutable.
 *
 * @param supported   whether the server can negotiate permessage-deflate in this benchmark
 * @param arguments   appended to the server's command line for Z1 and ZM
 * @param description its permessage-deflate settings, for the report; or the reason it has none
 */
public record CompressionSupport(boolean supported, List<String> arguments, String description) {

    public CompressionSupport {
        arguments = List.copyOf(arguments);
    }

    /** permessage-deflate on with {@code arguments}, configured as {@code description} says. */
    public static CompressionSupport with(String description, String... arguments) {
        return new CompressionSupport(true, List.of(arguments), description);
    }

    /** No permessage-deflate, for {@code reason}. */
    public static CompressionSupport none(String reason) {
        return new CompressionSupport(false, List.of(), reason);
    }
}
