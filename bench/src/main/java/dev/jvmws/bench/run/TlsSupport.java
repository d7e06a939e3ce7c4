package dev.jvmws.bench.run;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a server takes part in the TLS workloads (E1T, L1T, H1T, M1T): the arguments that make it serve
 * wss with the benchmark's certificate, which TLS implementation that is, and the line its log must
 * show before it is measured (so that a row never runs on another provider than its name says), or
 * why it does not take part. Immutable.
 *
 * @param supported     whether the server serves wss in this benchmark
 * @param arguments     appended to the server's command line for the TLS workloads
 * @param description   its TLS implementation and settings, for the report; or why it has none
 * @param announcement  a pattern its log must match once it is listening (null: nothing to check, for
 *                      a server that says nothing about its provider)
 */
public record TlsSupport(boolean supported, List<String> arguments, String description, Pattern announcement) {

    public TlsSupport {
        arguments = List.copyOf(arguments);
    }

    /** Serves wss with {@code arguments}, as {@code description} says; its log must match {@code announcement}. */
    public static TlsSupport with(String description, Pattern announcement, List<String> arguments) {
        return new TlsSupport(true, arguments, description, announcement);
    }

    /** No TLS workloads, for {@code reason}. */
    public static TlsSupport none(String reason) {
        return new TlsSupport(false, List.of(), reason, null);
    }
}
