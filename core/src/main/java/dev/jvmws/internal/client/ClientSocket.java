package dev.jvmws.internal.client;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionListener;
import java.net.URI;

/**
 * What the {@link ClientConnector} needs of the public client socket it drives: where to report the
 * connecting's outcome, and the user's hooks on the way. Implemented inside {@code dev.jvmws.WebSocket},
 * so the API class shows nothing of it. Called on the connector's event loop, except {@link #useUrl}.
 */
public interface ClientSocket {
    /** The URL being connected to: the one given, then each redirect's target. */
    void useUrl(URI location);

    /** Connecting failed: error (when {@code report}), then close 1006, as ws. */
    void failedToOpen(Throwable error, boolean report);

    /** The upgrade was accepted with these terms; the connection's events follow. */
    void opened(Connection connection, String protocol, DeflateParameters deflate);

    /** Where the accepted connection reports its events. */
    ConnectionListener events();

    /** The user's {@code onUpgrade} hook; may throw. */
    void onUpgrade(HttpHead response);

    /** The user's {@code onUnexpectedResponse} hook: true when the response counts as handled; may throw. */
    boolean onUnexpectedResponse(HttpHead response, byte[] body);

    /** The user's {@code onRedirect} hook, which may edit the next request's headers; may throw. */
    void onRedirect(URI location, HttpHeaders.Builder requestHeaders);
}
