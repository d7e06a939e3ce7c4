package dev.jvmws;

import dev.jvmws.handshake.HandshakeRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Several WebSocket endpoints on one server (ws users' "several paths on one port"): routes by path —
 * exact, prefix or pattern — and optionally by subprotocol, each with its own listener and, if given,
 * its own connection options. The first route that matches wins; an upgrade no route matches is
 * answered 404 (and reported to the server's {@code onClientError}). Give it to
 * {@link ServerOptions.Builder#router}:
 *
 * <pre>{@code
 * Router router = Router.builder()
 *         .exact("/chat", chatListener)
 *         .prefix("/rooms/", roomsListener)
 *         .exact("/api").subprotocol("api.v2").options(ServerOptions.builder().maxPayload(1 << 20)).to(apiV2Listener)
 *         .pattern("/users/\\d+", usersListener)
 *         .build();
 * }</pre>
 *
 * A route's listener gets {@code onConnection} for its connections; the server's own listener keeps
 * the server-wide events ({@code onListening}, {@code onError}, {@code onClientError}, {@code onClose}).
 * Immutable and thread-safe.
 */
public final class Router {
    private final List<Route> routes;

    private Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One endpoint: how paths match, which subprotocol it requires (null: any), its listener and settings. */
    record Route(String kind, String path, Pattern pattern, String subprotocol, WebSocketServer.Listener listener,
            ConnectionSettings settings) {
        boolean matches(String requestPath, Set<String> offered) {
            boolean pathMatches = switch (kind) {
                case "exact" -> requestPath.equals(path);
                case "prefix" -> requestPath.startsWith(path);
                default -> pattern.matcher(requestPath).matches();
            };
            return pathMatches && (subprotocol == null || offered.contains(subprotocol));
        }
    }

    List<Route> routes() {
        return routes;
    }

    /** The first route for {@code request} (its path, and the subprotocols it offers), or null. */
    Route match(HandshakeRequest request) {
        Set<String> offered = Set.copyOf(request.requestedSubprotocols());
        for (Route route : routes) {
            if (route.matches(request.path(), offered)) {
                return route;
            }
        }
        return null;
    }

    /** Builds a {@link Router}; not thread-safe. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        private Builder() {
        }

        /** Requests for exactly {@code path} (without the query) go to {@code listener}. */
        public Builder exact(String path, WebSocketServer.Listener listener) {
            return exact(path).to(listener);
        }

        /** Requests whose path starts with {@code prefix} go to {@code listener}. */
        public Builder prefix(String prefix, WebSocketServer.Listener listener) {
            return prefix(prefix).to(listener);
        }

        /** Requests whose whole path matches {@code regex} go to {@code listener}. */
        public Builder pattern(String regex, WebSocketServer.Listener listener) {
            return pattern(regex).to(listener);
        }

        /** A route for exactly {@code path}, to finish with a subprotocol, options and {@link RouteBuilder#to}. */
        public RouteBuilder exact(String path) {
            return new RouteBuilder(this, "exact", requirePath(path), null);
        }

        public RouteBuilder prefix(String prefix) {
            return new RouteBuilder(this, "prefix", requirePath(prefix), null);
        }

        /** @throws java.util.regex.PatternSyntaxException for an invalid regex */
        public RouteBuilder pattern(String regex) {
            return new RouteBuilder(this, "pattern", regex, Pattern.compile(regex));
        }

        private static String requirePath(String path) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("A route's path starts with '/': " + path);
            }
            return path;
        }

        public Router build() {
            return new Router(routes);
        }
    }

    /** One route being built: {@code .subprotocol(…).options(…).to(listener)}. */
    public static final class RouteBuilder {
        private final Builder parent;
        private final String kind;
        private final String path;
        private final Pattern pattern;
        private String subprotocol;
        private ConnectionSettings settings;

        private RouteBuilder(Builder parent, String kind, String path, Pattern pattern) {
            this.parent = parent;
            this.kind = kind;
            this.path = path;
            this.pattern = pattern;
        }

        /**
         * The route matches only clients offering {@code protocol}, and selects it (the server's
         * {@code handleProtocols} is not asked). Routes for one path with different subprotocols are
         * tried in order.
         */
        public RouteBuilder subprotocol(String protocol) {
            this.subprotocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * This route's connection settings (maxPayload, maxFrameSize, maxFragments, heartbeat and idle
         * timeouts, permessage-deflate, water marks, closeTimeout…), read from {@code connectionOptions}
         * now; its server settings (port, path, TLS…) are ignored. The server's memory budget for
         * unfinished messages stays one for all routes. Default: the server's own settings.
         */
        public RouteBuilder options(ServerOptions.Builder connectionOptions) {
            this.settings = connectionOptions.buildSettings();
            return this;
        }

        /** Ends the route: its connections go to {@code listener}'s {@code onConnection}. */
        public Builder to(WebSocketServer.Listener listener) {
            parent.routes.add(new Route(kind, path, pattern, subprotocol, Objects.requireNonNull(listener, "listener"),
                    settings));
            return parent;
        }
    }
}
