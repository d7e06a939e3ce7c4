package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The servers the benchmark knows, in table order: ours first, then the JVM peers, Node's, and the
 * raw TCP ceiling. Peer servers run from the bench jar ({@code dev.jvmws.bench.peers}); ours through
 * {@code bin/testee server}, as users and the interop tests run it. Each entry also says how the
 * server runs for the compressed workloads (Z1, ZM): peers turn permessage-deflate on with
 * {@code --compression on} (it is off for every other workload), ours accepts it by default.
 */
public final class ServerCatalog {
    /** Our server's row name: the numerator of every ratio. */
    public static final String OURS = "jvmws";

    private static final Set<Scenario> SERVER_SCENARIOS = EnumSet.of(Scenario.E1, Scenario.E2, Scenario.P1,
            Scenario.L1, Scenario.M1, Scenario.H1, Scenario.B1, Scenario.Z1, Scenario.ZM);
    private static final String[] COMPRESSION_ON = {"--compression", "on"};
    /** Raw TCP echo only makes sense where the same bytes can be echoed: no handshake, no broadcast. */
    private static final Set<Scenario> RAW_SCENARIOS = EnumSet.of(Scenario.E1, Scenario.E2, Scenario.P1, Scenario.L1);

    private ServerCatalog() {
    }

    public static List<ServerSpec> all(RunSettings settings) {
        List<ServerSpec> servers = new ArrayList<>();
        String root = settings.root().toString();
        servers.add(new ServerSpec(OURS, "jvmws (this repository, bin/testee server)",
                // Compression off like every peer's plain run (it matters in C1, where clients offer it);
                // the compressed runs append --compression, and the last of the two wins.
                port -> List.of(root + "/bin/testee", "server", "--port", Integer.toString(port), "--no-compression"),
                Map.of("JVMWS_JAVA_OPTS", String.join(" ", settings.jvmOptions())), SERVER_SCENARIOS, false, true,
                CompressionSupport.with("--compression: accepts every valid offer, threshold 0 (every message "
                        + "compressed), zlib's default level (6), server context takeover kept", "--compression")));
        CompressionSupport netty = CompressionSupport.with("WebSocketServerCompressionHandler with its defaults: "
                + "level 6, every message compressed, server context takeover kept", COMPRESSION_ON);
        servers.add(peer(settings, "netty-epoll", "Netty (epoll transport)", "NettyEchoServer", netty,
                "--transport", "epoll"));
        servers.add(peer(settings, "netty-nio", "Netty (NIO transport)", "NettyEchoServer", netty,
                "--transport", "nio"));
        servers.add(peer(settings, "jetty", "Jetty WebSocket", "JettyEchoServer", CompressionSupport.with(
                "Jetty's built-in permessage-deflate left on, its defaults: every message compressed, zlib's default "
                        + "level, server context takeover kept", COMPRESSION_ON)));
        servers.add(peer(settings, "undertow", "Undertow WebSocket", "UndertowEchoServer", CompressionSupport.with(
                "PerMessageDeflateHandshake (server, zlib's default level): every message compressed, server context "
                        + "takeover kept", COMPRESSION_ON)));
        servers.add(peer(settings, "java-websocket", "Java-WebSocket (TooTallNate)", "JavaWebSocketEchoServer",
                CompressionSupport.with("PerMessageDeflateExtension, threshold 0, zlib's default level; it always "
                        + "answers server_no_context_takeover (no server context takeover)", COMPRESSION_ON)));
        servers.add(node(settings, "node-ws", "Node.js ws", "ws-echo-server.js", CompressionSupport.with(
                "perMessageDeflate { threshold: 0 }, otherwise ws's defaults: zlib level 6, memLevel 8, "
                        + "concurrencyLimit 10, server context takeover kept", COMPRESSION_ON)));
        servers.add(node(settings, "node-websocket", "Node.js websocket (WebSocket-Node)", "websocket-echo-server.js",
                CompressionSupport.none("WebSocket-Node 1.0.35 has no permessage-deflate")));
        servers.add(new ServerSpec("raw-tcp", "raw TCP byte echo (the ceiling; no WebSocket)",
                port -> javaCommand(settings, "RawTcpEchoServer", port), Map.of(), RAW_SCENARIOS, true, true,
                CompressionSupport.none("raw TCP has no WebSocket extensions")));
        return servers;
    }

    /** Row names, in table order. */
    public static List<String> names(RunSettings settings) {
        List<String> names = new ArrayList<>();
        for (ServerSpec spec : all(settings)) {
            names.add(spec.name());
        }
        return names;
    }

    private static ServerSpec peer(RunSettings settings, String name, String library, String mainClass,
            CompressionSupport compression, String... extraArguments) {
        return new ServerSpec(name, library, port -> {
            List<String> command = javaCommand(settings, mainClass, port);
            command.addAll(List.of(extraArguments));
            return command;
        }, Map.of(), SERVER_SCENARIOS, false, true, compression);
    }

    private static ServerSpec node(RunSettings settings, String name, String library, String script,
            CompressionSupport compression) {
        String path = settings.root().resolve("bench/node").resolve(script).toString();
        return new ServerSpec(name, library, port -> List.of("node", path, "--port", Integer.toString(port)),
                Map.of(), SERVER_SCENARIOS, false, false, compression);
    }

    private static List<String> javaCommand(RunSettings settings, String mainClass, int port) {
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(settings.benchJar().toString());
        command.add("dev.jvmws.bench.peers." + mainClass);
        command.add("--port");
        command.add(Integer.toString(port));
        return command;
    }
}
