package dev.jvmws.protocol;

import java.io.IOException;

/**
 * A violation of RFC 6455 (or of a configured limit) by the peer, carrying the close code the
 * connection is failed with: 1002 for protocol errors, 1007 for invalid payload data, 1008 for policy
 * limits, 1009 for oversized messages.
 */
public final class WebSocketProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int closeCode;

    public WebSocketProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code this violation implies (see {@link CloseCode}). */
    public int closeCode() {
        return closeCode;
    }
}
