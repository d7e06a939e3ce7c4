package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The servers the benchmark knows, in table order: ours first (with the JDK's TLS provider, then the
 * same testee with Conscrypt's), then the JVM peers, Node's, and the raw TCP ceiling. Peer servers run
 * from the bench jar ({@code dev.jvmws.bench.peers}); ours through {@code bin/testee server}, as users
 * and the interop tests run it. Each entry also says how the server runs for the compressed workloads
 * (Z1, ZM): peers turn permessage-deflate on with {@code --compression on} (it is off for every other
 * workload), ours accepts it by default; and for the TLS workloads (E1T, L1T, H1T, M1T), which ours,
 * Netty with its JDK and its OpenSSL provider, and Node's ws take part in, each serving {@link TlsFiles}.
 */
public final class ServerCatalog {
    /** Our server's row name: the numerator of every ratio. */
    public static final String OURS = "jvmws";
    /** Our server with the fast TLS provider: the numerator of the TLS ratios against the peers' fast rows. */
    public static final String OURS_FAST_TLS = "jvmws-conscrypt";

    private static final Set<Scenario> SERVER_SCENARIOS = EnumSet.of(Scenario.E1, Scenario.E2, Scenario.P1,
            Scenario.L1, Scenario.M1, Scenario.H1, Scenario.B1, Scenario.Z1, Scenario.ZM);
    private static final Set<Scenario> TLS_SCENARIOS = EnumSet.of(Scenario.E1T, Scenario.L1T, Scenario.H1T,
            Scenario.M1T);
    private static final String[] COMPRESSION_ON = {"--compression", "on"};
    /** Raw TCP echo only makes sense where the same bytes can be echoed: no handshake, no broadcast. */
    private static final Set<Scenario> RAW_SCENARIOS = EnumSet.of(Scenario.E1, Scenario.E2, Scenario.P1, Scenario.L1);
    private static final TlsSupport NO_TLS = TlsSupport.none("not a TLS row of this benchmark (issue 11 compares "
            + "ours with Netty's JDK and OpenSSL providers and Node's ws)");

    private ServerCatalog() {
    }

    public static List<ServerSpec> all(RunSettings settings) {
        List<ServerSpec> servers = new ArrayList<>();
        String root = settings.root().toString();
        TlsFiles files = TlsFiles.under(settings.root());
        List<String> pem = List.of("--tls-cert", files.certificate().toString(), "--tls-key",
                files.privateKey().toString());
        CompressionSupport ours = CompressionSupport.with("--compression: accepts every valid offer, threshold 0 "
                + "(every message compressed), zlib's default level (6), server context takeover kept", "--compression");
        servers.add(new ServerSpec(OURS, "jvmws (this repository, bin/testee server)",
                // Compression off like every peer's plain run (it matters in C1, where clients offer it);
                // the compressed runs append --compression, and the last of the two wins.
                port -> List.of(root + "/bin/testee", "server", "--port", Integer.toString(port), "--no-compression"),
                Map.of("JVMWS_JAVA_OPTS", String.join(" ", settings.jvmOptions())),
                union(SERVER_SCENARIOS, TLS_SCENARIOS), false, true, ours,
                TlsSupport.with("the JDK's provider (SunJSSE): bin/testee server --tls-cert --tls-key, PemSslContext's "
                        + "SSLContext.getInstance(\"TLS\") with the JDK's defaults", null, pem), false));
        servers.add(new ServerSpec(OURS_FAST_TLS, "jvmws (this repository, the testee of cli/target/jvmws-cli.jar) "
                + "with Conscrypt", port -> conscryptTestee(settings, port), Map.of(), TLS_SCENARIOS, false, true,
                CompressionSupport.none("a TLS-only row"),
                TlsSupport.with("Conscrypt 2.5.2 (BoringSSL) as the JVM's first security provider, so PemSslContext "
                        + "gets its SSLContext; the testee unchanged (ConscryptTestee)",
                        Pattern.compile("^tls provider Conscrypt ", Pattern.MULTILINE), pem), false));
        CompressionSupport netty = CompressionSupport.with("WebSocketServerCompressionHandler with its defaults: "
                + "level 6, every message compressed, server context takeover kept", COMPRESSION_ON);
        servers.add(peer(settings, "netty-epoll", "Netty (epoll transport)", "NettyEchoServer", netty,
                TlsSupport.with("SslProvider.JDK (the JDK's SSLEngine) with Netty's defaults",
                        Pattern.compile("^tls provider JDK ", Pattern.MULTILINE), plus(pem, "--tls-provider", "jdk")),
                union(SERVER_SCENARIOS, TLS_SCENARIOS), "--transport", "epoll"));
        servers.add(peer(settings, "netty-nio", "Netty (NIO transport)", "NettyEchoServer", netty, NO_TLS,
                SERVER_SCENARIOS, "--transport", "nio"));
        servers.add(peer(settings, "netty-openssl", "Netty (epoll transport) with OpenSSL", "NettyEchoServer",
                CompressionSupport.none("a TLS-only row"),
                TlsSupport.with("SslProvider.OPENSSL: netty-tcnative-boringssl-static (BoringSSL), Netty's defaults",
                        Pattern.compile("^tls provider netty-tcnative ", Pattern.MULTILINE),
                        plus(pem, "--tls-provider", "openssl")),
                TLS_SCENARIOS, "--transport", "epoll"));
        servers.add(peer(settings, "jetty", "Jetty WebSocket", "JettyEchoServer", CompressionSupport.with(
                "Jetty's built-in permessage-deflate left on, its defaults: every message compressed, zlib's default "
                        + "level, server context takeover kept", COMPRESSION_ON), NO_TLS, SERVER_SCENARIOS));
        servers.add(peer(settings, "undertow", "Undertow WebSocket", "UndertowEchoServer", CompressionSupport.with(
                "PerMessageDeflateHandshake (server, zlib's default level): every message compressed, server context "
                        + "takeover kept", COMPRESSION_ON), NO_TLS, SERVER_SCENARIOS));
        servers.add(peer(settings, "java-websocket", "Java-WebSocket (TooTallNate)", "JavaWebSocketEchoServer",
                CompressionSupport.with("PerMessageDeflateExtension, threshold 0, zlib's default level; it always "
                        + "answers server_no_context_takeover (no server context takeover)", COMPRESSION_ON),
                NO_TLS, SERVER_SCENARIOS));
        servers.add(node(settings, "node-ws", "Node.js ws", "ws-echo-server.js", CompressionSupport.with(
                "perMessageDeflate { threshold: 0 }, otherwise ws's defaults: zlib level 6, memLevel 8, "
                        + "concurrencyLimit 10, server context takeover kept", COMPRESSION_ON),
                TlsSupport.with("Node's https.Server (OpenSSL, as Node is built) with its defaults, ws upgrading on it",
                        Pattern.compile("^tls provider OpenSSL ", Pattern.MULTILINE), pem),
                union(SERVER_SCENARIOS, TLS_SCENARIOS)));
        servers.add(node(settings, "node-websocket", "Node.js websocket (WebSocket-Node)", "websocket-echo-server.js",
                CompressionSupport.none("WebSocket-Node 1.0.35 has no permessage-deflate"), NO_TLS, SERVER_SCENARIOS));
        servers.add(new ServerSpec("raw-tcp", "raw TCP byte echo (the ceiling; no WebSocket)",
                port -> javaCommand(settings, "RawTcpEchoServer", port), Map.of(), RAW_SCENARIOS, true, true,
                CompressionSupport.none("raw TCP has no WebSocket extensions"), NO_TLS, false));
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
            CompressionSupport compression, TlsSupport tls, Set<Scenario> scenarios, String... extraArguments) {
        return new ServerSpec(name, library, port -> {
            List<String> command = javaCommand(settings, mainClass, port);
            command.addAll(List.of(extraArguments));
            return command;
        }, Map.of(), scenarios, false, true, compression, tls, false);
    }

    private static ServerSpec node(RunSettings settings, String name, String library, String script,
            CompressionSupport compression, TlsSupport tls, Set<Scenario> scenarios) {
        String path = settings.root().resolve("bench/node").resolve(script).toString();
        return new ServerSpec(name, library, port -> List.of("node", path, "--port", Integer.toString(port)),
                Map.of(), scenarios, false, false, compression, tls, false);
    }

    /**
     * Our testee with Conscrypt: the testee's own jar first on the class path (so its classes, the
     * core's included, are the ones {@code bin/testee} runs), the bench jar after it for Conscrypt and
     * the launcher; the JVM options {@code bin/testee} gives, then the run's.
     */
    private static List<String> conscryptTestee(RunSettings settings, int port) {
        List<String> command = new ArrayList<>();
        command.add(settings.java());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Xmx1g");
        command.addAll(settings.jvmOptions());
        command.add("-cp");
        command.add(settings.root().resolve("cli/target/jvmws-cli.jar") + java.io.File.pathSeparator
                + settings.benchJar());
        command.add("dev.jvmws.bench.peers.ConscryptTestee");
        command.addAll(List.of("server", "--port", Integer.toString(port), "--no-compression"));
        return command;
    }

    private static Set<Scenario> union(Set<Scenario> first, Set<Scenario> second) {
        Set<Scenario> both = EnumSet.copyOf(first);
        both.addAll(second);
        return both;
    }

    private static List<String> plus(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all;
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
