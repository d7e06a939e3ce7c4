package dev.jvmws.internal.server;

import dev.jvmws.internal.conn.Connection;

import dev.jvmws.handshake.HttpHead;

/**
 * The server side's decision maker for upgrade requests. Called on the connection's event loop.
 */
public interface UpgradeHandler {
    /**
     * A complete request head arrived. Reading is suspended until the handler calls
     * {@link Connection#acceptUpgrade} or {@link Connection#rejectUpgrade}, from any thread, at any later
     * time (asynchronous verification is allowed).
     */
    void onUpgradeRequest(Connection connection, HttpHead request);

    /** A request could not be parsed; {@code status} (400 or 431) has already been answered. */
    void onInvalidRequest(Connection connection, int status, String message);
}
