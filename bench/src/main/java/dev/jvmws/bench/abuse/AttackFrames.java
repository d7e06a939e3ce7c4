package dev.jvmws.bench.abuse;

import java.nio.ByteBuffer;

/**
 * Client frame bytes for attacks, masked with the all-zero key (RFC 6455 §5.3 requires a mask, not a
 * non-zero one): XOR with zero leaves the payload as is, so a 64 MiB declared payload can be sent from
 * one shared buffer of zeros and a frame header can be written on its own, ahead of its payload.
 * The honest client uses the load generator's {@link dev.jvmws.bench.load.ClientFrames} instead.
 */
final class AttackFrames {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int PING = 0x9;
    static final int FIN = 0x80;
    /** RFC 7692 §6: the first frame of a compressed message. */
    static final int RSV1 = 0x40;

    private AttackFrames() {
    }

    /** The header of a masked frame: {@code flags} (FIN, RSV1) | opcode, the length, a zero mask key. */
    static byte[] header(int flags, int opcode, long payloadLength) {
        int lengthBytes = payloadLength < 126 ? 0 : payloadLength <= 0xFFFF ? 2 : 8;
        ByteBuffer out = ByteBuffer.allocate(2 + lengthBytes + 4);
        out.put((byte) (flags | opcode));
        if (lengthBytes == 0) {
            out.put((byte) (0x80 | payloadLength));
        } else if (lengthBytes == 2) {
            out.put((byte) (0x80 | 126));
            out.putShort((short) payloadLength);
        } else {
            out.put((byte) (0x80 | 127));
            out.putLong(payloadLength);
        }
        out.putInt(0);
        return out.array();
    }

    /** A whole frame: header then {@code payload} (sent as is: the mask key is zero). */
    static byte[] frame(int flags, int opcode, byte[] payload) {
        byte[] header = header(flags, opcode, payload.length);
        byte[] frame = new byte[header.length + payload.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(payload, 0, frame, header.length, payload.length);
        return frame;
    }

    /** {@code count} copies of {@code frame} back to back in one direct read-only buffer. */
    static ByteBuffer repeated(byte[] frame, int count) {
        ByteBuffer out = ByteBuffer.allocateDirect(frame.length * count);
        for (int i = 0; i < count; i++) {
            out.put(frame);
        }
        return out.flip().asReadOnlyBuffer();
    }
}
