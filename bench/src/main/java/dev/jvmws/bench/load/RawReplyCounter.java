package dev.jvmws.bench.load;

import java.nio.ByteBuffer;

/**
 * Counts replies of a raw TCP echo: every {@code messageBytes} bytes received complete one message,
 * since TCP may split or merge the echoed bytes at will. There is no framing to parse.
 */
final class RawReplyCounter implements ReplyCounter {
    private final int messageBytes;
    /** Bytes of the current, incomplete message received so far. */
    private long partialBytes;

    RawReplyCounter(int messageBytes) {
        if (messageBytes <= 0) {
            throw new IllegalArgumentException("messageBytes must be positive: " + messageBytes);
        }
        this.messageBytes = messageBytes;
    }

    @Override
    public int consume(ByteBuffer in) {
        long total = partialBytes + in.remaining();
        in.position(in.limit());
        partialBytes = total % messageBytes;
        return (int) (total / messageBytes);
    }

    @Override
    public boolean isCloseReceived() {
        return false;
    }
}
