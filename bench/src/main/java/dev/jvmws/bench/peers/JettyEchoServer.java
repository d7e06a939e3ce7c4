package dev.jvmws.bench.peers;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Echo and broadcast peer on Jetty 12 (12.1.14): a core {@link Server} whose only handler is
 * jetty-websocket-jetty-server's {@link WebSocketUpgradeHandler}, mapped to every path. Jetty accepts
 * permessage-deflate by default, so the creator answers with no extensions unless {@code --compression
 * on} (then Jetty's own permessage-deflate with its defaults). One selector per core; Jetty's default
 * thread pool runs the endpoints.
 */
public final class JettyEchoServer {
    private static final Duration IDLE_TIMEOUT = Duration.ofHours(1);

    public static void main(String[] args) throws Exception {
        PeerArgs options = PeerArgs.parse(args);
        boolean compression = options.compression();
        Set<Session> broadcastGroup = ConcurrentHashMap.newKeySet();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, -1, Runtime.getRuntime().availableProcessors());
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
            container.setMaxTextMessageSize(PeerArgs.MAX_MESSAGE_BYTES);
            container.setMaxBinaryMessageSize(PeerArgs.MAX_MESSAGE_BYTES);
            container.setMaxFrameSize(PeerArgs.MAX_MESSAGE_BYTES);
            container.setIdleTimeout(IDLE_TIMEOUT);
            container.addMapping("/*", (request, response, callback) -> {
                if (!compression) {
                    response.setExtensions(List.of());
                }
                boolean broadcast = PeerArgs.isBroadcast(request.getHttpURI().getPath());
                return new EchoEndpoint(broadcast ? broadcastGroup : null);
            });
        }));
        server.start();
        PeerArgs.announce(connector.getLocalPort());
        server.join();
    }

    /**
     * One connection: echoes each message, or sends it to every member of {@code group} when set.
     * Public because Jetty binds the listener methods through a public method-handle lookup.
     */
    public static final class EchoEndpoint implements Session.Listener.AutoDemanding {
        private final Set<Session> group;
        private Session session;

        EchoEndpoint(Set<Session> group) {
            this.group = group;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
            if (group != null) {
                group.add(session);
            }
        }

        @Override
        public void onWebSocketText(String text) {
            if (group == null) {
                session.sendText(text, Callback.NOOP);
                return;
            }
            for (Session member : group) {
                member.sendText(text, Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            if (group == null) {
                // Jetty owns the payload until callback completes: hand both to the send.
                session.sendBinary(payload, callback);
                return;
            }
            ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
            callback.succeed();
            for (Session member : group) {
                member.sendBinary(copy.duplicate(), Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            if (group != null) {
                group.remove(session);
            }
            callback.succeed();
        }
    }
}
