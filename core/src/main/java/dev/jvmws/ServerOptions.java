package dev.jvmws;

import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.handshake.TrustedProxies;
import dev.jvmws.internal.io.LoopClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Options of a {@link WebSocketServer}, with ws's names and defaults. Immutable and thread-safe; build
 * with {@link #builder()}.
 */
public final class ServerOptions {
    /** Answers a plain HTTP request (no {@code Upgrade}) on the WebSocket port; see {@link Builder#httpHandler}. */
    @FunctionalInterface
    public interface HttpHandler {
        /** The response, or null for the default 426 Upgrade Required. Runs on a loop thread: don't block. */
        HttpResponse handle(HandshakeRequest request);
    }

    static final int DEFAULT_MAX_PENDING_HANDSHAKES = 1_024;

    final ConnectionSettings settings;
    private final String host;
    private final int port;
    private final Path unixSocket;
    private final int backlog;
    private final String path;
    private final boolean noServer;
    private final ClientVerifier verifyClient;
    private final SubprotocolSelector handleProtocols;
    private final boolean clientTracking;
    private final BiConsumer<HttpHeaders.Builder, HandshakeRequest> responseHeaders;
    private final Duration handshakeTimeout;
    private final int maxHeaderBytes;
    private final int maxConnections;
    private final int maxPendingHandshakes;
    private final TrustedProxies trustedProxies;
    private final HttpHandler httpHandler;
    private final Router router;
    private final int threads;
    private final LoopClock clock;
    private final long messageMemoryBudget;
    private final Duration messageMemoryWait;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;
    private final ClientAuth clientAuth;

    /** Whether a TLS server asks connecting clients for a certificate (Node's {@code requestCert}/{@code rejectUnauthorized}). */
    public enum ClientAuth {
        /** No client certificate is asked for (the default). */
        NONE,
        /** A certificate is asked for; a client without one is still served. */
        WANT,
        /** A certificate the server's trust accepts is required; the TLS handshake fails without one. */
        NEED
    }

    private ServerOptions(Builder builder) {
        this.settings = builder.buildSettings();
        this.host = builder.host;
        this.port = builder.port;
        this.unixSocket = builder.unixSocket;
        this.backlog = builder.backlog;
        this.path = builder.path;
        this.noServer = builder.noServer;
        this.verifyClient = builder.verifyClient;
        this.handleProtocols = builder.handleProtocols;
        this.clientTracking = builder.clientTracking;
        this.responseHeaders = builder.responseHeaders;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.maxHeaderBytes = builder.maxHeaderBytes;
        this.maxConnections = builder.maxConnections;
        this.maxPendingHandshakes = builder.maxPendingHandshakes;
        this.trustedProxies = builder.trustedProxies;
        this.httpHandler = builder.httpHandler;
        this.router = builder.router;
        this.threads = builder.threads;
        this.clock = builder.clock;
        long budget = builder.messageMemoryBudget > 0
                ? builder.messageMemoryBudget
                : Runtime.getRuntime().maxMemory() / 8;
        // Room for one message of maxPayload and its last chunk at least, so a lone large message
        // never waits for memory that only it could free.
        this.messageMemoryBudget = settings.maxPayload > 0 ? Math.max(budget, 2 * settings.maxPayload) : budget;
        this.messageMemoryWait = builder.messageMemoryWait;
        this.sslContext = builder.sslContext;
        this.sslParameters = builder.sslParameters;
        this.clientAuth = builder.clientAuth;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address to bind; null binds all interfaces. */
    public String host() {
        return host;
    }

    /** The port to listen on; -1 when the server listens on a {@link #unixSocket()} or is {@link #noServer()}. */
    public int port() {
        return port;
    }

    /** The Unix domain socket to listen on, or null when the server listens on a port or is {@link #noServer()}. */
    public Path unixSocket() {
        return unixSocket;
    }

    public int backlog() {
        return backlog;
    }

    /** The only accepted request path, or null to accept any. */
    public String path() {
        return path;
    }

    public boolean noServer() {
        return noServer;
    }

    public ClientVerifier verifyClient() {
        return verifyClient;
    }

    public SubprotocolSelector handleProtocols() {
        return handleProtocols;
    }

    public boolean clientTracking() {
        return clientTracking;
    }

    /** The hook adding headers to each 101 response; null for none. */
    public BiConsumer<HttpHeaders.Builder, HandshakeRequest> responseHeaders() {
        return responseHeaders;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Most open connections; 0 for no limit. */
    public int maxConnections() {
        return maxConnections;
    }

    /** The routes to several endpoints; null for one endpoint (the server's listener). */
    public Router router() {
        return router;
    }

    /** What answers plain HTTP requests; null for the default 426. */
    public HttpHandler httpHandler() {
        return httpHandler;
    }

    /** The proxies whose forwarding headers {@link HandshakeRequest#clientAddress()} believes; none by default. */
    public TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    /** Most accepted sockets whose upgrade request is still being read or decided; 0 for no limit. */
    public int maxPendingHandshakes() {
        return maxPendingHandshakes;
    }

    public int threads() {
        return threads;
    }

    /** What the server's event loops time their timeouts with: the system clock, or a test's. */
    LoopClock clock() {
        return clock;
    }

    /** Bytes all connections together may hold in messages still arriving (see the builder). */
    public long messageMemoryBudget() {
        return messageMemoryBudget;
    }

    public Duration messageMemoryWait() {
        return messageMemoryWait;
    }

    /** The TLS context when the server speaks {@code wss}; null for plain {@code ws}. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** The TLS parameters (protocols, cipher suites); null for the context's defaults. */
    public SSLParameters sslParameters() {
        return sslParameters;
    }

    public ClientAuth clientAuth() {
        return clientAuth;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder extends ConnectionSettings.Builder<Builder> {
        private String host;
        private int port = -1;
        private Path unixSocket;
        private int backlog = 511;
        private String path;
        private boolean noServer;
        private ClientVerifier verifyClient;
        private SubprotocolSelector handleProtocols = SubprotocolSelector.FIRST_OFFERED;
        private boolean clientTracking = true;
        private BiConsumer<HttpHeaders.Builder, HandshakeRequest> responseHeaders;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private int maxHeaderBytes = 16 * 1024;
        private int maxConnections;
        private int maxPendingHandshakes = DEFAULT_MAX_PENDING_HANDSHAKES;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;
        private HttpHandler httpHandler;
        private Router router;
        private int threads = Runtime.getRuntime().availableProcessors();
        private LoopClock clock = LoopClock.SYSTEM;
        private long messageMemoryBudget;
        private Duration messageMemoryWait = Duration.ofSeconds(10);
        private SSLContext sslContext;
        private SSLParameters sslParameters;
        private ClientAuth clientAuth = ClientAuth.NONE;

        private Builder() {
            super(null);
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port to listen on; 0 picks a free one (see {@link WebSocketServer#address()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Listen on a Unix domain socket at {@code path} instead of a port (Node's
         * {@code server.listen(path)}; ws reaches it through an HTTP server listening so, and clients
         * through {@code ws+unix:} URLs). Like Node, the server does not take over an existing file:
         * if {@code path} exists, even as a stale socket left by a process that died, starting fails
         * with a {@link java.net.BindException} ({@code EADDRINUSE}) — delete it first if you know it
         * is yours. The file is removed when the server closes. Peers have no address:
         * {@link HandshakeRequest#remoteAddress()} is null. Excludes {@link #port} and {@link #host}.
         */
        public Builder unixSocket(Path path) {
            this.unixSocket = java.util.Objects.requireNonNull(path, "path");
            return this;
        }

        /** The listen backlog (default 511, as Node). */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /** Accept only requests for exactly this path (query ignored); others get 400. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** Don't listen: upgrades are handed in with {@link WebSocketServer#handleUpgrade}. */
        public Builder noServer(boolean noServer) {
            this.noServer = noServer;
            return this;
        }

        /** Accepts or rejects each upgrade request, synchronously or asynchronously. */
        public Builder verifyClient(ClientVerifier verifier) {
            this.verifyClient = verifier;
            return this;
        }

        /** Chooses the subprotocol (default: the client's first). */
        public Builder handleProtocols(SubprotocolSelector selector) {
            this.handleProtocols = selector;
            return this;
        }

        /**
         * Adds headers to each 101 response (ws's {@code headers} event): {@code hook} gets an empty
         * builder and the request, on the connection's event loop, after the request was verified;
         * what it adds follows the WebSocket headers, which stay the server's. A hook that throws (or
         * adds a value that cannot be written) turns the upgrade into a 500. Default: none, and the
         * 101 is written without building any header object.
         */
        public Builder responseHeaders(BiConsumer<HttpHeaders.Builder, HandshakeRequest> hook) {
            this.responseHeaders = hook;
            return this;
        }

        /** Keep the live set {@link WebSocketServer#clients()} (default true). */
        public Builder clientTracking(boolean tracking) {
            this.clientTracking = tracking;
            return this;
        }

        /** Time a client has to send its complete upgrade request (default 30 s). */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Largest accepted request head in bytes (default 16 KiB); larger → 431. */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = bytes;
            return this;
        }

        /**
         * Most open connections (WebSocket-Node and ws have none; default 0, no limit): an upgrade
         * beyond it is answered 503 "Too many connections" and reported to {@code onClientError}.
         * Checked when the upgrade is decided against the connections open then; upgrades decided at
         * the same moment on different loops may pass it by one each.
         */
        public Builder maxConnections(int connections) {
            if (connections < 0) {
                throw new IllegalArgumentException("maxConnections must be >= 0");
            }
            this.maxConnections = connections;
            return this;
        }

        /**
         * Several endpoints by path and subprotocol, each with its listener and settings (see
         * {@link Router}); an upgrade matching none is answered 404. With {@link #path} too, a request
         * must pass both. Default: none, every upgrade goes to the server's listener.
         */
        public Builder router(Router router) {
            this.router = router;
            return this;
        }

        /**
         * Answers plain HTTP requests (no {@code Upgrade} header, any method) on the WebSocket port with
         * a small response — a health check, a status page, a browser client's page — instead of 426
         * Upgrade Required; the connection closes after it (no keep-alive). A {@code HEAD} request gets
         * the head alone. The handler returning null keeps the 426; one that throws is the server's
         * {@code onError} and a 500. Requests are read with the upgrade's limits ({@code maxHeaderBytes},
         * {@code handshakeTimeout}); request bodies are not read. Default: none.
         */
        public Builder httpHandler(HttpHandler handler) {
            this.httpHandler = handler;
            return this;
        }

        /**
         * The proxies in front of this server (IP literals or CIDR blocks: {@code "10.0.0.0/8"},
         * {@code "::1"}) whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed by
         * {@link HandshakeRequest#clientAddress()}. Default: none, so the client is the socket's peer
         * whatever the headers say (anyone can send them).
         *
         * @throws IllegalArgumentException for a host name or a bad prefix
         */
        public Builder trustedProxies(String... addressesOrCidrs) {
            this.trustedProxies = TrustedProxies.of(addressesOrCidrs);
            return this;
        }

        /**
         * Most accepted sockets whose upgrade request is still arriving or being decided (default
         * 1,024; 0 = no limit): against slowloris, thousands of sockets that never finish their
         * request. One more is answered 503 "Too many pending handshakes" at once, before any of its
         * bytes are read, and reported to {@code onClientError}; {@code handshakeTimeout} ends the
         * slow ones. Bounds what unfinished requests can hold to this times {@code maxHeaderBytes}.
         */
        public Builder maxPendingHandshakes(int handshakes) {
            if (handshakes < 0) {
                throw new IllegalArgumentException("maxPendingHandshakes must be >= 0");
            }
            this.maxPendingHandshakes = handshakes;
            return this;
        }

        /**
         * Serves {@code wss}: every accepted connection speaks TLS with this context (for a key pair in
         * PEM files: {@link PemSslContext}). The TLS handshake counts toward {@code handshakeTimeout}.
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** TLS protocols, cipher suites and the like for each connection; by default the context's. */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = parameters;
            return this;
        }

        /**
         * Whether to ask TLS clients for a certificate (default {@link ClientAuth#NONE}); the server's
         * context must trust their issuers. {@link dev.jvmws.handshake.HandshakeRequest#peerCertificates()}
         * shows what a client presented.
         */
        public Builder clientAuth(ClientAuth auth) {
            this.clientAuth = java.util.Objects.requireNonNull(auth, "auth");
            return this;
        }

        /** A clock tests move by hand, so timeouts are tested without waiting (not public API). */
        Builder clock(LoopClock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Event loop threads (default: one per core). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Bytes all connections together may hold in messages still arriving (default: an eighth of
         * the maximum heap, and at least twice {@code maxPayload}). While it is spent, connections in
         * the middle of a message are neither read (TCP pushes back on their senders) nor
         * decompressed further, except one at a time that goes on so messages keep completing; one
         * that has waited {@link #messageMemoryWait} holding at least the average share, or the one
         * going on if its message stopped growing that long, is closed with 1013 (try again later).
         * So the bound is the budget plus one message. Complete messages that arrive in one read never
         * count. Without it, a few hundred peers each trickling a message of {@code maxPayload} could
         * exhaust the heap.
         */
        public Builder messageMemoryBudget(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("messageMemoryBudget must be positive");
            }
            this.messageMemoryBudget = bytes;
            return this;
        }

        /** How long a connection waits for {@link #messageMemoryBudget} before it may be closed (default 10 s). */
        public Builder messageMemoryWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) {
                throw new IllegalArgumentException("messageMemoryWait must be positive");
            }
            this.messageMemoryWait = wait;
            return this;
        }

        public ServerOptions build() {
            int ways = (port >= 0 ? 1 : 0) + (unixSocket != null ? 1 : 0) + (noServer ? 1 : 0);
            if (ways != 1) {
                throw new IllegalArgumentException("Exactly one of port, unixSocket and noServer must be set");
            }
            if (unixSocket != null && host != null) {
                throw new IllegalArgumentException("host has no meaning with unixSocket");
            }
            return new ServerOptions(this);
        }
    }
}
