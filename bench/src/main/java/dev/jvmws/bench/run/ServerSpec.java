package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * How to launch one server under test: its command for a given port, extra environment, which
 * scenarios apply to it and whether it speaks WebSocket at all (raw TCP echo does not). Every server
 * announces readiness with a line containing {@code listening} on stdout or stderr. Immutable.
 *
 * @param name        row name in the results (e.g. {@code netty-epoll})
 * @param library     what it is, for the results (e.g. {@code Netty (epoll transport)})
 * @param command     the command line for a port
 * @param environment extra environment variables
 * @param scenarios   the scenarios it takes part in
 * @param raw         true for a raw TCP echo (no handshake, no framing)
 * @param jvm         true if it runs in a JVM started with the run's JVM options
 * @param compression how it runs for Z1 and ZM (permessage-deflate on), or why it cannot
 * @param tls         how it runs for the TLS workloads (E1T, L1T, H1T, M1T), or why it cannot
 * @param secure      true for the launch that serves wss ({@link #withTls()})
 */
public record ServerSpec(String name, String library, IntFunction<List<String>> command,
        Map<String, String> environment, Set<Scenario> scenarios, boolean raw, boolean jvm,
        CompressionSupport compression, TlsSupport tls, boolean secure) {

    public boolean supports(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** The same server launched with permessage-deflate on (its command plus the compression arguments). */
    public ServerSpec withCompression() {
        if (!compression.supported()) {
            throw new IllegalStateException(name + " has no permessage-deflate: " + compression.description());
        }
        IntFunction<List<String>> plain = command;
        IntFunction<List<String>> compressed = port -> {
            List<String> line = new ArrayList<>(plain.apply(port));
            line.addAll(compression.arguments());
            return line;
        };
        return new ServerSpec(name, library + " with permessage-deflate", compressed, environment, scenarios, raw, jvm,
                compression, tls, secure);
    }

    /** The same server launched to serve wss (its command plus the TLS arguments). */
    public ServerSpec withTls() {
        if (!tls.supported()) {
            throw new IllegalStateException(name + " has no TLS here: " + tls.description());
        }
        IntFunction<List<String>> plain = command;
        IntFunction<List<String>> secured = port -> {
            List<String> line = new ArrayList<>(plain.apply(port));
            line.addAll(tls.arguments());
            return line;
        };
        return new ServerSpec(name, library + " over TLS", secured, environment, scenarios, raw, jvm, compression, tls,
                true);
    }
}
