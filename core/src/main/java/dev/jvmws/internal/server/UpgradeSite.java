package dev.jvmws.internal.server;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionListener;

/**
 * What the {@link UpgradeDecider} needs of the public server it decides for: its policy hooks, where
 * to report, and how to make and open the public socket of an accepted connection. Implemented inside
 * {@code dev.jvmws.WebSocketServer}, so the API classes show nothing of it. Called on the connection's
 * event loop.
 *
 * @param <S> the public socket type
 */
public interface UpgradeSite<S> {
    boolean shouldHandle(HandshakeRequest request);

    boolean isClosing();

    /**
     * The response to {@code request} if it is a plain HTTP request the server answers itself (its
     * {@code httpHandler}), or null to go on with the upgrade rules.
     *
     * @throws RuntimeException what the handler threw
     */
    byte[] plainHttpAnswer(HandshakeRequest request);

    /** Whether the server holds its {@code maxConnections} already: a new upgrade is answered 503. */
    boolean isFull();

    /** An upgrade was answered with {@code status} instead of 101 (for the server's metrics). */
    void rejected(int status);

    /** A user callback failed while deciding (the server's {@code onError}). */
    void reportError(Throwable error);

    /** A request was refused (the server's {@code onClientError}); {@code request} is null when unparseable. */
    void reportClientError(HandshakeRejection rejection, HandshakeRequest request);

    /** The socket of an accepted upgrade, before its connection exists. */
    S newSocket(String protocol, DeflateParameters deflate);

    /** Where {@code socket}'s connection reports its events. */
    ConnectionListener eventsOf(S socket);

    /**
     * Where {@code request} goes: its route's endpoint, the server's own without routes, or null when
     * no route matches (answered 404).
     */
    Endpoint endpointFor(HandshakeRequest request);

    /**
     * {@code socket}'s connection is open: wire it, count it, tell the listener ({@code onConnection});
     * {@code target} is the endpoint's (see {@link Endpoint#target()}).
     */
    void opened(S socket, Connection connection, HandshakeRequest request, Object target);
}
