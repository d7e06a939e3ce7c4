package dev.jvmws.internal.client;

import dev.jvmws.internal.conn.Connection;

import dev.jvmws.handshake.HttpHead;

/** The client side's decision maker for the server's handshake response. Called on the event loop. */
public interface ClientHandshakeHandler {
    /**
     * The response head arrived ({@code body} is null for a 101; for other statuses it holds the body,
     * bounded). The handler must call {@link Connection#acceptUpgrade} or {@link Connection#abort}.
     */
    void onResponse(Connection connection, HttpHead response, byte[] body);

    /** Connecting failed, the handshake timed out, or the server hung up before responding. */
    void onFailure(Connection connection, Throwable error);
}
