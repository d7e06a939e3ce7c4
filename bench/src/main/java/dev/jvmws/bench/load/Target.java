package dev.jvmws.bench.load;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Where the load goes: a server address, the request path, whether the server speaks WebSocket at
 * all ({@link #isRaw() raw}: a plain TCP echo, no handshake and no framing), whether the handshake
 * offers permessage-deflate ({@link #withPerMessageDeflate()}: then a connection opens only if the
 * server accepts it) and whether connections speak TLS first ({@link #withTls}: wss). Immutable;
 * thread-safe.
 */
public final class Target {
    private final InetSocketAddress server;
    private final String path;
    private final boolean raw;
    private final boolean deflate;
    private final TlsClient tls;
    private final ByteBuffer upgradeRequest;

    private Target(InetSocketAddress server, String path, boolean raw, boolean deflate, TlsClient tls) {
        this.server = server;
        this.path = path;
        this.raw = raw;
        this.deflate = deflate;
        this.tls = tls;
        this.upgradeRequest = raw ? null : UpgradeRequest.build(server.getHostString(), server.getPort(), path,
                deflate ? UpgradeRequest.DEFLATE_OFFER : null);
    }

    /** A WebSocket server at {@code host:port}, upgraded on {@code path}. */
    public static Target webSocket(String host, int port, String path) {
        return new Target(new InetSocketAddress(host, port), path, false, false, null);
    }

    /** A raw TCP echo server: bytes are sent as they are and counted back. */
    public static Target rawTcp(String host, int port) {
        return new Target(new InetSocketAddress(host, port), "", true, false, null);
    }

    /** The same server, another request path. */
    public Target withPath(String newPath) {
        return new Target(server, newPath, raw, deflate, tls);
    }

    /**
     * The same WebSocket server, with {@link UpgradeRequest#DEFLATE_OFFER} in every handshake; the
     * server must accept it ({@link DeflateNegotiation}) and may then set RSV1 on its replies.
     */
    public Target withPerMessageDeflate() {
        if (raw) {
            throw new IllegalStateException("a raw TCP target has no handshake to negotiate in");
        }
        return new Target(server, path, false, true, tls);
    }

    /**
     * The same WebSocket server over TLS (wss): every connection makes a TLS handshake with
     * {@code client} before its upgrade, and fails with the TLS error if the server does not speak it.
     */
    public Target withTls(TlsClient client) {
        if (raw) {
            throw new IllegalStateException("the raw TCP echo has no TLS");
        }
        return new Target(server, path, false, deflate, client);
    }

    public InetSocketAddress server() {
        return server;
    }

    public String path() {
        return path;
    }

    public boolean isRaw() {
        return raw;
    }

    /** Whether the handshake offers permessage-deflate (and the server must accept it). */
    public boolean offersPerMessageDeflate() {
        return deflate;
    }

    public boolean isTls() {
        return tls != null;
    }

    /** The TLS client of a wss target, else null. */
    TlsClient tls() {
        return tls;
    }

    /** A fresh view of the shared handshake request bytes (null for a raw target). */
    ByteBuffer newUpgradeRequestView() {
        return upgradeRequest == null ? null : upgradeRequest.duplicate();
    }

    @Override
    public String toString() {
        return (raw ? "tcp://" : tls != null ? "wss://" : "ws://") + server.getHostString() + ":" + server.getPort() + path
                + (deflate ? " (permessage-deflate)" : "");
    }
}
