package dev.jvmws.internal.pem;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Just enough DER (X.690) to walk an {@code EncryptedPrivateKeyInfo}: a cursor over the contents of
 * one constructed value, reading definite-length SEQUENCE, OCTET STRING, INTEGER and OBJECT
 * IDENTIFIER values in order. Malformed input is an {@link IllegalArgumentException} that says
 * {@code what} was malformed.
 */
final class DerReader {
    static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int SEQUENCE = 0x30;
    /** Three length bytes reach 16 MiB, far past any key; longer lengths are treated as malformed. */
    private static final int MAX_LENGTH_BYTES = 3;

    private final byte[] bytes;
    private final String what;
    private int position;
    private final int end;

    /** A reader over {@code bytes}; {@code what} names them in errors ("key.pem: the ENCRYPTED PRIVATE KEY"). */
    DerReader(byte[] bytes, String what) {
        this(bytes, what, 0, bytes.length);
    }

    private DerReader(byte[] bytes, String what, int start, int end) {
        this.bytes = bytes;
        this.what = what;
        this.position = start;
        this.end = end;
    }

    /** Whether {@code bytes} are exactly one SEQUENCE, as a PKCS#8 key is. */
    static boolean isOneSequence(byte[] bytes) {
        DerReader reader = new DerReader(bytes, "");
        try {
            reader.sequence();
            return !reader.hasMore();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    boolean hasMore() {
        return position < end;
    }

    int peekTag() {
        return bytes[position] & 0xFF;
    }

    /** A reader over the next SEQUENCE's contents; this reader moves past it. */
    DerReader sequence() {
        int length = header(SEQUENCE);
        DerReader contents = new DerReader(bytes, what, position, position + length);
        position += length;
        return contents;
    }

    byte[] octetString() {
        return contents(header(OCTET_STRING));
    }

    BigInteger integer() {
        return new BigInteger(contents(header(INTEGER)));
    }

    /** The next OBJECT IDENTIFIER in dotted form ("1.2.840.113549.1.5.13"). */
    String objectIdentifier() {
        byte[] encoded = contents(header(OBJECT_IDENTIFIER));
        // X.690 §8.19: base-128 numbers, the high bit of each byte meaning "more follows"; the first
        // number packs the first two arcs as 40 * first + second.
        StringBuilder dotted = new StringBuilder();
        long arc = 0;
        for (byte b : encoded) {
            arc = (arc << 7) | (b & 0x7F);
            if ((b & 0x80) != 0) {
                continue;
            }
            if (dotted.length() == 0) {
                long first = Math.min(arc / 40, 2);
                dotted.append(first).append('.').append(arc - first * 40);
            } else {
                dotted.append('.').append(arc);
            }
            arc = 0;
        }
        if (dotted.length() == 0 || (encoded[encoded.length - 1] & 0x80) != 0) {
            throw malformed();
        }
        return dotted.toString();
    }

    private byte[] contents(int length) {
        position += length;
        return Arrays.copyOfRange(bytes, position - length, position);
    }

    /** Reads a tag and a length; returns the length, checked against what is left. */
    private int header(int expectedTag) {
        if (end - position < 2 || (bytes[position] & 0xFF) != expectedTag) {
            throw malformed();
        }
        position++;
        int length = bytes[position++] & 0xFF;
        if (length > 0x7F) {
            int lengthBytes = length & 0x7F;
            if (lengthBytes == 0 || lengthBytes > MAX_LENGTH_BYTES || lengthBytes > end - position) {
                throw malformed();
            }
            length = 0;
            for (int i = 0; i < lengthBytes; i++) {
                length = (length << 8) | (bytes[position++] & 0xFF);
            }
        }
        if (length > end - position) {
            throw malformed();
        }
        return length;
    }

    private IllegalArgumentException malformed() {
        return new IllegalArgumentException(what + " is not well-formed DER");
    }
}
