package dev.jvmws.bench.load;

import java.nio.ByteBuffer;

/**
 * The least parsing that counts a server's messages: each frame's header is read (RFC 6455 §5.2:
 * FIN and opcode in byte 0, MASK and the 7-bit length in byte 1, then a 16- or 64-bit extended
 * length) and its payload skipped without being looked at. A data frame with FIN set ends a message,
 * so a server that fragments its replies is counted per message. Control frames are skipped, except
 * that a complete close frame is remembered; pings are not answered (the workloads are too short for
 * a server's keep-alive to matter). Server frames are unmasked; a masked one is tolerated by skipping
 * its key with the payload.
 *
 * <p>The RSV bits are checked, since a compressed reply differs from a plain one only there: RSV1 is
 * allowed only when permessage-deflate was negotiated, and then only on the first frame of a data
 * message (RFC 7692 §6.1); RSV2 and RSV3 never (RFC 6455 §5.2: no extension we offer defines them). A
 * violation throws {@link IllegalStateException}, which fails the connection. Messages whose first
 * frame had RSV1 set are counted ({@link #compressedMessages()}); they are never inflated.
 *
 * <p>Resumable at any byte: state is kept between calls, the input is never copied. Not thread-safe.
 */
final class ServerFrameReader implements ReplyCounter {
    private static final int FIRST_BYTE = 0;
    private static final int SECOND_BYTE = 1;
    private static final int EXTENDED_LENGTH = 2;
    private static final int PAYLOAD = 3;

    private static final int RSV1 = 0x40;
    private static final int RSV2_RSV3 = 0x30;
    private static final int OPCODE_CONTINUATION = 0x0;

    private final boolean compressionNegotiated;
    private int state = FIRST_BYTE;
    private boolean fin;
    private int opcode;
    /** Whether the data message in progress started with RSV1 set. */
    private boolean messageCompressed;
    private long compressedMessages;
    private boolean masked;
    /** Extended length bytes still to read, and the length accumulated so far. */
    private int lengthBytesLeft;
    private long length;
    /** Payload (plus mask key) bytes of the current frame still to skip. */
    private long skipLeft;
    private boolean closeReceived;

    /** A reader for a connection without extensions: any RSV bit is an error. */
    ServerFrameReader() {
        this(false);
    }

    /** A reader that accepts RSV1 on the first frame of a data message if {@code compressionNegotiated}. */
    ServerFrameReader(boolean compressionNegotiated) {
        this.compressionNegotiated = compressionNegotiated;
    }

    @Override
    public int consume(ByteBuffer in) {
        int messages = 0;
        while (true) {
            switch (state) {
                case FIRST_BYTE:
                    if (!in.hasRemaining()) {
                        return messages;
                    }
                    int b0 = in.get();
                    fin = (b0 & 0x80) != 0;
                    opcode = b0 & 0x0F;
                    checkReservedBits(b0);
                    state = SECOND_BYTE;
                    break;
                case SECOND_BYTE:
                    if (!in.hasRemaining()) {
                        return messages;
                    }
                    int b1 = in.get();
                    masked = (b1 & 0x80) != 0;
                    int length7 = b1 & 0x7F;
                    if (length7 == 126 || length7 == 127) {
                        lengthBytesLeft = length7 == 126 ? 2 : 8;
                        length = 0;
                        state = EXTENDED_LENGTH;
                    } else {
                        startPayload(length7);
                    }
                    break;
                case EXTENDED_LENGTH:
                    if (!in.hasRemaining()) {
                        return messages;
                    }
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--lengthBytesLeft == 0) {
                        startPayload(length);
                    }
                    break;
                case PAYLOAD:
                    if (skipLeft > 0) {
                        int skip = (int) Math.min(skipLeft, in.remaining());
                        if (skip == 0) {
                            return messages;
                        }
                        in.position(in.position() + skip);
                        skipLeft -= skip;
                    }
                    if (skipLeft == 0) {
                        messages += endFrame();
                    }
                    break;
                default:
                    throw new IllegalStateException("state " + state);
            }
        }
    }

    @Override
    public boolean isCloseReceived() {
        return closeReceived;
    }

    @Override
    public long compressedMessages() {
        return compressedMessages;
    }

    private void checkReservedBits(int b0) {
        int rsv = b0 & 0x70;
        boolean control = (opcode & 0x08) != 0;
        if (!control && opcode != OPCODE_CONTINUATION) {
            messageCompressed = (rsv & RSV1) != 0;
        }
        if (rsv == 0) {
            return;
        }
        if ((rsv & RSV2_RSV3) != 0 || !compressionNegotiated) {
            throw new IllegalStateException(String.format("server frame with RSV bits 0x%02x that no negotiated "
                    + "extension defines", rsv));
        }
        if (control || opcode == OPCODE_CONTINUATION) {
            throw new IllegalStateException("server set RSV1 on a " + (control ? "control" : "continuation")
                    + " frame (RFC 7692 §6.1)");
        }
    }

    private void startPayload(long payloadLength) {
        skipLeft = payloadLength + (masked ? 4 : 0);
        state = PAYLOAD;
    }

    /** Returns 1 if the frame that just ended completes a data message. */
    private int endFrame() {
        state = FIRST_BYTE;
        if (opcode == ClientFrames.OPCODE_CLOSE) {
            closeReceived = true;
            return 0;
        }
        boolean isData = (opcode & 0x08) == 0;
        if (!isData || !fin) {
            return 0;
        }
        if (messageCompressed) {
            compressedMessages++;
        }
        return 1;
    }
}
