package dev.jvmws.extension;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Compresses the messages one endpoint sends (RFC 7692 §7.2.1): raw DEFLATE, each fragment ended by
 * a sync flush, the final fragment without its trailing {@code 00 00 ff ff}.
 *
 * <p><b>Window bits.</b> The JDK's {@link Deflater} always searches a 32 KiB window, but a peer may
 * have agreed to less ({@code *_max_window_bits} 8–14). Every back-reference is kept inside the
 * negotiated window {@code W = 2^bits} by construction: the data is compressed in segments of at most
 * {@code W/2} bytes, each by a freshly reset deflater primed with at most the last {@code W/2} bytes
 * sent as its dictionary. A match can then reach back at most {@code dictionary + segment ≤ W} bytes,
 * and the bytes it reaches are exactly the ones the peer's window holds. Segments join seamlessly:
 * a sync flush leaves the stream byte-aligned with no final block, so the next deflate stream's blocks
 * simply continue it. (zlib itself cannot deflate raw with an 8-bit window — it silently uses 9 — so
 * this also gives value 8 its exact meaning.) With 15 bits no segmenting is needed.
 *
 * <p><b>Context.</b> The compressor holds no zlib stream between messages: the pool's deflater is
 * shared by all connections of a thread, and the context a message may refer to is kept as the last
 * bytes sent ({@link SlidingWindow}). When the pool's deflater still holds this stream untouched
 * (the same connection sends again) compression simply continues it; otherwise a reset deflater is
 * primed with the recent history. Without context takeover nothing is kept across messages.
 *
 * <p>Not thread-safe: one instance per connection, used on its thread (the one owning the pool).
 */
public final class MessageDeflater {
    private static final byte[] TRAILER = {0, 0, (byte) 0xFF, (byte) 0xFF};
    /** History kept for 15-bit windows: priming cost grows with the dictionary, benefit flattens. */
    private static final int MAX_HISTORY_BYTES = 16 * 1024;
    /** A primed dictionary is at least this long (or the whole history), however short the message. */
    private static final int MIN_DICTIONARY_BYTES = 4 * 1024;

    private final int windowBits;
    private final boolean noContextTakeover;
    private final int level;
    private final int strategy;
    private final ZlibStreams pool;
    private final SlidingWindow history;
    /** Output of the compress call under way (the pool's scratch, or a larger copy) and its length. */
    private byte[] out;
    private int outLength;
    /** Whether a fragmented message is being compressed (its next fragment continues the stream). */
    private boolean insideMessage;

    /**
     * @param windowBits the window the peer accepts for our frames, 8–15
     * @param noContextTakeover whether every message must be compressed on its own
     * @param level zlib level, -1 to 9
     * @param strategy a {@link Deflater} strategy
     * @param pool where zlib streams come from, and how zlib work is bounded (see {@link ZlibStreams})
     */
    public MessageDeflater(int windowBits, boolean noContextTakeover, int level, int strategy, ZlibStreams pool) {
        if (windowBits < 8 || windowBits > 15) {
            throw new IllegalArgumentException("window bits must be 8-15: " + windowBits);
        }
        this.windowBits = windowBits;
        this.noContextTakeover = noContextTakeover;
        this.level = level;
        this.strategy = strategy;
        this.pool = pool;
        this.history = new SlidingWindow(windowBits == 15 ? MAX_HISTORY_BYTES : (1 << windowBits) / 2);
    }

    /**
     * Compresses the next fragment of a message ({@code data}'s remaining bytes; its position is left
     * as it is). Fragments of one message form one stream, so a message's fragments must be
     * compressed in order, without another message in between.
     *
     * <p>With a window below 15 bits, a whole message (a first fragment with {@code fin}) that would
     * not shrink is left uncompressed: segmenting costs a block header and a flush every half
     * window, which can outweigh the gain on poorly compressible data. The context is then as if the
     * message had never been compressed (an uncompressed message is not part of the stream).
     *
     * @param fin whether this is the message's last fragment (its trailer is then removed)
     * @return the compressed bytes, in a new buffer the caller owns; null when the message should be
     *     sent uncompressed (see above)
     */
    public ByteBuffer compress(ByteBuffer data, boolean fin) {
        if (!data.hasRemaining()) {
            // An empty stored block, written by hand: zlib emits nothing for a second sync flush in a
            // row. After the peer appends the trailer, the lone 0x00 of a final fragment is the same.
            insideMessage = !fin;
            if (fin && noContextTakeover) {
                history.clear();
                pool.disown(this);
            }
            return ByteBuffer.wrap(fin ? new byte[] {0} : new byte[] {0, 0, 0, (byte) 0xFF, (byte) 0xFF});
        }
        data = data.duplicate();
        int inputLength = data.remaining();
        boolean wholeMessage = fin && !insideMessage;
        insideMessage = !fin;
        byte[] undo = wholeMessage && windowBits < 15 && !noContextTakeover ? history.copy() : null;
        int start = data.position();
        out = pool.scratch(Math.max(64, inputLength + (inputLength >> 3) + 64));
        outLength = 0;
        pool.beginWork();
        try {
            if (windowBits == 15) {
                compressSegment(data, data.remaining(), !pool.deflaterHeldBy(this));
            } else {
                int segmentLimit = (1 << windowBits) / 2;
                do {
                    compressSegment(data, Math.min(segmentLimit, data.remaining()), true);
                } while (data.hasRemaining());
                if (wholeMessage && outLength - 4 > inputLength - (inputLength >> 3)) {
                    // Little gain: in a small window the segments' block headers eat what matches
                    // save. Entropy coding alone needs no window at all; take it if it does better.
                    byte[] coded = huffmanOnly(data.slice(start, inputLength));
                    if (coded.length < outLength) {
                        out = coded;
                        outLength = coded.length;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            pool.disown(this); // the stream is in an unknown state: never continue it
            out = null;
            throw e;
        } finally {
            pool.endWork();
        }
        int size = outLength;
        byte[] compressed = out;
        out = null; // the pool's scratch: not ours to keep
        if (wholeMessage && windowBits < 15 && size - 4 >= inputLength) {
            if (undo != null) {
                history.restore(undo);
            } else {
                history.clear();
            }
            return null;
        }
        if (fin) {
            if (size < 4 || !Arrays.equals(compressed, size - 4, size, TRAILER, 0, 4)) {
                throw new IllegalStateException("sync flush did not end with 00 00 ff ff");
            }
            size -= 4;
            if (noContextTakeover) {
                history.clear();
                pool.disown(this);
            }
        }
        return ByteBuffer.wrap(Arrays.copyOf(compressed, size));
    }

    /**
     * A message compressed without context elsewhere (a broadcast's shared frame, see
     * {@code SharedMessage}) was sent in this stream between our messages: the peer's window now ends
     * with its bytes, so they join the history our next message may refer to, and a zlib stream the
     * pool holds for us no longer matches the peer's.
     *
     * @param message the message's uncompressed bytes (its position is left as it is)
     */
    public void sentCompressedElsewhere(ByteBuffer message) {
        if (insideMessage) {
            throw new IllegalStateException("a fragmented message is being compressed");
        }
        pool.disown(this);
        if (noContextTakeover) {
            history.clear();
        } else {
            history.append(message.duplicate());
        }
    }

    /** The whole message with Huffman coding only: no back-reference, so valid in any window. */
    private byte[] huffmanOnly(ByteBuffer message) {
        Deflater huffman = pool.huffmanOnlyDeflater();
        huffman.reset();
        huffman.setInput(message);
        byte[] out = new byte[message.remaining() + (message.remaining() >> 3) + 64];
        int used = 0;
        while (true) {
            int room = out.length - used;
            int written = huffman.deflate(out, used, room, Deflater.SYNC_FLUSH);
            used += written;
            if (written < room) {
                return Arrays.copyOf(out, used);
            }
            out = Arrays.copyOf(out, out.length * 2);
        }
    }

    /** Forgets the context (the connection is gone). */
    public void release() {
        insideMessage = false;
        history.clear();
        pool.disown(this);
    }

    /**
     * Deflates {@code count} bytes of {@code data} with a sync flush, appending to {@code out} at
     * {@code outLength}, growing {@code out} as needed.
     */
    private void compressSegment(ByteBuffer data, int count, boolean prime) {
        Deflater deflater = pool.deflater(this, level, strategy);
        if (prime) {
            deflater.reset();
            int dictionary = windowBits == 15
                    ? Math.min(history.size(), Math.max(MIN_DICTIONARY_BYTES, 2 * count))
                    : history.size(); // history holds at most W/2 bytes here
            if (dictionary > 0) {
                deflater.setDictionary(history.array(), history.size() - dictionary, dictionary);
            }
        }
        ByteBuffer segment = data.slice(data.position(), count);
        deflater.setInput(segment);
        int used = outLength;
        while (true) {
            if (used == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            int room = out.length - used;
            int written = deflater.deflate(out, used, room, Deflater.SYNC_FLUSH);
            used += written;
            if (written < room) {
                break; // zlib finished the flush with space to spare: all input is consumed
            }
        }
        outLength = used;
        history.append(segment.rewind());
        data.position(data.position() + count);
    }
}
