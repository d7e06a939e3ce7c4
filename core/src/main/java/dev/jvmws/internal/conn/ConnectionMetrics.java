package dev.jvmws.internal.conn;

/**
 * Where a server's connections count what they do, for the server's metrics snapshot. Called on the
 * connections' loop threads (several loops at once): implementations are thread-safe and cheap
 * (adders, no locks). {@link #NONE} for clients.
 */
public interface ConnectionMetrics {
    ConnectionMetrics NONE = new ConnectionMetrics() {};

    default void messageReceived() {}

    default void messageSent() {}

    default void bytesRead(long bytes) {}

    default void bytesWritten(long bytes) {}

    /** The connection was failed with {@code code} (1002, 1007, 1008, 1009, 1011…). */
    default void failed(int code) {}

    /** {@code bufferedAmount} reached {@code bytes}: the server keeps the highest. */
    default void queued(long bytes) {}
}
