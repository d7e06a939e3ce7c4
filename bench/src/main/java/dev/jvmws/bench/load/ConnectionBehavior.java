package dev.jvmws.bench.load;

/**
 * What a workload does with its open connections. Every method runs on the connection's loop thread;
 * calls for one connection never overlap. Implementations shared by several loops must be
 * thread-safe in what they share (counters, recorders).
 */
interface ConnectionBehavior {
    /** The connection completed its handshake (or connected, for raw TCP). */
    default void onOpen(LoadConnection connection) {
    }

    /**
     * {@code count} messages completed in one read at {@code nowNanos}; {@link
     * LoadConnection#messagesReceived()} already includes them.
     */
    default void onReplies(LoadConnection connection, int count, long nowNanos) {
    }

    /** The server's close frame arrived completely. */
    default void onCloseFrame(LoadConnection connection) {
    }

    /**
     * The connection is closed: {@code failure} is null after a close frame was received, else a
     * one-line reason (I/O error, server hung up, bad handshake). Called at most once.
     */
    default void onClosed(LoadConnection connection, String failure) {
    }
}
