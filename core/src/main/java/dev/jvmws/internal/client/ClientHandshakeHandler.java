package dev.jvmws.internal.client;

import dev.jvmws.handshake.HttpHead;

/** The client's decision maker for the server's handshake response. Called on the event loop. */
public interface ClientHandshakeHandler {
    /**
     * The response head arrived ({@code body} is null for a 101; for other statuses it holds the body,
     * bounded). The handler must call {@link PendingResponse#accept}, {@link PendingResponse#discard},
     * {@link PendingResponse#failUpgrade} or {@link PendingResponse#abort}.
     */
    void onResponse(PendingResponse response, HttpHead head, byte[] body);

    /** Connecting failed, the handshake timed out, or the server hung up before responding. */
    void onFailure(PendingResponse response, Throwable error);
}
