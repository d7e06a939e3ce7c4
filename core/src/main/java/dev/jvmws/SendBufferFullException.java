package dev.jvmws;

import java.io.IOException;

/**
 * A send was refused because the connection's queue already holds {@code maxBufferedBytes} (see
 * {@link ClientOptions.Builder#maxBufferedBytes} and {@link ServerOptions.Builder#maxBufferedBytes}):
 * the peer reads slower than we send. Nothing of the refused message was queued; the connection stays
 * open. Wait for earlier sends to complete (or {@link WebSocket#bufferedAmount()} to fall), or pause
 * the source of the messages.
 */
public final class SendBufferFullException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long bufferedAmount;
    private final long limit;

    public SendBufferFullException(long bufferedAmount, long messageBytes, long limit) {
        super("Send refused: " + bufferedAmount + " bytes are queued, and " + messageBytes
                + " more would pass maxBufferedBytes (" + limit + ")");
        this.bufferedAmount = bufferedAmount;
        this.limit = limit;
    }

    /** Bytes queued when the send was refused. */
    public long bufferedAmount() {
        return bufferedAmount;
    }

    /** The connection's {@code maxBufferedBytes}. */
    public long limit() {
        return limit;
    }
}
