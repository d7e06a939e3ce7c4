package dev.jvmws.internal.io;

import java.nio.ByteBuffer;

/**
 * One loop's scratch for TLS: records read and not yet decrypted, records encrypted and not yet
 * written, and room for a record's plaintext. A connection borrows them for one read or write burst
 * and keeps only what the burst could not finish (a partial record, bytes the socket did not take),
 * so an idle TLS connection holds no buffer. Made on first use: a loop that never serves TLS holds
 * none either. Loop thread only.
 */
public final class TlsBuffers {
    /** Several records per read or write, so a large message doesn't cost a system call per record. */
    private static final int BURST_BYTES = 64 * 1024;

    private ByteBuffer netIn;
    private ByteBuffer netOut;
    private ByteBuffer plain;

    /** An empty buffer (write mode) for ciphertext read from the socket, of at least {@code minBytes}. */
    ByteBuffer netIn(int minBytes) {
        netIn = fit(netIn, minBytes);
        return netIn.clear();
    }

    /** An empty buffer (write mode) for ciphertext to send, of at least {@code minBytes}. */
    ByteBuffer netOut(int minBytes) {
        netOut = fit(netOut, minBytes);
        return netOut.clear();
    }

    /** An empty buffer (write mode) for one record's plaintext, of at least {@code minBytes}. */
    ByteBuffer plain(int minBytes) {
        if (plain == null || plain.capacity() < minBytes) {
            plain = ByteBuffer.allocate(minBytes);
        }
        return plain.clear();
    }

    private static ByteBuffer fit(ByteBuffer buffer, int minBytes) {
        if (buffer == null || buffer.capacity() < minBytes) {
            return ByteBuffer.allocate(Math.max(BURST_BYTES, 2 * minBytes));
        }
        return buffer;
    }
}
