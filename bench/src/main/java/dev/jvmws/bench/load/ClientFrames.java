package dev.jvmws.bench.load;

import java.nio.ByteBuffer;

/**
 * Builds the client frames the load generator sends, once, already masked (RFC 6455 §5.3: a client
 * masks every frame). The mask key is a constant: masking is mandatory on the wire, but its
 * unpredictability protects proxies from cache poisoning, which is not what a loopback benchmark
 * exercises, and a fixed key lets every send reuse the same bytes.
 *
 * <p>Frame layout (RFC 6455 §5.2): byte 0 = FIN | RSV1 | RSV2 | RSV3 | opcode; byte 1 = MASK | 7-bit
 * length (126: a 16-bit length follows, 127: a 64-bit length follows); then the 4-byte mask key; then
 * the payload, each byte XORed with {@code key[i % 4]}. RSV1 marks a compressed message when
 * permessage-deflate was negotiated (RFC 7692 §6).
 */
public final class ClientFrames {
    public static final int OPCODE_TEXT = 0x1;
    public static final int OPCODE_BINARY = 0x2;
    public static final int OPCODE_CLOSE = 0x8;
    /** RFC 7692 §6: set on the first frame of a compressed message (as in byte 0). */
    public static final int RSV1 = 0x40;
    /** RFC 6455 §7.4.1: normal closure. */
    public static final int CLOSE_NORMAL = 1000;

    /** The constant mask key, big-endian as it appears on the wire. */
    public static final int MASK_KEY = 0x37FA213D;

    private ClientFrames() {
    }

    /** One complete masked frame with FIN set, as a read-only buffer positioned at 0. */
    public static ByteBuffer frame(int opcode, byte[] payload) {
        return repeated(opcode, payload, 1);
    }

    /**
     * {@code count} copies of the same masked frame back to back, so that sending k messages is one
     * write of the first k frames of this buffer. Read-only; callers take a {@code duplicate()}.
     */
    public static ByteBuffer repeated(int opcode, byte[] payload, int count) {
        return repeated(0, opcode, payload, count);
    }

    /** One masked frame with FIN and {@code rsv} (0 or {@link #RSV1}) set, as a new array. */
    static byte[] frameBytes(int rsv, int opcode, byte[] payload) {
        return bytes(repeated(rsv, opcode, payload, 1));
    }

    private static ByteBuffer repeated(int rsv, int opcode, byte[] payload, int count) {
        int frameBytes = frameSize(payload.length);
        long total = (long) frameBytes * count;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("frames too large for one buffer: " + total + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) total);
        for (int i = 0; i < count; i++) {
            writeFrame(buffer, rsv, opcode, payload);
        }
        buffer.flip();
        return buffer.asReadOnlyBuffer();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    /** A masked close frame carrying {@code code} and no reason. */
    public static ByteBuffer close(int code) {
        return frame(OPCODE_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** Header plus payload bytes of a masked frame carrying {@code payloadLength} bytes. */
    public static int frameSize(int payloadLength) {
        return headerSize(payloadLength) + payloadLength;
    }

    /** 2 bytes, plus 2 or 8 for an extended length, plus the 4-byte mask key. */
    static int headerSize(int payloadLength) {
        int lengthBytes = payloadLength < 126 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        return 2 + lengthBytes + 4;
    }

    private static void writeFrame(ByteBuffer out, int rsv, int opcode, byte[] payload) {
        int length = payload.length;
        out.put((byte) (0x80 | rsv | opcode));
        if (length < 126) {
            out.put((byte) (0x80 | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (0x80 | 126));
            out.putShort((short) length);
        } else {
            out.put((byte) (0x80 | 127));
            out.putLong(length);
        }
        out.putInt(MASK_KEY);
        for (int i = 0; i < length; i++) {
            int keyByte = MASK_KEY >>> (8 * (3 - (i & 3)));
            out.put((byte) (payload[i] ^ keyByte));
        }
    }
}
