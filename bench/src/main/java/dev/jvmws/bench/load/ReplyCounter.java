package dev.jvmws.bench.load;

import java.nio.ByteBuffer;

/**
 * Counts the complete messages in a connection's incoming byte stream, whatever the read boundaries.
 * Not thread-safe: one instance per connection, used by its loop thread only.
 */
interface ReplyCounter {
    /** Consumes all of {@code in} and returns how many messages completed within it. */
    int consume(ByteBuffer in);

    /** True once a close frame has been read completely (never for raw byte streams). */
    boolean isCloseReceived();

    /** Complete messages so far that arrived compressed (RSV1 set; never for raw byte streams). */
    default long compressedMessages() {
        return 0;
    }
}
