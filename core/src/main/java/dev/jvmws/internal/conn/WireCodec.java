package dev.jvmws.internal.conn;

import java.nio.ByteBuffer;

/**
 * A wire format between a connection's bytes and its messages: decoding reports messages, control
 * frames, the peer's close and violations to the connection (as a {@code MessageAssembler.Listener});
 * encoding frames what the connection sends into its {@link OutboundQueue}. RFC 6455 is the one
 * implementation today ({@link Rfc6455Codec}); a second format (Hixie-76) is another, chosen when the
 * upgrade is accepted, with no branch in the connection.
 *
 * <p>Not thread-safe: used on the connection's loop only.
 */
interface WireCodec {
    /**
     * Decodes {@code input}, delivering events as it goes. Returns with input left when the codec was
     * suspended, has yielded (a slice of work is done; the rest waits for the loop's next turn) or
     * has finished.
     */
    void decode(ByteBuffer input);

    /** After a close frame or a violation: nothing more will be decoded. */
    boolean isFinished();

    /** Whether the last {@link #decode} stopped because its slice of work was done. */
    boolean hasYielded();

    /** While suspended, decoding stops at the next event boundary (the connection is paused). */
    void suspend(boolean suspended);

    /** Deliver binary messages as their frames' payloads (from the next message on). */
    void keepFragments(boolean keep);

    /** Whether a message has begun and not ended. */
    boolean isInsideMessage();

    /** Bytes held for unfinished messages. */
    long heldBytes();

    /** The bytes a frame carrying {@code payloadLength} bytes takes on the wire, before compression. */
    int frameBytes(int payloadLength, Boolean mask);

    /**
     * Frames a part of a data message ({@code opcode} TEXT or BINARY; CONTINUATION is chosen here for a
     * message already begun) and queues it; returns the bytes queued, which compression may make
     * differ from {@link #frameBytes}. {@code mask} null means "as the role requires".
     *
     * @throws RuntimeException if compressing failed: the connection fails with 1011
     */
    long encodeData(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask, OutboundQueue out);

    /**
     * A data frame encoded elsewhere was queued ({@link SharedMessage}); when {@code compressedMessage}
     * is not null it carried that message compressed without context, and the compression context
     * must take it in.
     */
    void sentShared(ByteBuffer compressedMessage);

    /** Frames a control frame (ping, pong, close) and queues it; returns the bytes queued. */
    long encodeControl(int opcode, ByteBuffer payload, Boolean mask, OutboundQueue out);

    /** Releases the decoding side only: a failed connection drains input it no longer decodes. */
    void releaseDecoder();

    /** Releases what the codec holds (zlib streams, buffers); it is not used afterwards. */
    void release();
}
