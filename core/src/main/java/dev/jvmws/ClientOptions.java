package dev.jvmws;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.handshake.ConnectRequest;
import dev.jvmws.internal.client.ClientProxy;
import dev.jvmws.internal.client.ClientSettings;
import dev.jvmws.internal.client.ClientTls;
import dev.jvmws.internal.io.EventLoop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
    private final URI proxy;
    private final boolean useSystemProxies;
    private final ClientProxy proxySettings;

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
        this.proxy = builder.proxy;
        this.useSystemProxies = builder.useSystemProxies;
        this.proxySettings = builder.proxySettings();
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

    /** The HTTP proxy every {@code ws}/{@code wss} connection tunnels through; null for none. */
    public URI proxy() {
        return proxy;
    }

    /** Whether the JVM's {@code ProxySelector} chooses the proxy when none is given. */
    public boolean useSystemProxies() {
        return useSystemProxies;
    }

    /** What the internal connector uses of these options. */
    ClientSettings toSettings() {
        return new ClientSettings(subprotocols, headers, origin, protocolVersion, handshakeTimeout, followRedirects,
                maxRedirects, maxHeaderBytes, settings.perMessageDeflate, settings.toConfig(true), eventLoop,
                new ClientTls(sslContext, sslParameters, serverName, insecureTrustAllCertificates), proxySettings);
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
        private URI proxy;
        private String proxyCredentials;
        private boolean useSystemProxies;

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
         * {@code rejectUnauthorized: false}, wscat's {@code --no-check}). With an {@link #sslContext}
         * built by {@link PemSslContext}, its client certificate is still presented (ws's
         * {@code cert}/{@code key} beside {@code rejectUnauthorized: false}); a context made any other
         * way cannot be asked for its keys, so none is presented.
         */
        public Builder insecureTrustAllCertificates() {
            this.insecureTrustAllCertificates = true;
            return this;
        }

        /**
         * Connects through this HTTP proxy, {@code http://[user:password@]host[:port]} (port 80 when
         * none, as Node's proxy agents): each {@code ws://} and {@code wss://} connection, and each
         * redirect hop, asks it for a tunnel with {@code CONNECT host:port}, then runs TLS (for
         * {@code wss}, checked against the target's name) and the handshake inside it. The
         * user-info, percent-decoded, is sent as Basic {@code Proxy-Authorization}. A proxy that
         * refuses fails the connection with a {@link ProxyException} carrying its status. Not used
         * for {@code ws+unix} URLs. Null for none (the default).
         *
         * @throws IllegalArgumentException for another scheme ({@code https} proxies are not
         *     supported), no host, a path, query or fragment, or user-info that is not UTF-8
         */
        public Builder proxy(URI proxy) {
            if (proxy != null) {
                checkProxy(proxy);
            }
            this.proxy = proxy;
            return this;
        }

        private static void checkProxy(URI proxy) {
            String scheme = proxy.getScheme() == null ? "" : proxy.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http")) {
                throw new IllegalArgumentException("Unsupported proxy URL: " + redacted(proxy)
                        + " (only http://host:port proxies are supported)");
            }
            if (proxy.getHost() == null) {
                throw new IllegalArgumentException("Invalid proxy URL: " + redacted(proxy) + " (no host)");
            }
            String path = proxy.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || proxy.getRawQuery() != null
                    || proxy.getRawFragment() != null) {
                throw new IllegalArgumentException("Invalid proxy URL: " + redacted(proxy)
                        + " (a proxy has no path, query or fragment)");
            }
            ConnectRequest.credentials(proxy); // refuses user-info that does not decode
        }

        /** The URL without its user-info, so that a password never ends up in a message or a log. */
        private static String redacted(URI proxy) {
            return proxy.getRawUserInfo() == null ? proxy.toString()
                    : proxy.toString().replace(proxy.getRawUserInfo() + "@", "");
        }

        /**
         * Basic credentials for the proxy, instead of those in the {@link #proxy} URL's user-info;
         * used with a proxy the JVM's selector chose too. Null for none.
         *
         * @throws IllegalArgumentException if {@code user} contains {@code :} (RFC 7617 §2 has no way
         *     to send it)
         */
        public Builder proxyCredentials(String user, String password) {
            if (user == null) {
                this.proxyCredentials = null;
                return this;
            }
            if (user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("A proxy user name cannot contain ':'");
            }
            this.proxyCredentials = user + ":" + (password == null ? "" : password);
            return this;
        }

        /**
         * When no {@link #proxy} is given, asks the JVM's {@link java.net.ProxySelector#getDefault()
         * ProxySelector} for each hop's target (an {@code http://} URI for {@code ws}, {@code https://}
         * for {@code wss}, so the {@code http.proxyHost} and {@code https.proxyHost} system properties
         * and {@code http.nonProxyHosts} apply) and tunnels through the first HTTP proxy it names;
         * {@code DIRECT} means no proxy. Off by default, as ws ignores the environment's proxies.
         */
        public Builder useSystemProxies() {
            this.useSystemProxies = true;
            return this;
        }

        private ClientProxy proxySettings() {
            if (proxy == null) {
                return useSystemProxies ? new ClientProxy(null, -1, proxyCredentials, true) : ClientProxy.NONE;
            }
            String credentials = proxyCredentials != null ? proxyCredentials : ConnectRequest.credentials(proxy);
            // URI.getHost() keeps an IPv6 literal's brackets; the address takes it without.
            String host = proxy.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new ClientProxy(host, proxy.getPort() >= 0 ? proxy.getPort() : 80, credentials, useSystemProxies);
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
