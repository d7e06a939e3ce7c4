package dev.jvmws.bench.load;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * A message payload compressed the way permessage-deflate sends a message without context takeover
 * (RFC 7692 §7.2.1): raw DEFLATE (no zlib header) from a fresh stream, ended by a sync flush whose
 * trailing empty stored block {@code 00 00 FF FF} is removed. Because the stream is fresh, the bytes
 * are valid for every message of a connection that announced {@code client_no_context_takeover}, so
 * the load generator compresses once and sends the same frame forever.
 */
public final class DeflatedPayload {
    /** The empty stored block a sync flush ends with, which the sender removes (RFC 7692 §7.2.1). */
    static final byte[] SYNC_FLUSH_TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    private DeflatedPayload() {
    }

    /** {@code payload} compressed at zlib's default level, without the sync-flush tail. */
    public static byte[] compress(byte[] payload) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(payload);
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length / 2 + 64);
            byte[] chunk = new byte[4096];
            // A sync flush is complete once deflate() leaves room in the output (java.util.zip.Deflater).
            int written;
            do {
                written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, written);
            } while (written == chunk.length);
            byte[] compressed = out.toByteArray();
            int body = compressed.length - SYNC_FLUSH_TAIL.length;
            if (body < 0 || !Arrays.equals(compressed, body, compressed.length, SYNC_FLUSH_TAIL, 0,
                    SYNC_FLUSH_TAIL.length)) {
                throw new IllegalStateException("a sync flush did not end with 00 00 FF FF");
            }
            return Arrays.copyOf(compressed, body);
        } finally {
            deflater.end();
        }
    }
}
