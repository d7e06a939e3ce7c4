package dev.jvmws.extension;

import dev.jvmws.protocol.Decompressor;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses the messages one endpoint receives (RFC 7692 §7.2.2): the payloads of a message's
 * frames are one raw DEFLATE stream, completed by appending {@code 00 00 ff ff} at the message's end.
 *
 * <p>Output goes to a {@link Sink} in bounded chunks, so a caller can stop a decompression bomb at its
 * size limit without ever holding more than the limit plus one chunk.
 *
 * <p>An inflater is borrowed from the {@link ZlibStreams} for the message being received and returned at
 * its end; between messages only the context is kept, as the last bytes received (the peer may refer
 * back up to its window). A pooled inflater primed with them continues the stream exactly. The kept
 * history is at least 512 bytes even for an 8-bit window: zlib-based peers asked for 8 bits compress
 * with 9 (zlib cannot deflate raw with 8), and we accept what such a peer sends.
 *
 * <p>Not thread-safe: one instance per connection, used on its thread (the one owning the pool).
 */
public final class MessageInflater implements Decompressor {
    private static final byte[] TRAILER = {0, 0, (byte) 0xFF, (byte) 0xFF};
    private static final int CHUNK_BYTES = 16 * 1024;

    private final boolean noContextTakeover;
    private final ZlibStreams pool;
    private final SlidingWindow history;
    private Inflater inflater;

    /**
     * @param windowBits the window the peer compresses with, 8–15
     * @param noContextTakeover whether the peer compresses every message on its own
     * @param pool where zlib streams come from, and how zlib work is bounded (see {@link ZlibStreams})
     */
    public MessageInflater(int windowBits, boolean noContextTakeover, ZlibStreams pool) {
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8-15: " + windowBits);
        }
        this.noContextTakeover = noContextTakeover;
        this.pool = pool;
        this.history = new SlidingWindow(1 << Math.max(windowBits, 9));
    }

    /**
     * Decompresses the next piece of the current message ({@code compressed}'s remaining bytes, all
     * consumed unless the sink stops).
     *
     * @return false if the sink stopped
     * @throws DataFormatException if the data is not valid DEFLATE
     */
    @Override
    public boolean inflate(ByteBuffer compressed, Sink sink) throws DataFormatException {
        return run(compressed, sink);
    }

    /**
     * Ends the current message: decompresses the implied trailer and returns the inflater.
     *
     * @return false if the sink stopped
     * @throws DataFormatException if the message does not end on a block boundary
     */
    @Override
    public boolean finish(Sink sink) throws DataFormatException {
        boolean complete = run(ByteBuffer.wrap(TRAILER), sink);
        if (inflater != null) {
            pool.returnInflater(inflater);
            inflater = null;
        }
        if (noContextTakeover) {
            history.clear();
        }
        return complete;
    }

    /** Returns any borrowed inflater and forgets the context (the connection is gone). Idempotent. */
    @Override
    public void release() {
        if (inflater != null) {
            Inflater borrowed = inflater;
            inflater = null;
            pool.returnInflater(borrowed);
        }
        history.clear();
    }

    private boolean run(ByteBuffer input, Sink sink) throws DataFormatException {
        pool.beginWork();
        try {
            return inflateAll(input, sink);
        } finally {
            pool.endWork();
        }
    }

    private boolean inflateAll(ByteBuffer input, Sink sink) throws DataFormatException {
        if (inflater == null) {
            inflater = primed(pool.borrowInflater());
        }
        byte[] out = pool.inflateScratch(CHUNK_BYTES);
        inflater.setInput(input);
        while (true) {
            int produced = inflater.inflate(out);
            if (produced > 0) {
                if (!noContextTakeover) {
                    // Without context takeover the next message starts afresh: keeping its bytes would
                    // cost a copy per message, for only a stream restarted inside one message.
                    history.append(out, 0, produced);
                }
                if (!sink.write(out, 0, produced)) {
                    return false;
                }
                continue;
            }
            if (inflater.finished()) {
                // The peer ended a deflate stream (BFINAL) inside the message: what follows starts a
                // new one, which may still refer to everything received so far.
                inflater.reset();
                primed(inflater);
                if (!input.hasRemaining()) {
                    return true;
                }
                inflater.setInput(input);
                continue;
            }
            if (inflater.needsDictionary()) {
                throw new DataFormatException("raw DEFLATE data asked for a preset dictionary");
            }
            if (inflater.needsInput()) {
                return true;
            }
        }
    }

    private Inflater primed(Inflater fresh) {
        if (history.size() > 0) {
            fresh.setDictionary(history.array(), 0, history.size());
        }
        return fresh;
    }
}
