package dev.jvmws.bench.load;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Where the load goes: a server address, the request path and whether the server speaks WebSocket at
 * all ({@link #isRaw() raw}: a plain TCP echo, no handshake and no framing). Immutable; thread-safe.
 */
public final class Target {
    private final InetSocketAddress server;
    private final String path;
    private final boolean raw;
    private final ByteBuffer upgradeRequest;

    private Target(InetSocketAddress server, String path, boolean raw) {
        this.server = server;
        this.path = path;
        this.raw = raw;
        this.upgradeRequest = raw ? null : UpgradeRequest.build(server.getHostString(), server.getPort(), path);
    }

    /** A WebSocket server at {@code host:port}, upgraded on {@code path}. */
    public static Target webSocket(String host, int port, String path) {
        return new Target(new InetSocketAddress(host, port), path, false);
    }

    /** A raw TCP echo server: bytes are sent as they are and counted back. */
    public static Target rawTcp(String host, int port) {
        return new Target(new InetSocketAddress(host, port), "", true);
    }

    /** The same server, another request path. */
    public Target withPath(String newPath) {
        return new Target(server, newPath, raw);
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

    /** A fresh view of the shared handshake request bytes (null for a raw target). */
    ByteBuffer newUpgradeRequestView() {
        return upgradeRequest == null ? null : upgradeRequest.duplicate();
    }

    @Override
    public String toString() {
        return (raw ? "tcp://" : "ws://") + server.getHostString() + ":" + server.getPort() + path;
    }
}
