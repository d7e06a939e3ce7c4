package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames (RFC 6455 §5.2): headers with the shortest length encoding, payloads masked with a
 * caller-supplied key when the sender is a client (§5.3), and close payloads (§5.5.1).
 *
 * <p>Stateless; safe from any thread (callers own the buffers).
 */
public final class FrameWriter {
    /** The longest header: 2 bytes, an 8-byte length and a 4-byte mask key. */
    public static final int MAX_HEADER_BYTES = 14;

    private FrameWriter() {}

    /** Header size for a payload of {@code length} bytes. */
    public static int headerSize(long length, boolean masked) {
        int size = length <= 125 ? 2 : length <= 0xFFFF ? 4 : 10;
        return masked ? size + 4 : size;
    }

    /**
     * Writes a frame header at {@code out}'s position.
     *
     * @param rsv RSV bits as in the first byte (e.g. {@link Opcode#RSV1})
     * @param maskKey used only when {@code masked}
     */
    public static void writeHeader(ByteBuffer out, boolean fin, int rsv, int opcode, long length,
            boolean masked, int maskKey) {
        boolean bigEndian = out.order() == ByteOrder.BIG_ENDIAN; // the wire is big-endian whatever out's order
        out.put((byte) ((fin ? 0x80 : 0) | rsv | opcode));
        int maskBit = masked ? 0x80 : 0;
        if (length <= 125) {
            out.put((byte) (maskBit | length));
        } else if (length <= 0xFFFF) {
            out.put((byte) (maskBit | 126));
            out.putShort(bigEndian ? (short) length : Short.reverseBytes((short) length));
        } else {
            out.put((byte) (maskBit | 127));
            out.putLong(bigEndian ? length : Long.reverseBytes(length));
        }
        if (masked) {
            out.putInt(bigEndian ? maskKey : Integer.reverseBytes(maskKey));
        }
    }

    /**
     * Writes a whole frame, header and payload ({@code payload}'s remaining bytes, which are consumed);
     * the payload is masked on the way when {@code masked}. {@code out} must have room for
     * {@link #headerSize} plus the payload.
     */
    public static void writeFrame(ByteBuffer out, boolean fin, int rsv, int opcode, ByteBuffer payload,
            boolean masked, int maskKey) {
        writeHeader(out, fin, rsv, opcode, payload.remaining(), masked, maskKey);
        if (masked) {
            Masking.copyMasked(payload, out, maskKey);
        } else {
            out.put(payload);
        }
    }

    /**
     * The payload of a close frame: empty when {@code code} is {@link CloseCode#NO_STATUS_RECEIVED}
     * (a close without a status), else the 2-byte code and the UTF-8 reason.
     *
     * @throws IllegalArgumentException if the code may not be sent or the reason exceeds 123 bytes
     */
    public static ByteBuffer closePayload(int code, String reason) {
        if (code == CloseCode.NO_STATUS_RECEIVED) {
            if (reason != null && !reason.isEmpty()) {
                throw new IllegalArgumentException("A close reason requires a close code");
            }
            return ByteBuffer.allocate(0);
        }
        if (!CloseCode.isValidOnWire(code)) {
            throw new IllegalArgumentException("Invalid close code " + code
                    + ": must be 1000-1003, 1007-1014 or 3000-4999");
        }
        byte[] reasonBytes = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (reasonBytes.length > CloseCode.MAX_REASON_BYTES) {
            throw new IllegalArgumentException("Close reason is " + reasonBytes.length
                    + " bytes; at most " + CloseCode.MAX_REASON_BYTES + " are allowed");
        }
        ByteBuffer payload = ByteBuffer.allocate(2 + reasonBytes.length);
        payload.putShort((short) code).put(reasonBytes);
        return payload.flip();
    }
}
