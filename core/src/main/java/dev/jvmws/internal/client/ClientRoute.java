package dev.jvmws.internal.client;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.SocketTransport;
import dev.jvmws.internal.io.TlsTransport;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import javax.net.ssl.SSLEngine;

/**
 * How one client hop reaches its server, as a chain of transports: a socket to {@code address}, a
 * tunnel through the proxy there when {@code tunnel} is given, and TLS on top when {@code tls} is given
 * (inside the tunnel, so the proxy sees only ciphertext and the certificate is checked against the
 * target, not the proxy).
 *
 * @param address the server's (TCP or Unix domain socket), or the proxy's when tunnelling
 * @param tunnel what to ask the proxy for; null to use the socket as it is
 * @param tls the client-mode engine for {@code wss}; null for {@code ws}
 */
public record ClientRoute(SocketAddress address, Tunnel tunnel, SSLEngine tls) {

    /**
     * A tunnel to {@code host}:{@code port}.
     *
     * @param credentials {@code user:password} for Basic proxy authentication, or null
     * @param maxHeadBytes the largest answer head accepted from the proxy
     */
    public record Tunnel(String host, int port, String credentials, int maxHeadBytes) {
    }

    /**
     * Starts connecting; {@code top} hears {@code onConnected} once every layer is ready (TLS
     * handshake over, tunnel open), or {@code onConnectFailed} with the first layer's failure. Loop
     * thread.
     *
     * @throws IOException if no socket could be opened ({@code top} is not told)
     */
    Transport open(EventLoop loop, TransportHandler top) throws IOException {
        TlsTransport secure = tls == null ? null : TlsTransport.client(loop, tls, top);
        TransportHandler aboveTunnel = secure != null ? secure : top;
        ProxyTunnel proxied = tunnel == null ? null
                : ProxyTunnel.client(loop, (InetSocketAddress) address, tunnel.host(), tunnel.port(),
                        tunnel.credentials(), tunnel.maxHeadBytes(), aboveTunnel);
        Transport socket = SocketTransport.connect(loop, address, proxied != null ? proxied : aboveTunnel);
        Transport below = proxied != null ? proxied.over(socket) : socket;
        return secure != null ? secure.over(below) : below;
    }
}
