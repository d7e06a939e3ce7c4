package dev.jvmws.bench.abuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a server sent on one connection, parsed just enough to say what it did: an HTTP response
 * head first (its status and, for the compression attack, its text), then WebSocket frames
 * (RFC 6455 §5.2): data messages and pongs are counted, payloads skipped, and a close frame's status
 * code kept. Resumable at any byte, like the load generator's readers, which are package-private to
 * {@code load}; this one also keeps the close code, which is what an attack's outcome is.
 * Not thread-safe.
 */
final class ServerBytes {
    /** No close frame seen yet. */
    static final int NO_CLOSE = -1;
    /** A close frame without a status code (RFC 6455 §7.1.5). */
    static final int CLOSE_WITHOUT_CODE = 1005;
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int OPCODE_CLOSE = 0x8;
    private static final int OPCODE_PONG = 0xA;

    /**
     * HEAD until CR LF CR LF (or {@link #MAX_HEAD_BYTES}); then one frame at a time: its first byte
     * (FIN, opcode), second (MASK, 7-bit length), extended length, payload; DONE after a close frame.
     */
    private enum State { HEAD, FIRST_BYTE, SECOND_BYTE, EXTENDED_LENGTH, PAYLOAD, DONE }

    private State state = State.HEAD;
    /** Grows to at most {@link #MAX_HEAD_BYTES}: 10,000 idle attack connections must stay cheap. */
    private byte[] head = new byte[0];
    private int headSize;
    private int status;

    private boolean fin;
    private int opcode;
    private boolean masked;
    private int lengthBytesLeft;
    private long length;
    private long skipLeft;
    /** Bytes of a close payload read so far (its code is the first two). */
    private int closeBytesRead;
    private int partialCloseCode;
    private int closeCode = NO_CLOSE;

    private long dataMessages;
    private long pongs;
    private long bytes;

    /** A parser for a connection that was (or is being) upgraded: the HTTP response head comes first. */
    ServerBytes() {
    }

    /** Consumes everything in {@code in}. Bytes after a close frame are ignored. */
    void consume(ByteBuffer in) {
        bytes += in.remaining();
        while (in.hasRemaining()) {
            switch (state) {
                case HEAD -> readHead(in);
                case FIRST_BYTE -> {
                    int b0 = in.get();
                    fin = (b0 & 0x80) != 0;
                    opcode = b0 & 0x0F;
                    state = State.SECOND_BYTE;
                }
                case SECOND_BYTE -> {
                    int b1 = in.get();
                    masked = (b1 & 0x80) != 0;
                    int length7 = b1 & 0x7F;
                    if (length7 >= 126) {
                        lengthBytesLeft = length7 == 126 ? 2 : 8;
                        length = 0;
                        state = State.EXTENDED_LENGTH;
                    } else {
                        startPayload(length7);
                    }
                }
                case EXTENDED_LENGTH -> {
                    length = (length << 8) | (in.get() & 0xFF);
                    if (--lengthBytesLeft == 0) {
                        startPayload(length);
                    }
                }
                case PAYLOAD -> readPayload(in);
                case DONE -> in.position(in.limit());
                default -> throw new IllegalStateException("state " + state);
            }
        }
    }

    /** True once the HTTP response head is complete. */
    boolean headComplete() {
        return state != State.HEAD;
    }

    /** The HTTP status of the response head, 0 if none was read (yet), -1 if unreadable. */
    int status() {
        return status;
    }

    /** The response head as text (ISO-8859-1), as much as was read. */
    String headText() {
        return new String(head, 0, headSize, StandardCharsets.ISO_8859_1);
    }

    /** The close frame's status code, {@link #CLOSE_WITHOUT_CODE} if it had none, {@link #NO_CLOSE} before one. */
    int closeCode() {
        return closeCode;
    }

    boolean closeReceived() {
        return closeCode != NO_CLOSE;
    }

    /** Complete data messages received (a data frame with FIN ends one). */
    long dataMessages() {
        return dataMessages;
    }

    long pongs() {
        return pongs;
    }

    /** Every byte consumed, head included. */
    long bytes() {
        return bytes;
    }

    private void readHead(ByteBuffer in) {
        while (in.hasRemaining() && state == State.HEAD) {
            byte b = in.get();
            if (headSize == head.length) {
                if (headSize == MAX_HEAD_BYTES) {
                    // A head this long is not an answer we can read; what follows is taken as frames.
                    status = parseStatus(headText());
                    state = State.FIRST_BYTE;
                    return;
                }
                head = java.util.Arrays.copyOf(head, Math.min(Math.max(256, 2 * headSize), MAX_HEAD_BYTES));
            }
            head[headSize++] = b;
            if (headSize >= 4 && head[headSize - 4] == '\r' && head[headSize - 3] == '\n'
                    && head[headSize - 2] == '\r' && head[headSize - 1] == '\n') {
                status = parseStatus(headText());
                state = State.FIRST_BYTE;
            }
        }
    }

    /** The code of an {@code HTTP/1.x NNN reason} status line, or -1. */
    static int parseStatus(String headText) {
        String[] parts = headText.split("\r\n", 2)[0].split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void startPayload(long payloadLength) {
        if (masked) {
            // A server must not mask (RFC 6455 §5.1); tolerate it by skipping the key with the payload,
            // which then hides a close code: it is reported as "no code".
            skipLeft = payloadLength + 4;
        } else {
            skipLeft = payloadLength;
        }
        closeBytesRead = 0;
        partialCloseCode = 0;
        state = State.PAYLOAD;
        if (skipLeft == 0) {
            endFrame();
        }
    }

    private void readPayload(ByteBuffer in) {
        if (opcode == OPCODE_CLOSE && !masked) {
            while (closeBytesRead < 2 && skipLeft > 0 && in.hasRemaining()) {
                partialCloseCode = (partialCloseCode << 8) | (in.get() & 0xFF);
                closeBytesRead++;
                skipLeft--;
            }
        }
        int skip = (int) Math.min(skipLeft, in.remaining());
        in.position(in.position() + skip);
        skipLeft -= skip;
        if (skipLeft == 0) {
            endFrame();
        }
    }

    private void endFrame() {
        state = State.FIRST_BYTE;
        if (opcode == OPCODE_CLOSE) {
            closeCode = closeBytesRead < 2 ? CLOSE_WITHOUT_CODE : partialCloseCode;
            state = State.DONE;
        } else if (opcode == OPCODE_PONG) {
            pongs++;
        } else if ((opcode & 0x08) == 0 && fin) {
            dataMessages++;
        }
    }
}
