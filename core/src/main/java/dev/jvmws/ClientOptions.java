package dev.jvmws;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.internal.client.ClientSettings;
import dev.jvmws.internal.client.ClientTls;
import dev.jvmws.internal.io.EventLoop;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Options of a client connection, with ws's names and defaults. Immutable and thread-safe; build with
 * {@link #builder()}.
 */
public final class ClientOptions {
    static final ClientOptions DEFAULTS = builder().build();

    final ConnectionSettings settings;
    private final List<String> subprotocols;
    private final HttpHeaders headers;
    private final String origin;
    private final int protocolVersion;
    private final Duration handshakeTimeout;
    private final boolean followRedirects;
    private final int maxRedirects;
    private final int maxHeaderBytes;
    private final EventLoop eventLoop;
    private final SSLContext sslContext;
    private final SSLParameters sslParameters;
    private final String serverName;
    private final boolean insecureTrustAllCertificates;

    private ClientOptions(Builder builder) {
        this.settings = builder.buildSettings();
        this.subprotocols = List.copyOf(builder.subprotocols);
        this.headers = builder.headers.build();
        this.origin = builder.origin;
        this.protocolVersion = builder.protocolVersion;
        this.handshakeTimeout = builder.handshakeTimeout;
        this.followRedirects = builder.followRedirects;
        this.maxRedirects = builder.maxRedirects;
        this.maxHeaderBytes = builder.maxHeaderBytes;
        this.eventLoop = builder.eventLoop;
        this.sslContext = builder.sslContext;
        this.sslParameters = builder.sslParameters;
        this.serverName = builder.serverName;
        this.insecureTrustAllCertificates = builder.insecureTrustAllCertificates;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> subprotocols() {
        return subprotocols;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public String origin() {
        return origin;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public boolean followRedirects() {
        return followRedirects;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** The TLS context for {@code wss}; null for the JDK's default (its trusted CAs). */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** TLS protocols, cipher suites and the like; null for the context's defaults. */
    public SSLParameters sslParameters() {
        return sslParameters;
    }

    /** The name sent as SNI and verified instead of the URL's host; null for the host (ws's {@code servername}). */
    public String serverName() {
        return serverName;
    }

    /** Whether every certificate is accepted for any name: no security (ws's {@code rejectUnauthorized: false}). */
    public boolean insecureTrustAllCertificates() {
        return insecureTrustAllCertificates;
    }

    /** What the internal connector uses of these options. */
    ClientSettings toSettings() {
        return new ClientSettings(subprotocols, headers, origin, protocolVersion, handshakeTimeout, followRedirects,
                maxRedirects, maxHeaderBytes, settings.perMessageDeflate, settings.toConfig(true), eventLoop,
                new ClientTls(sslContext, sslParameters, serverName, insecureTrustAllCertificates));
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder extends ConnectionSettings.Builder<Builder> {
        private List<String> subprotocols = List.of();
        private final HttpHeaders.Builder headers = HttpHeaders.builder();
        private String origin;
        private int protocolVersion = 13;
        private Duration handshakeTimeout = Duration.ofSeconds(30);
        private boolean followRedirects;
        private int maxRedirects = 10;
        private int maxHeaderBytes = 16 * 1024;
        private EventLoop eventLoop;
        private SSLContext sslContext;
        private SSLParameters sslParameters;
        private String serverName;
        private boolean insecureTrustAllCertificates;

        private Builder() {
            super(PerMessageDeflateOptions.DEFAULTS);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The TLS context for {@code wss} URLs (for a CA bundle or a client certificate in PEM files:
         * {@link PemSslContext}); by default the JDK's, trusting its CAs. The server's certificate is
         * always checked against the URL's host name (or {@link #serverName}).
         */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * TLS protocols, cipher suites and the like to start from; by default the context's. Host name
         * verification, SNI and ALPN ({@code http/1.1}) are set on top of them.
         */
        public Builder sslParameters(SSLParameters parameters) {
            this.sslParameters = parameters;
            return this;
        }

        /** The name to send as SNI and to verify the certificate against, instead of the URL's host (ws's {@code servername}). */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /**
         * Accepts any certificate for any host name: encryption without authentication, which anyone
         * on the path can intercept. For tests against self-signed servers only (ws's
         * {@code rejectUnauthorized: false}, wscat's {@code --no-check}).
         */
        public Builder insecureTrustAllCertificates() {
            this.insecureTrustAllCertificates = true;
            return this;
        }

        /**
         * The loop to connect on instead of the process's shared client loops: tests give one that
         * reads a clock they move by hand (not public API).
         */
        Builder eventLoop(EventLoop loop) {
            this.eventLoop = loop;
            return this;
        }

        /** Subprotocols to offer, in order of preference ({@code Sec-WebSocket-Protocol}). */
        public Builder subprotocols(String... protocols) {
            this.subprotocols = List.of(protocols);
            return this;
        }

        public Builder subprotocols(List<String> protocols) {
            this.subprotocols = List.copyOf(protocols);
            return this;
        }

        /** Adds a request header; the library's own handshake headers override same-named ones. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** The {@code Origin} header ({@code Sec-WebSocket-Origin} with protocol version 8). */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /** 13 (RFC 6455, default) or 8 (HyBi drafts 07–12). */
        public Builder protocolVersion(int version) {
            if (version != 13 && version != 8) {
                throw new IllegalArgumentException("Unsupported protocol version: " + version + " (supported versions: 8, 13)");
            }
            this.protocolVersion = version;
            return this;
        }

        /** Time allowed for connecting and the opening handshake, per redirect hop (default 30 s). */
        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("handshakeTimeout must be positive");
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Follow 3xx responses with a {@code Location} (default false). */
        public Builder followRedirects(boolean follow) {
            this.followRedirects = follow;
            return this;
        }

        /** Most redirects followed (default 10). */
        public Builder maxRedirects(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("maxRedirects must be >= 0");
            }
            this.maxRedirects = max;
            return this;
        }

        /** Largest accepted response head in bytes (default 16 KiB). */
        public Builder maxHeaderBytes(int bytes) {
            this.maxHeaderBytes = bytes;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
