package dev.jvmws.internal.conn;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * What an upgraded connection reports upward. Called on the connection's event loop thread, one call at
 * a time, in wire order; {@link #onClosed} is always the last call.
 */
public interface ConnectionListener {
    /** The connection is open: the first call, before any message. */
    void onOpen();

    void onText(String text);

    void onBinary(ByteBuffer data);

    void onBinaryFragments(List<ByteBuffer> fragments);

    void onPing(ByteBuffer payload);

    void onPong(ByteBuffer payload);

    /**
     * The bytes queued for sending fell to the low-water mark after exceeding the high-water mark
     * (see {@link ConnectionConfig}): the connection has caught up.
     */
    void onDrain();

    /** At most once per connection, before {@link #onClosed}. */
    void onError(Throwable error);

    /**
     * The TCP connection is closed. {@code code} is the peer's close code (1005 if its close frame had
     * none), or 1006 when no close frame was received.
     */
    void onClosed(int code, String reason, boolean wasClean);
}
