package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

/**
 * Decompresses the messages a connection receives, for an extension that compresses them
 * (permessage-deflate's {@code MessageInflater} in {@code dev.jvmws.extension}): the
 * {@link MessageAssembler} feeds it a compressed message's payloads and takes the output through a
 * {@link Sink} in bounded chunks, checking its size limit and UTF-8 as they come. Defined here so the
 * framing layer depends on no extension.
 */
public interface Decompressor {
    /** Receives decompressed bytes; the array is reused after the call returns. */
    interface Sink {
        /** @return false to stop decompressing (the sink rejected the data, or yields its turn) */
        boolean write(byte[] bytes, int offset, int length);
    }

    /**
     * Decompresses the next piece of the current message ({@code compressed}'s remaining bytes, all
     * consumed unless the sink stops).
     *
     * @return false if the sink stopped
     * @throws DataFormatException if the data is not valid compressed data
     */
    boolean inflate(ByteBuffer compressed, Sink sink) throws DataFormatException;

    /**
     * Ends the current message.
     *
     * @return false if the sink stopped
     * @throws DataFormatException if the message's compressed data is incomplete
     */
    boolean finish(Sink sink) throws DataFormatException;

    /** Releases what is held (the connection is gone). Idempotent. */
    void release();
}
