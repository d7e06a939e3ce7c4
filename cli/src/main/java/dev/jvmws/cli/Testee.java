package dev.jvmws.cli;

import dev.jvmws.ClientOptions;
import dev.jvmws.PemSslContext;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The conformance and interop testee: an echo server, and the Autobahn fuzzing server's client
 * protocol. No per-message logging: it is also a benchmark target.
 *
 * <p>It runs with the library's defaults (every limit on) but for {@code maxPayload}, raised to 64 MiB
 * for Autobahn's 9.* cases, and compression options that compress every message. It is also what
 * {@code bin/abuse} attacks, so it behaves like a careful production server: the echo server stops
 * reading a connection whose echoes are not being read, and a fatal error (the JVM out of memory)
 * ends the process with status {@value #EXIT_FATAL}, never 0 and never half alive.
 */
@Command(name = "testee", mixinStandardHelpOptions = true,
        description = "Echo server and Autobahn client for conformance and interop testing.",
        subcommands = {Testee.Server.class, Testee.Client.class})
public final class Testee implements Callable<Integer> {
    /** Autobahn's 9.* cases send messages up to 16 MiB, some in 64-byte fragments. */
    static final long MAX_PAYLOAD_BYTES = 64L * 1024 * 1024;
    /**
     * permessage-deflate for conformance runs: every message compressed (threshold 0), so the suite's
     * compression cases exercise the compressor on both roles; every valid offer is accepted.
     */
    static final PerMessageDeflateOptions COMPRESSION = PerMessageDeflateOptions.builder().threshold(0).build();
    /** The process's status after a fatal error (as sysexits' EX_SOFTWARE). */
    static final int EXIT_FATAL = 70;

    /** Ends the process at once: after a fatal error nothing else in it can be trusted to run. */
    static void exitFatally(Throwable error) {
        try {
            System.err.println("testee: fatal error, exiting: " + error);
        } finally {
            Runtime.getRuntime().halt(EXIT_FATAL);
        }
    }

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> exitFatally(error));
        int code = commandLine(new Testee()).execute(args);
        if (code != 0 || (args.length > 0 && !"server".equals(args[0]))) {
            System.exit(code);
        }
    }

    /** The command line for {@code command}: a flag given again overrides the earlier one (last wins). */
    static CommandLine commandLine(Object command) {
        return new CommandLine(command).setOverwrittenOptionsAllowed(true);
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /**
     * Sends every message back as received: text as text, binary as binary. A client that sends
     * without reading its echoes can't grow our memory: once more than the high-water mark (the
     * library's default, 1 MiB) waits to be written, the connection is paused (not read), and it is
     * resumed when the library reports it drained (down to the low-water mark, 256 KiB).
     */
    static final class Echo implements WebSocket.Listener {
        @Override
        public void onText(WebSocket ws, String text) {
            ws.send(text);
            pauseWhileBehind(ws);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.send(data);
            pauseWhileBehind(ws);
        }

        private static void pauseWhileBehind(WebSocket ws) {
            if (ws.bufferedAmount() > HIGH_WATER_BYTES && !ws.isPaused()) {
                ws.pause();
            }
        }

        @Override
        public void onDrain(WebSocket ws) {
            ws.resume();
        }
    }

    /** The library's default high-water mark, where {@link WebSocket.Listener#onDrain} starts watching. */
    static final long HIGH_WATER_BYTES = 1024 * 1024;

    /**
     * For the broadcast benchmark: every message received on a {@code /broadcast} connection goes to
     * every open {@code /broadcast} connection, the sender included.
     */
    static final class Broadcast implements WebSocket.Listener {
        private final Set<WebSocket> group = ConcurrentHashMap.newKeySet();

        void join(WebSocket ws) {
            group.add(ws);
            ws.setListener(this);
        }

        /** Framed once and shared by every member's queue (the broadcast API); a slow member queues up to its limit. */
        @Override
        public void onText(WebSocket ws, String text) {
            ws.server().broadcast(group, text, WebSocketServer.SlowReceivers.QUEUE);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            ws.server().broadcast(group, data, WebSocketServer.SlowReceivers.QUEUE);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            group.remove(ws);
        }
    }

    /** How long a signalled testee waits for the closing handshakes it started. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    @Command(name = "server", mixinStandardHelpOptions = true,
            description = "Run an echo server (and a broadcast group on /broadcast).")
    static final class Server implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "9001", description = "Port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--unix", paramLabel = "PATH",
                description = "Listen on a Unix domain socket at PATH instead of --host/--port (ws+unix: URLs reach it). "
                        + "PATH must not exist; it is removed when the server stops.")
        Path unix;

        @Option(names = "--compression", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Accept every valid permessage-deflate offer (the default); --no-compression declines "
                        + "them. The last one given wins.")
        boolean compression;

        @Option(names = "--tls-cert", paramLabel = "CERT.pem",
                description = "Serve wss:// with this PEM certificate chain (its own certificate first); needs --tls-key.")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "KEY.pem", description = "The PEM PKCS#8 private key of --tls-cert.")
        Path tlsKey;

        @Option(names = "--tls-key-passphrase", paramLabel = "P", description = "The passphrase of an encrypted --tls-key.")
        String tlsKeyPassphrase;

        @Option(names = "--heartbeat", paramLabel = "SECONDS",
                description = "Ping a connection from which nothing has arrived for SECONDS, and drop one that answers "
                        + "nothing within SECONDS of a ping (pingInterval and pongTimeout). Default: off.")
        Double heartbeatSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            WebSocketServer server = start();
            // SIGTERM (or SIGINT) is a graceful shutdown: close 1001 to everyone, up to SHUTDOWN_GRACE for
            // the closing handshakes, then exit 0 (halt: the JVM would otherwise exit 143 after a signal).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                int status = 0;
                try {
                    server.shutdown(SHUTDOWN_GRACE).get(SHUTDOWN_GRACE.toSeconds() + 2, TimeUnit.SECONDS);
                } catch (Exception e) {
                    System.err.println("testee: shutdown did not finish: " + e);
                    status = 1;
                }
                if (unix != null) {
                    // Remove the socket file, so the next run can bind the same path (a server
                    // refuses an existing file, as Node does).
                    try {
                        Files.deleteIfExists(unix);
                    } catch (IOException ignored) {
                        // nothing more to do on the way out
                    }
                }
                Runtime.getRuntime().halt(status);
            }, "testee-shutdown"));
            System.err.println("testee server listening on " + (unix != null ? unix : server.address()));
            return 0; // the server's non-daemon loop threads keep the process alive
        }

        /** Starts the echo server the flags describe. */
        WebSocketServer start() throws Exception {
            ServerOptions.Builder builder = ServerOptions.builder();
            if (unix != null) {
                builder.unixSocket(unix);
            } else {
                builder.host(host).port(port);
            }
            builder.maxPayload(MAX_PAYLOAD_BYTES).perMessageDeflate(compression ? COMPRESSION : null);
            if (heartbeatSeconds != null) {
                if (!(heartbeatSeconds > 0)) {
                    throw new ParameterException(spec.commandLine(), "--heartbeat must be a positive number of seconds");
                }
                Duration beat = Duration.ofNanos(Math.round(heartbeatSeconds * 1e9));
                builder.pingInterval(beat).pongTimeout(beat);
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
            }
            if (tlsCert != null) {
                PemSslContext.Builder pem = tlsKeyPassphrase == null
                        ? PemSslContext.builder().keyPair(tlsCert, tlsKey)
                        : PemSslContext.builder().keyPair(tlsCert, tlsKey, tlsKeyPassphrase.toCharArray());
                builder.sslContext(pem.build());
            }
            ServerOptions options = builder.build();
            Echo echo = new Echo();
            Broadcast broadcast = new Broadcast();
            return WebSocketServer.start(options, new WebSocketServer.Listener() {
                @Override
                public void onError(WebSocketServer failed, Throwable error) {
                    if (error instanceof VirtualMachineError) {
                        exitFatally(error);
                    }
                }

                @Override
                public void onConnection(WebSocket ws, HandshakeRequest request) {
                    if ("/broadcast".equals(request.path())) {
                        broadcast.join(ws);
                    } else {
                        ws.setListener(echo);
                    }
                }
            }).get(10, TimeUnit.SECONDS);
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true,
            description = "Run the Autobahn fuzzing server's cases as a client, echoing each message.")
    static final class Client implements Callable<Integer> {
        @Option(names = "--url", defaultValue = "ws://127.0.0.1:9001", description = "Fuzzing server (default ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--agent", defaultValue = "jvmws", description = "Agent name in reports (default ${DEFAULT-VALUE}).")
        String agent;

        @Option(names = "--no-compression", description = "Don't offer permessage-deflate (default: offer it).")
        boolean noCompression;

        @Option(names = "--tls-ca", paramLabel = "CA.pem",
                description = "Trust the certificates in this PEM bundle for wss:// (default: the JDK's trusted CAs).")
        Path tlsCa;

        @Override
        public Integer call() throws Exception {
            ClientOptions.Builder builder = ClientOptions.builder()
                    .maxPayload(MAX_PAYLOAD_BYTES)
                    .perMessageDeflate(noCompression ? null : COMPRESSION);
            if (tlsCa != null) {
                builder.sslContext(PemSslContext.builder().trust(tlsCa).build());
            }
            ClientOptions options = builder.build();
            String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            CompletableFuture<String> count = new CompletableFuture<>();
            WebSocket counter = WebSocket.connect(URI.create(base + "/getCaseCount"), options, new WebSocket.Listener() {
                @Override
                public void onText(WebSocket ws, String text) {
                    count.complete(text);
                }

                @Override
                public void onClose(WebSocket ws, int code, String reason) {
                    count.completeExceptionally(new IllegalStateException("closed before the case count arrived"));
                }
            });
            int cases = Integer.parseInt(count.get(30, TimeUnit.SECONDS).trim());
            counter.whenClosed().get(30, TimeUnit.SECONDS);
            Echo echo = new Echo();
            for (int i = 1; i <= cases; i++) {
                WebSocket ws = WebSocket.connect(URI.create(base + "/runCase?case=" + i + "&agent=" + agent), options, echo);
                ws.whenClosed().get(5, TimeUnit.MINUTES);
            }
            WebSocket report = WebSocket.connect(URI.create(base + "/updateReports?agent=" + agent), options, new WebSocket.Listener() {});
            report.whenClosed().get(60, TimeUnit.SECONDS);
            return 0;
        }
    }
}
