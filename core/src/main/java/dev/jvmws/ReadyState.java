package dev.jvmws;

import dev.jvmws.internal.conn.ConnectionState;

/** The life of a {@link WebSocket}, as in the W3C API and {@code ws}. */
public enum ReadyState {
    /** The opening handshake is under way (clients only; server-side sockets are born OPEN). */
    CONNECTING,
    /** Messages flow both ways. */
    OPEN,
    /** A close frame was sent or received, or the connection failed; the socket is not closed yet. */
    CLOSING,
    /** The socket is closed; {@link WebSocket.Listener#onClose} has run or is running. */
    CLOSED;

    /** The state of the connection's lifecycle of the same name. */
    static ReadyState of(ConnectionState.Ready ready) {
        return valueOf(ready.name());
    }
}
