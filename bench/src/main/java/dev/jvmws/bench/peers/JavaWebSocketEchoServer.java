package dev.jvmws.bench.peers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.extensions.IExtension;
import org.java_websocket.extensions.permessage_deflate.PerMessageDeflateExtension;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Echo and broadcast peer on Java-WebSocket (org.java-websocket 1.6.0): one selector thread plus the
 * default one decoder thread per core. The draft has no extensions (no permessage-deflate) unless
 * {@code --compression on}, which gives it a {@link PerMessageDeflateExtension} with threshold 0 (it
 * always answers {@code server_no_context_takeover}); a 64 MiB frame limit; the lost-connection
 * pinger is off. TCP_NODELAY is set as every other peer has it
 * by default (Java-WebSocket alone leaves Nagle on).
 */
public final class JavaWebSocketEchoServer extends WebSocketServer {
    private final Set<WebSocket> broadcastGroup = ConcurrentHashMap.newKeySet();

    private JavaWebSocketEchoServer(InetSocketAddress address, boolean compression) {
        super(address, List.of(new Draft_6455(extensions(compression), PeerArgs.MAX_MESSAGE_BYTES)));
        setConnectionLostTimeout(0);
        setReuseAddr(true);
        setTcpNoDelay(true);
    }

    public static void main(String[] args) {
        PeerArgs options = PeerArgs.parse(args);
        new JavaWebSocketEchoServer(new InetSocketAddress(options.host(), options.port()), options.compression()).start();
    }

    private static List<IExtension> extensions(boolean compression) {
        if (!compression) {
            return List.of();
        }
        PerMessageDeflateExtension deflate = new PerMessageDeflateExtension();
        deflate.setThreshold(0);
        return List.of(deflate);
    }

    @Override
    public void onStart() {
        PeerArgs.announce(getPort());
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        if (PeerArgs.isBroadcast(conn.getResourceDescriptor())) {
            broadcastGroup.add(conn);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (broadcastGroup.contains(conn)) {
            broadcast(message, broadcastGroup);
        } else {
            conn.send(message);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        if (broadcastGroup.contains(conn)) {
            broadcast(message, broadcastGroup);
        } else {
            conn.send(message);
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        broadcastGroup.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception error) {
        if (conn == null) {
            // The server itself failed (bind, selector): the benchmark must see it die.
            error.printStackTrace();
            System.exit(1);
        }
    }
}
