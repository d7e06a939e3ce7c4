package dev.jvmws.internal.client;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.ExtensionHeader;
import dev.jvmws.extension.PerMessageDeflate;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.AcceptKey;
import dev.jvmws.handshake.ClientHandshake;
import dev.jvmws.handshake.HandshakeException;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.EventLoopGroup;
import dev.jvmws.protocol.CloseCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * Drives one client socket ({@link ClientSocket}) through connecting: the opening handshake, its validation and
 * the redirects (ws's {@code initAsClient}). Each hop is a new TCP connection on the same event loop;
 * the handshake timeout restarts on each.
 *
 * <p>Thread-safety: {@link #start} and {@link #abort} may be called from any thread; the rest runs on
 * the event loop.
 */
public final class ClientConnector implements ClientHandshakeHandler {
    private static final SecureRandom KEYS = new SecureRandom();

    private final ClientSocket ws;
    private final ClientSettings options;
    private final EventLoop loop;
    private HttpHeaders userHeaders;
    private ClientHandshake handshake;
    private int redirects;
    private volatile PendingResponse current;
    private volatile boolean aborted;

    public ClientConnector(ClientSocket ws, ClientSettings options) {
        this.ws = ws;
        this.options = options;
        this.loop = options.eventLoop() != null ? options.eventLoop() : EventLoopGroup.sharedClientGroup().next();
        this.userHeaders = options.headers();
    }

    /**
     * Validates the URL synchronously, gives the socket its normalised URL, then starts connecting.
     * The URL is set before the loop may run: a redirect there sets the new one, which must not be
     * overwritten by the caller's thread afterwards.
     */
    public void start(URI uri) {
        ClientHandshake first = newHandshake(uri);
        ws.useUrl(first.uri());
        loop.execute(() -> connect(first));
    }

    public void abort(Throwable error) {
        aborted = true;
        loop.execute(() -> {
            PendingResponse pending = current;
            if (pending != null && pending.isPending()) {
                pending.abort(error);
            } else if (pending == null) {
                ws.failedToOpen(error, true);
            }
        });
    }

    private ClientHandshake newHandshake(URI uri) {
        PerMessageDeflateOptions deflate = options.perMessageDeflate();
        return new ClientHandshake(uri, AcceptKey.newKey(KEYS), options.protocolVersion(), options.origin(),
                options.subprotocols(), userHeaders, deflate == null ? null : PerMessageDeflate.offer(deflate));
    }

    private void connect(ClientHandshake next) {
        if (aborted) {
            ws.failedToOpen(closedBeforeEstablished(), true);
            return;
        }
        handshake = next;
        URI uri = next.uri();
        boolean secure = "wss".equals(uri.getScheme());
        int port = uri.getPort() >= 0 ? uri.getPort() : secure ? 443 : 80;
        try {
            ClientRoute route = routeTo(uri, secure, port);
            if (route != null) {
                current = PendingResponse.connect(loop, route, next.request(), this,
                        options.maxHeaderBytes(), options.handshakeTimeout().toNanos());
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            ws.failedToOpen(e, true);
        }
    }

    /**
     * How this hop reaches {@code uri}: a Unix domain socket, a tunnel through the proxy the options
     * choose, or TCP straight to the host; over TLS for {@code wss}. Null when the host is unknown
     * (reported already). Through a proxy the target's name is not looked up here: the proxy does
     * that, and often knows names the client's resolver does not.
     */
    private ClientRoute routeTo(URI uri, boolean secure, int port) throws GeneralSecurityException {
        Optional<String> socketPath = ClientHandshake.unixSocketPath(uri);
        if (socketPath.isPresent()) {
            // A path out of a URI holds no NUL, the one thing a Unix path cannot. No proxy: it is local.
            return new ClientRoute(UnixDomainSocketAddress.of(socketPath.get()), null, null);
        }
        String host = hostOf(uri);
        SSLEngine tls = secure ? options.tls().newEngine(host, port) : null;
        InetSocketAddress proxy = options.proxy().select(host, port, secure);
        InetSocketAddress dial = proxy == null ? new InetSocketAddress(uri.getHost(), port)
                : proxy.isUnresolved() ? new InetSocketAddress(proxy.getHostString(), proxy.getPort()) : proxy;
        if (dial.isUnresolved()) {
            String name = proxy != null ? proxy.getHostString() : uri.getHost();
            ws.failedToOpen(new IOException("getaddrinfo ENOTFOUND " + name), true);
            return null;
        }
        ClientRoute.Tunnel tunnel = proxy == null ? null
                : new ClientRoute.Tunnel(host, port, options.proxy().credentials(), options.maxHeaderBytes());
        return new ClientRoute(dial, tunnel, tls);
    }

    /** The URL's host as a name to verify: an IPv6 literal without its brackets. */
    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public void onResponse(PendingResponse connection, HttpHead response, byte[] body) {
        if (connection != current) {
            connection.discard();
            return;
        }
        if (aborted) {
            connection.abort(closedBeforeEstablished());
            return;
        }
        int status = response.statusCode();
        if (status == 101) {
            upgrade(connection, response);
            return;
        }
        Optional<String> location = response.headers().first("Location");
        if (options.followRedirects() && status >= 300 && status < 400 && location.isPresent()) {
            connection.discard();
            redirect(location.get());
            return;
        }
        connection.discard();
        boolean handled;
        try {
            handled = ws.onUnexpectedResponse(response, body);
        } catch (RuntimeException e) {
            ws.failedToOpen(e, true);
            return;
        }
        ws.failedToOpen(new HandshakeException("Unexpected server response: " + status, status,
                response.headers(), body), !handled);
    }

    @Override
    public void onFailure(PendingResponse connection, Throwable error) {
        if (connection == current) {
            ws.failedToOpen(error, true);
        }
    }

    private void upgrade(PendingResponse connection, HttpHead response) {
        try {
            ws.onUpgrade(response);
        } catch (RuntimeException e) {
            connection.abort(e);
            return;
        }
        if (aborted || !connection.isPending()) {
            connection.abort(closedBeforeEstablished());
            return;
        }
        String protocol;
        try {
            protocol = handshake.validate(response);
        } catch (HandshakeException e) {
            connection.abort(e);
            return;
        }
        DeflateParameters deflate = null;
        String extensions = handshake.responseExtensions(response);
        if (extensions != null) {
            try {
                deflate = PerMessageDeflate.acceptResponse(ExtensionHeader.parse(extensions),
                        options.perMessageDeflate());
            } catch (IllegalArgumentException e) {
                // RFC 6455 §9.1 / RFC 7692 §7.1: an answer we cannot accept fails the connection.
                connection.failUpgrade(CloseCode.MANDATORY_EXTENSION,
                        new HandshakeException("Invalid Sec-WebSocket-Extensions header: " + e.getMessage()));
                return;
            }
        }
        ConnectionConfig config = options.config();
        if (deflate != null) {
            config = config.withDeflate(deflate);
        }
        DeflateParameters agreement = deflate;
        connection.accept(config, ws.events(), open -> ws.opened(open, protocol, agreement));
    }

    private void redirect(String location) {
        if (++redirects > options.maxRedirects()) {
            ws.failedToOpen(new IOException("Maximum redirects exceeded"), true);
            return;
        }
        URI from = handshake.uri();
        URI target;
        try {
            target = toWebSocketUri(from.resolve(new URI(location)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            ws.failedToOpen(new IOException("Invalid URL: " + location), true);
            return;
        }
        HttpHeaders.Builder headers = userHeaders.toBuilder();
        boolean sameHost = sameEndpoint(from, target);
        boolean downgrade = "wss".equals(from.getScheme()) && !"wss".equals(target.getScheme());
        if (!sameHost || downgrade) {
            // ws's rule: never carry credentials to another origin or over a weaker transport.
            headers.remove("Authorization").remove("Cookie");
            if (!sameHost) {
                headers.remove("Host");
            }
        }
        ClientHandshake next;
        try {
            ws.onRedirect(target, headers);
            userHeaders = headers.build();
            next = newHandshake(target);
        } catch (RuntimeException e) {
            ws.failedToOpen(e, true);
            return;
        }
        ws.useUrl(next.uri());
        connect(next);
    }

    /** The error of a connection closed or terminated by its user while still connecting (ws's wording). */
    public static IOException closedBeforeEstablished() {
        return new IOException("WebSocket was closed before the connection was established");
    }

    private static URI toWebSocketUri(URI uri) throws URISyntaxException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "ws":
            case "wss":
            case "ws+unix":
                return uri;
            case "http":
                return new URI("ws", uri.getRawSchemeSpecificPart(), null);
            case "https":
                return new URI("wss", uri.getRawSchemeSpecificPart(), null);
            default:
                throw new IllegalArgumentException("Unsupported scheme: " + scheme);
        }
    }

    /**
     * ws's same-host rule for redirects: the same socket path between two {@code ws+unix} URLs, the
     * same host and port between two others, never across the two.
     */
    private static boolean sameEndpoint(URI from, URI to) {
        Optional<String> fromSocket = ClientHandshake.unixSocketPath(from);
        Optional<String> toSocket;
        try {
            toSocket = ClientHandshake.unixSocketPath(to);
        } catch (IllegalArgumentException e) {
            return false; // an invalid target fails when its handshake is made
        }
        if (fromSocket.isPresent() || toSocket.isPresent()) {
            return fromSocket.equals(toSocket);
        }
        return from.getHost().equalsIgnoreCase(to.getHost()) && effectivePort(from) == effectivePort(to);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme()) || "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
