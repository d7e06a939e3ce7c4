package dev.jvmws.internal.server;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.internal.conn.ConnectionConfig;

/**
 * Where an upgrade goes once its route is known: the target the server hands the open connection to
 * (a route's listener; null for the server's own), the subprotocol the route requires and selects
 * (null: the server's {@code handleProtocols} chooses), and the route's connection settings.
 */
public record Endpoint(Object target, String subprotocol, ConnectionConfig config, PerMessageDeflateOptions deflate) {}
