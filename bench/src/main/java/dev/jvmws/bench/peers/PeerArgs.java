package dev.jvmws.bench.peers;

import java.util.HashMap;
import java.util.Map;

/**
 * The command line every peer server shares ({@code --port P [--host H] [--compression on|off]
 * [--tls-cert CERT.pem --tls-key KEY.pem] [--name value]...}), and the {@code listening <port>} line
 * the benchmark waits for (after {@code tls provider ...} when serving wss). Peers are one process
 * each; nothing here is shared between threads after {@code main} starts.
 */
final class PeerArgs {
    /** Largest message a peer must accept: the benchmark's biggest payload. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    /** The path whose connections form the broadcast group. */
    static final String BROADCAST_PATH = "/broadcast";

    private final Map<String, String> values = new HashMap<>();

    private PeerArgs(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: --port P [--host H] [--name value]...; bad: " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        if (!values.containsKey("port")) {
            throw new IllegalArgumentException("--port is required");
        }
    }

    static PeerArgs parse(String[] args) {
        return new PeerArgs(args);
    }

    int port() {
        return Integer.parseInt(values.get("port"));
    }

    String host() {
        return get("host", "127.0.0.1");
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * {@code --compression on}: negotiate permessage-deflate (the compressed workloads Z1 and ZM);
     * off by default, as every other workload measures uncompressed WebSocket.
     */
    boolean compression() {
        String value = get("compression", "off");
        return switch (value) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--compression must be on or off, not " + value);
        };
    }

    /** Whether a request target (path, maybe with a query) joins the broadcast group. */
    static boolean isBroadcast(String target) {
        int query = target.indexOf('?');
        return (query < 0 ? target : target.substring(0, query)).equals(BROADCAST_PATH);
    }

    /**
     * Tells the benchmark which TLS implementation serves wss (before {@link #announce}): the runner
     * checks this line, so a row can never be measured on another provider than its name says.
     */
    static void announceTls(String provider) {
        System.out.println("tls provider " + provider);
        System.out.flush();
    }

    /** Tells the benchmark the server accepts connections. */
    static void announce(int port) {
        System.out.println("listening " + port);
        System.out.flush();
    }
}
