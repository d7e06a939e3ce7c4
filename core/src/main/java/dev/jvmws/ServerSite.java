package dev.jvmws;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.conn.ConnectionListener;
import dev.jvmws.internal.server.Endpoint;
import dev.jvmws.internal.server.ServerCounters;
import dev.jvmws.internal.server.UpgradeSite;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What the internal upgrade decider sees of a {@link WebSocketServer} (see {@link UpgradeSite}): its
 * endpoints — one without a router, else one per route with the route's listener and connection
 * settings — its limits, its plain-HTTP handler and its listener. Called on loop threads.
 */
final class ServerSite implements UpgradeSite<WebSocket> {
    private final WebSocketServer server;
    private final WebSocketServer.Listener listener;
    private final ServerOptions options;
    private final ServerCounters counters;
    /** Where upgrades go without a router. */
    private final Endpoint defaultEndpoint;
    /** Each route's endpoint; empty without a router. */
    private final Map<Router.Route, Endpoint> routeEndpoints = new IdentityHashMap<>();

    /** {@code config}: the server's connection settings, whose message budget every route shares. */
    ServerSite(WebSocketServer server, WebSocketServer.Listener listener, ConnectionConfig config,
            ServerCounters counters) {
        this.server = server;
        this.listener = listener;
        this.options = server.options();
        this.counters = counters;
        this.defaultEndpoint = new Endpoint(null, null, config, options.settings.perMessageDeflate);
        Router router = options.router();
        if (router != null) {
            for (Router.Route route : router.routes()) {
                ConnectionSettings settings = route.settings();
                routeEndpoints.put(route, settings == null
                        ? new Endpoint(route.listener(), route.subprotocol(), config, options.settings.perMessageDeflate)
                        : new Endpoint(route.listener(), route.subprotocol(),
                                settings.toConfig(false).withMessageMemoryOf(config).withMetrics(counters),
                                settings.perMessageDeflate));
            }
        }
    }

    @Override
    public boolean shouldHandle(HandshakeRequest request) {
        return server.shouldHandle(request);
    }

    @Override
    public boolean isClosing() {
        return server.isClosing();
    }

    @Override
    public byte[] plainHttpAnswer(HandshakeRequest request) {
        ServerOptions.HttpHandler handler = options.httpHandler();
        if (handler == null || request.headers().contains("Upgrade")) {
            return null;
        }
        HttpResponse response = handler.handle(request);
        return response == null ? null : response.toBytes("HEAD".equals(request.method()));
    }

    @Override
    public boolean isFull() {
        return options.maxConnections() > 0 && server.openConnections() >= options.maxConnections();
    }

    @Override
    public void reportError(Throwable error) {
        server.reportError(error);
    }

    @Override
    public void reportClientError(HandshakeRejection rejection, HandshakeRequest request) {
        server.reportClientError(rejection, request);
    }

    @Override
    public WebSocket newSocket(String protocol, DeflateParameters deflate) {
        return WebSocket.forServer(protocol, deflate);
    }

    @Override
    public ConnectionListener eventsOf(WebSocket socket) {
        return socket.newEvents();
    }

    @Override
    public Endpoint endpointFor(HandshakeRequest request) {
        Router router = options.router();
        if (router == null) {
            return defaultEndpoint;
        }
        Router.Route route = router.match(request);
        return route == null ? null : routeEndpoints.get(route);
    }

    @Override
    public void rejected(int status) {
        counters.handshakeRejected(status);
    }

    @Override
    public void opened(WebSocket socket, Connection connection, HandshakeRequest request, Object target) {
        counters.handshakeAccepted();
        socket.connectTo(connection);
        server.track(socket);
        (target != null ? (WebSocketServer.Listener) target : listener).onConnection(socket, request);
    }
}
