package dev.jvmws.extension;

import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Where {@link MessageDeflater} and {@link MessageInflater} get their zlib streams and scratch
 * buffers, and how their zlib work is bounded. {@link #pooled()} makes the pool one thread's
 * compressors share (the library keeps one per event loop, so idle connections hold no zlib stream);
 * a caller that bounds zlib work across threads (ws's {@code concurrencyLimit}) wraps it and overrides
 * {@link #beginWork}/{@link #endWork}.
 *
 * <p>An implementation is used by one thread at a time.
 */
public interface ZlibStreams {
    /** A new pool for the compressors of one thread. */
    static ZlibStreams pooled() {
        return new ZlibPool();
    }

    /**
     * The deflater (raw deflate) with {@code level} and {@code strategy}, now holding {@code owner}'s
     * stream: the next caller may find another owner's state in it (see {@link #deflaterHeldBy}).
     */
    Deflater deflater(Object owner, int level, int strategy);

    /** A deflater with the {@link Deflater#HUFFMAN_ONLY} strategy; reset before each use. */
    Deflater huffmanOnlyDeflater();

    /** Whether the deflater still holds {@code owner}'s stream, untouched since. */
    boolean deflaterHeldBy(Object owner);

    /** The deflater no longer holds {@code owner}'s stream (it was reset or went bad). */
    void disown(Object owner);

    /** A reset raw inflater. */
    Inflater borrowInflater();

    /** Takes an inflater back, for reuse or to be ended. */
    void returnInflater(Inflater inflater);

    /** A scratch buffer of at least {@code bytes} for deflate output, reused between calls. */
    byte[] scratch(int bytes);

    /** A scratch buffer of at least {@code bytes} for inflate output (a separate one). */
    byte[] inflateScratch(int bytes);

    /** Called before a piece of zlib work; may block until the work may run. */
    default void beginWork() {
    }

    /** Called after it, whatever happened. */
    default void endWork() {
    }

    /** Ends every stream held; streams returned later are ended at once. Idempotent. */
    void close();
}
