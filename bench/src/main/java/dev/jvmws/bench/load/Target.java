package dev.jvmws.bench.load;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Where the load goes: a server address, the request path, whether the server speaks WebSocket at
 * all ({@link #isRaw() raw}: a plain TCP echo, no handshake and no framing) and whether the handshake
 * offers permessage-deflate ({@link #withPerMessageDeflate()}: then a connection opens only if the
 * server accepts it). Immutable; thread-safe.
 */
public final class Target {
    private final InetSocketAddress server;
    private final String path;
    private final boolean raw;
    private final boolean deflate;
    private final ByteBuffer upgradeRequest;

    private Target(InetSocketAddress server, String path, boolean raw, boolean deflate) {
        this.server = server;
        this.path = path;
        this.raw = raw;
        this.deflate = deflate;
        this.upgradeRequest = raw ? null : UpgradeRequest.build(server.getHostString(), server.getPort(), path,
                deflate ? UpgradeRequest.DEFLATE_OFFER : null);
    }

    /** A WebSocket server at {@code host:port}, upgraded on {@code path}. */
    public static Target webSocket(String host, int port, String path) {
        return new Target(new InetSocketAddress(host, port), path, false, false);
    }

    /** A raw TCP echo server: bytes are sent as they are and counted back. */
    public static Target rawTcp(String host, int port) {
        return new Target(new InetSocketAddress(host, port), "", true, false);
    }

    /** The same server, another request path. */
    public Target withPath(String newPath) {
        return new Target(server, newPath, raw, deflate);
    }

    /**
     * The same WebSocket server, with {@link UpgradeRequest#DEFLATE_OFFER} in every handshake; the
     * server must accept it ({@link DeflateNegotiation}) and may then set RSV1 on its replies.
     */
    public Target withPerMessageDeflate() {
        if (raw) {
            throw new IllegalStateException("a raw TCP target has no handshake to negotiate in");
        }
        return new Target(server, path, false, true);
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

    /** A fresh view of the shared handshake request bytes (null for a raw target). */
    ByteBuffer newUpgradeRequestView() {
        return upgradeRequest == null ? null : upgradeRequest.duplicate();
    }

    @Override
    public String toString() {
        return (raw ? "tcp://" : "ws://") + server.getHostString() + ":" + server.getPort() + path
                + (deflate ? " (permessage-deflate)" : "");
    }
}
