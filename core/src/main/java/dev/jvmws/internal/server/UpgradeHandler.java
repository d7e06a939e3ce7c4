package dev.jvmws.internal.server;

import dev.jvmws.handshake.HttpHead;

/** The server's decision maker for upgrade requests. Called on the connection's event loop. */
public interface UpgradeHandler {
    /**
     * A complete request head arrived. Reading is suspended until the handler calls
     * {@link PendingUpgrade#accept} or {@link PendingUpgrade#reject}, from any thread, at any later
     * time (asynchronous verification is allowed).
     */
    void onUpgradeRequest(PendingUpgrade upgrade, HttpHead request);

    /** A request could not be parsed; {@code status} (400 or 431) has already been answered. */
    void onInvalidRequest(PendingUpgrade upgrade, int status, String message);
}
