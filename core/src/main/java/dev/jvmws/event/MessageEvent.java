package dev.jvmws.event;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A message arrived. {@link #data()} is a {@code String} for a text message; for a binary message it
 * follows the socket's {@code binaryType} (the W3C {@code arraybuffer}/{@code blob} choice in Java
 * form): a {@link ByteBuffer} the listener owns, or with {@code FRAGMENTS} a {@code List<ByteBuffer>}
 * of the frames' payloads (ws's {@code 'fragments'}). Listeners of one event share its data: a
 * listener that consumes a buffer should read it through {@code duplicate()}.
 */
public final class MessageEvent extends Event {
    private final Object data;

    public MessageEvent(EventTarget target, Object data) {
        super(MESSAGE, target);
        if (!(data instanceof String || data instanceof ByteBuffer || data instanceof List)) {
            throw new IllegalArgumentException("data must be a String, a ByteBuffer or a List<ByteBuffer>");
        }
        this.data = data;
    }

    /** The message: {@code String}, {@code ByteBuffer} or {@code List<ByteBuffer>} (see the class). */
    public Object data() {
        return data;
    }

    /** Whether it is a text message. */
    public boolean isText() {
        return data instanceof String;
    }

    /** The text of a text message. @throws IllegalStateException for a binary one */
    public String text() {
        if (data instanceof String text) {
            return text;
        }
        throw new IllegalStateException("A binary message");
    }

    /**
     * The bytes of a binary message, as one read-only buffer (the fragments joined, copied, when the
     * binary type is {@code FRAGMENTS}). @throws IllegalStateException for a text message
     */
    public ByteBuffer binary() {
        if (data instanceof ByteBuffer buffer) {
            return buffer.asReadOnlyBuffer();
        }
        if (data instanceof List<?> fragments) {
            int size = 0;
            for (Object fragment : fragments) {
                size += ((ByteBuffer) fragment).remaining();
            }
            ByteBuffer joined = ByteBuffer.allocate(size);
            for (Object fragment : fragments) {
                joined.put(((ByteBuffer) fragment).duplicate());
            }
            return joined.flip().asReadOnlyBuffer();
        }
        throw new IllegalStateException("A text message");
    }
}
