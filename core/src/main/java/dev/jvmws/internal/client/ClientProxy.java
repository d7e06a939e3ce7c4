package dev.jvmws.internal.client;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * Which HTTP proxy a client hop tunnels through, if any: the one given in the options, else, when
 * asked to, the one the JVM's {@link ProxySelector} names for the target (the {@code http.proxyHost}
 * and {@code https.proxyHost} system properties, or the selector an application installed).
 *
 * @param host the proxy given in the options; null for none
 * @param port its port (meaningless without {@code host})
 * @param credentials {@code user:password} for Basic proxy authentication, or null; used with whichever
 *     proxy is chosen
 * @param useSystemProxies ask {@link ProxySelector#getDefault()} when no proxy is given
 */
public record ClientProxy(String host, int port, String credentials, boolean useSystemProxies) {
    public static final ClientProxy NONE = new ClientProxy(null, -1, null, false);

    /**
     * The proxy to reach {@code host}:{@code port} through (resolved if the selector resolved it); null
     * to connect directly.
     *
     * @param secure whether the hop is {@code wss} (the selector is asked for an {@code https} URI then,
     *     as the JDK's {@code HttpClient} does, so {@code https.proxyHost} applies)
     */
    public InetSocketAddress select(String host, int port, boolean secure) {
        if (this.host != null) {
            return InetSocketAddress.createUnresolved(this.host, this.port);
        }
        if (!useSystemProxies) {
            return null;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return null;
        }
        URI target;
        try {
            target = new URI(secure ? "https" : "http", null, host, port, null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid host: " + host, e);
        }
        List<Proxy> proxies = selector.select(target);
        // In the selector's order of preference, the first we can use decides: DIRECT, or an HTTP
        // proxy. A SOCKS proxy is skipped, as this client speaks only HTTP CONNECT to proxies.
        for (Proxy proxy : proxies == null ? List.<Proxy>of() : proxies) {
            if (proxy.type() == Proxy.Type.DIRECT) {
                return null;
            }
            SocketAddress address = proxy.address();
            if (proxy.type() == Proxy.Type.HTTP && address instanceof InetSocketAddress) {
                return (InetSocketAddress) address;
            }
        }
        return null;
    }
}
