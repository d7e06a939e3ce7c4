package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Incremental frame reader: the syntax of RFC 6455 §5.2 and nothing more. Bytes may be split at any
 * point between calls; the parser keeps only a few fields between them (no buffer), so an idle
 * connection costs almost nothing. Payload is unmasked in place and handed to the {@link Handler} as
 * it arrives. The rules about which frames are allowed when live in {@link MessageAssembler}.
 *
 * <p>States: {@code HEADER} (first two bytes), {@code LENGTH} (16- or 64-bit extended length),
 * {@code MASK_KEY}, {@code PAYLOAD}, and {@code FAILED} after a malformed header, which is final.
 * Any handler method may return false to stop parsing; the next {@link #parse} resumes exactly there.
 * {@link Handler#onFramePayload} may also leave part of its payload unconsumed (its position short of
 * its limit) and return false: the caller then passes those bytes again, and the parser knows they
 * are already unmasked. This lets a handler bound the work it does per call (a decompressing handler
 * yields mid-frame so one connection can't hold its thread).
 *
 * <p>Not thread-safe: one instance reads one connection's byte stream.
 */
public final class FrameParser {

    /** Receives the parts of each frame in order. Returning false stops {@link #parse} at once. */
    public interface Handler {
        /** A frame header is complete. {@code rsv} holds the RSV bits as in the first byte (0x70 mask). */
        boolean onFrameHeader(boolean fin, int rsv, int opcode, boolean masked, long payloadLength);

        /**
         * Unmasked payload bytes between {@code payload.position()} and {@code payload.limit()}. The
         * buffer is the caller's input: read it during the call, never keep it. Bytes left unread
         * (position short of limit) count as unconsumed only when the call returns false; they must
         * then be passed to the next {@link #parse} call first.
         */
        boolean onFramePayload(ByteBuffer payload);

        /** The current frame's payload is complete (also called for empty payloads). */
        boolean onFrameEnd();

        /** The header was malformed; the parser is now failed and consumes nothing more. */
        void onMalformedFrame(WebSocketProtocolException error);
    }

    private static final int HEADER = 0;
    private static final int LENGTH = 1;
    private static final int MASK_KEY = 2;
    private static final int PAYLOAD = 3;
    private static final int FAILED = 4;

    private final Handler handler;

    private int state = HEADER;
    /** Bytes of the current multi-byte field still to read, and what was read of it so far. */
    private int fieldBytesLeft;
    private long fieldValue;
    private int firstByte = -1;

    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private int maskKey;
    private long payloadLength;
    private long payloadRead;
    /** Payload bytes handed back unconsumed by the handler: they are at the input's front, already unmasked. */
    private int unmaskedAhead;

    public FrameParser(Handler handler) {
        this.handler = handler;
    }

    /**
     * Consumes bytes from {@code in} (from its position, advancing it) until the input is used up or the
     * handler asks to stop. Payload bytes of masked frames are unmasked in place in {@code in}.
     */
    public void parse(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case HEADER:
                    if (!readHeader(in)) {
                        return;
                    }
                    break;
                case LENGTH:
                    if (!readField(in)) {
                        return;
                    }
                    if (!acceptLength(fieldValue)) {
                        return;
                    }
                    break;
                case MASK_KEY:
                    if (!readField(in)) {
                        return;
                    }
                    maskKey = (int) fieldValue;
                    if (!headerComplete()) {
                        return;
                    }
                    break;
                case PAYLOAD:
                    if (!readPayload(in)) {
                        return;
                    }
                    break;
                default:
                    return;
            }
        }
        // A frame with an empty payload can complete without any byte after its header.
        if (state == PAYLOAD && payloadRead == payloadLength && payloadLength == 0) {
            finishFrame();
        }
    }

    /** True while a frame is partly read (the connection ended mid-frame if it closes now). */
    public boolean isInsideFrame() {
        return state != HEADER || firstByte >= 0;
    }

    private boolean readHeader(ByteBuffer in) {
        if (firstByte < 0) {
            firstByte = in.get() & 0xFF;
            if (!in.hasRemaining()) {
                return false;
            }
        }
        int b0 = firstByte;
        int b1 = in.get() & 0xFF;
        firstByte = -1;
        fin = (b0 & 0x80) != 0;
        rsv = b0 & 0x70;
        opcode = b0 & 0x0F;
        masked = (b1 & 0x80) != 0;
        int length7 = b1 & 0x7F;
        payloadRead = 0;
        if (length7 == 126) {
            return startField(in, LENGTH, 2);
        } else if (length7 == 127) {
            return startField(in, LENGTH, 8);
        }
        return acceptLength(length7);
    }

    private boolean acceptLength(long length) {
        if (length < 0) {
            // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
            state = FAILED;
            handler.onMalformedFrame(new WebSocketProtocolException(CloseCode.PROTOCOL_ERROR,
                    "Invalid frame length: the most significant bit of a 64-bit length must be 0"));
            return false;
        }
        payloadLength = length;
        if (masked) {
            state = MASK_KEY;
            fieldBytesLeft = 4;
            fieldValue = 0;
            return true;
        }
        return headerComplete();
    }

    private boolean startField(ByteBuffer in, int nextState, int bytes) {
        state = nextState;
        fieldBytesLeft = bytes;
        fieldValue = 0;
        return true;
    }

    /** Reads big-endian bytes of the current field; true when the field is complete. */
    private boolean readField(ByteBuffer in) {
        if (fieldBytesLeft == 8 && in.remaining() >= 8) {
            long value = in.getLong();
            fieldValue = in.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value);
            fieldBytesLeft = 0;
            return true;
        }
        while (fieldBytesLeft > 0 && in.hasRemaining()) {
            fieldValue = (fieldValue << 8) | (in.get() & 0xFF);
            fieldBytesLeft--;
        }
        return fieldBytesLeft == 0;
    }

    private boolean headerComplete() {
        state = PAYLOAD;
        if (!handler.onFrameHeader(fin, rsv, opcode, masked, payloadLength)) {
            return false;
        }
        if (payloadLength == 0) {
            return finishFrame();
        }
        return true;
    }

    private boolean readPayload(ByteBuffer in) {
        int start = in.position();
        int count = (int) Math.min(payloadLength - payloadRead, in.remaining());
        int end = start + count;
        if (masked) {
            // Bytes handed back by the handler were unmasked when they first came; masking is an XOR,
            // so doing it twice would restore the masked bytes.
            int skip = Math.min(unmaskedAhead, count);
            Masking.mask(in, start + skip, end, maskKey, payloadRead + skip);
        }
        unmaskedAhead = 0;
        payloadRead += count;
        int limit = in.limit();
        in.limit(end);
        boolean proceed;
        int consumedTo = end;
        try {
            proceed = handler.onFramePayload(in);
            if (!proceed) {
                consumedTo = in.position();
            }
        } finally {
            in.limit(limit);
            in.position(consumedTo);
        }
        if (!proceed) {
            int left = end - consumedTo;
            payloadRead -= left;
            unmaskedAhead = left;
            return false;
        }
        if (payloadRead == payloadLength) {
            return finishFrame();
        }
        return true;
    }

    private boolean finishFrame() {
        state = HEADER;
        return handler.onFrameEnd();
    }
}
