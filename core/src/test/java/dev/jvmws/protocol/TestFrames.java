package dev.jvmws.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Builds frame fixtures byte by byte, independently of {@link FrameWriter} and {@link Masking}, so the
 * fixtures can't share a bug with the code under test.
 */
final class TestFrames {
    /** The mask key of the RFC 6455 §5.7 examples. */
    static final int KEY = 0x37fa213d;

    static final int FIN = 0x80;

    private TestFrames() {}

    /** Parses hex, ignoring spaces. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    /** A frame with the shortest length encoding, masked with {@link #KEY} when {@code masked}. */
    static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        int form = payload.length <= 125 ? 7 : payload.length <= 0xFFFF ? 16 : 64;
        return frame(firstByte, form, payload.length, payload, masked);
    }

    static byte[] frame(int firstByte, String text, boolean masked) {
        return frame(firstByte, utf8(text), masked);
    }

    /**
     * A frame with the given length encoding (7, 16 or 64 bits) and declared length, which may differ
     * from the payload's (to send a header alone, or a lying length).
     */
    static byte[] frame(int firstByte, int lengthBits, long declaredLength, byte[] payload, boolean masked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int maskBit = masked ? 0x80 : 0;
        switch (lengthBits) {
            case 7:
                out.write(maskBit | (int) declaredLength);
                break;
            case 16:
                out.write(maskBit | 126);
                writeBigEndian(out, declaredLength, 2);
                break;
            case 64:
                out.write(maskBit | 127);
                writeBigEndian(out, declaredLength, 8);
                break;
            default:
                throw new IllegalArgumentException("length form " + lengthBits);
        }
        if (masked) {
            writeBigEndian(out, KEY, 4);
            out.writeBytes(naiveMask(payload, KEY, 0));
        } else {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    /** XOR with the big-endian key, one byte at a time: the reference for {@link Masking}. */
    static byte[] naiveMask(byte[] payload, int key, long keyOffset) {
        byte[] masked = Arrays.copyOf(payload, payload.length);
        for (int i = 0; i < masked.length; i++) {
            int phase = (int) ((keyOffset + i) & 3);
            masked[i] ^= (byte) (key >>> (24 - 8 * phase));
        }
        return masked;
    }

    /** A close frame payload: big-endian code followed by the reason bytes. */
    static byte[] closePayload(int code, byte[] reason) {
        return concat(new byte[] {(byte) (code >>> 8), (byte) code}, reason);
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }
}
