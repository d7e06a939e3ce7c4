package dev.jvmws.extension;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib streams shared by the connections of one thread (an event loop). A compressed connection holds
 * no zlib stream of its own between messages (its context lives in a {@link SlidingWindow}), so the
 * native memory of permessage-deflate is bounded by the messages being processed at once, not by the
 * number of connections: one deflater per pool (compression is synchronous), plus one inflater per
 * compressed message still arriving.
 *
 * <p>Every stream is {@link Deflater#end() ended} when it leaves the pool for good, so native memory
 * is freed deterministically rather than by the garbage collector. {@link #liveDeflaters()} and
 * {@link #liveInflaters()} count the streams not yet ended, for leak checks.
 *
 * <p>Not thread-safe: one pool per thread.
 */
final class ZlibPool implements ZlibStreams {
    /** Idle inflaters kept for reuse; more are ended when returned. */
    private static final int MAX_IDLE_INFLATERS = 8;
    private static final int SCRATCH_BYTES = 16 * 1024;

    private static final AtomicInteger LIVE_DEFLATERS = new AtomicInteger();
    private static final AtomicInteger LIVE_INFLATERS = new AtomicInteger();

    private final ArrayDeque<Inflater> idleInflaters = new ArrayDeque<>();
    private Deflater deflater;
    /** The compressor whose stream the pooled deflater still holds (it may continue without priming). */
    private Object deflaterOwner;
    private Deflater huffmanOnly;
    private int deflaterLevel;
    private int deflaterStrategy;
    private byte[] scratch = new byte[SCRATCH_BYTES];
    private byte[] inflateScratch;
    private boolean closed;

    /** zlib deflate streams created and not yet ended, in the whole process (for leak checks in tests). */
    static int liveDeflaters() {
        return LIVE_DEFLATERS.get();
    }

    /** zlib inflate streams created and not yet ended, in the whole process (for leak checks in tests). */
    static int liveInflaters() {
        return LIVE_INFLATERS.get();
    }

    /**
     * The pool's deflater (raw deflate) with {@code level} and {@code strategy}; {@code owner} becomes
     * the stream it holds. A deflater with other settings is replaced rather than re-tuned: zlib only
     * applies new parameters safely at a stream's start, and one thread rarely mixes settings.
     */
    @Override
    public Deflater deflater(Object owner, int level, int strategy) {
        if (deflater != null && (deflaterLevel != level || deflaterStrategy != strategy)) {
            endDeflater();
        }
        if (deflater == null) {
            deflater = new Deflater(level, true);
            if (strategy != Deflater.DEFAULT_STRATEGY) {
                deflater.setStrategy(strategy);
                // Apply it now, on the empty stream: the JDK applies new parameters in the next deflate
                // call instead of compressing, which would cut a sync flush short.
                deflater.deflate(new byte[1], 0, 1, Deflater.NO_FLUSH);
            }
            deflaterLevel = level;
            deflaterStrategy = strategy;
            LIVE_DEFLATERS.incrementAndGet();
        }
        deflaterOwner = owner;
        return deflater;
    }

    /**
     * A deflater with the {@link Deflater#HUFFMAN_ONLY} strategy (entropy coding, no matches), for
     * small windows where segmented LZ77 does poorly. Reset before each use.
     */
    @Override
    public Deflater huffmanOnlyDeflater() {
        if (huffmanOnly == null) {
            huffmanOnly = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            huffmanOnly.setStrategy(Deflater.HUFFMAN_ONLY);
            huffmanOnly.deflate(new byte[1], 0, 1, Deflater.NO_FLUSH); // applies the strategy now
            LIVE_DEFLATERS.incrementAndGet();
        }
        return huffmanOnly;
    }

    /** True when the pooled deflater still holds {@code owner}'s stream, untouched since. */
    @Override
    public boolean deflaterHeldBy(Object owner) {
        return deflater != null && deflaterOwner == owner;
    }

    /** Forgets that the deflater holds {@code owner}'s stream (the stream was reset or went bad). */
    @Override
    public void disown(Object owner) {
        if (deflaterOwner == owner) {
            deflaterOwner = null;
        }
    }

    /** A reset raw inflater, from the pool when one is idle. */
    @Override
    public Inflater borrowInflater() {
        Inflater inflater = idleInflaters.pollFirst();
        if (inflater == null) {
            inflater = new Inflater(true);
            LIVE_INFLATERS.incrementAndGet();
        }
        return inflater;
    }

    /** Takes an inflater back for reuse, or ends it when enough are idle or the pool is closed. */
    @Override
    public void returnInflater(Inflater inflater) {
        if (!closed && idleInflaters.size() < MAX_IDLE_INFLATERS) {
            inflater.reset();
            idleInflaters.addFirst(inflater);
        } else {
            endInflater(inflater);
        }
    }

    /** A scratch buffer of at least {@code bytes}, reused between calls on this thread. */
    @Override
    public byte[] scratch(int bytes) {
        if (scratch.length < bytes) {
            scratch = new byte[Math.max(bytes, scratch.length * 2)];
        }
        return scratch;
    }

    /** A separate scratch for inflate output: a message may be decompressed while another is compressed. */
    @Override
    public byte[] inflateScratch(int bytes) {
        if (inflateScratch == null || inflateScratch.length < bytes) {
            inflateScratch = new byte[bytes];
        }
        return inflateScratch;
    }

    /** Ends every pooled stream; inflaters returned later are ended at once. Idempotent. */
    @Override
    public void close() {
        closed = true;
        endDeflater();
        if (huffmanOnly != null) {
            huffmanOnly.end();
            huffmanOnly = null;
            LIVE_DEFLATERS.decrementAndGet();
        }
        Inflater inflater;
        while ((inflater = idleInflaters.pollFirst()) != null) {
            endInflater(inflater);
        }
    }

    private void endDeflater() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
            deflaterOwner = null;
            LIVE_DEFLATERS.decrementAndGet();
        }
    }

    private static void endInflater(Inflater inflater) {
        inflater.end();
        LIVE_INFLATERS.decrementAndGet();
    }
}
