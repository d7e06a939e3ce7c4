package dev.jvmws.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * The rules of RFC 6455 on top of {@link FrameParser}'s syntax: which frames may come when, control
 * frame limits, masking by role, fragmentation, message size limits, streaming UTF-8 validation and
 * close payload rules. It assembles data frames into messages and reports messages, control frames
 * and violations to a {@link Listener}.
 *
 * <p>With permessage-deflate ({@link #enableDecompression}), a message whose first frame has RSV1 set
 * is decompressed as it arrives: {@code maxPayload} then also bounds the decompressed size, checked
 * chunk by chunk inside the inflate loop, and UTF-8 is validated on the decompressed bytes.
 *
 * <p>Each frame's effect is delivered before the next frame is parsed, so a bad frame never swallows a
 * good message before it. After a close frame or a violation nothing more is delivered. Limits are
 * checked from the declared frame length, before any payload is buffered.
 *
 * <p>Invariants: {@code messageOpcode} is TEXT or BINARY while a fragmented message is open and
 * CONTINUATION otherwise; {@code frameOpcode} is the opcode the current frame's payload belongs to.
 *
 * <p>Not thread-safe: one instance per connection, driven by one thread at a time.
 */
public final class MessageAssembler implements FrameParser.Handler {

    /** Receives complete messages and control frames. Buffers passed in are owned by the listener. */
    public interface Listener {
        void onText(String text);

        void onBinary(ByteBuffer data);

        /** Called instead of {@link #onBinary} when {@link #keepFragments(boolean)} was set for the message. */
        default void onBinaryFragments(List<ByteBuffer> fragments) {
            onBinary(concat(fragments));
        }

        void onPing(ByteBuffer payload);

        void onPong(ByteBuffer payload);

        /** A valid close frame; {@code code} is 1005 when it carried none. Nothing is delivered after. */
        void onClose(int code, String reason);

        /** The peer broke a rule; the connection must be failed with {@code error.closeCode()}. */
        void onViolation(WebSocketProtocolException error);

        /**
         * The bytes this assembler holds for unfinished messages changed by {@code deltaBytes}
         * (allocated buffers, counted when allocated and released when the message is delivered or
         * dropped). Lets a server bound the memory all its connections hold in partial messages.
         */
        default void onHeldBytesChanged(long deltaBytes) {}
    }

    /**
     * The receive limits of one connection. Immutable: build from {@link #DEFAULTS} with the
     * {@code with…} methods.
     *
     * @param maxPayload largest message, in bytes; 0 = no limit. RFC-wise a policy choice; ws
     *     defaults to 100 MiB
     * @param maxFragments most data frames in one message before their size counts; 0 = no limit.
     *     Beyond it a message may have one more frame per {@link #BYTES_PER_EXTRA_FRAGMENT} bytes of
     *     payload, so a flood of empty frames is stopped at this count while a large message in
     *     small fragments is not
     * @param skipUtf8Validation whether text is left unvalidated (trusted peers only)
     * @param allowedRsv RSV bits an extension has claimed; the others must be clear (RFC 6455 §5.2)
     * @param maxFrameSize largest data frame payload, in bytes, checked from the frame header (a larger
     *     one closes with 1009); 0 = no limit of its own
     */
    public record Limits(long maxPayload, int maxFragments, boolean skipUtf8Validation, int allowedRsv,
            long maxFrameSize) {
        /** 100 MiB messages, any number of fragments, UTF-8 validated, no RSV bit allowed, frames up to the message limit. */
        public static final Limits DEFAULTS = new Limits(100L * 1024 * 1024, 0, false, 0, 0);

        public Limits withMaxPayload(long bytes) {
            return new Limits(bytes, maxFragments, skipUtf8Validation, allowedRsv, maxFrameSize);
        }

        public Limits withMaxFragments(int fragments) {
            return new Limits(maxPayload, fragments, skipUtf8Validation, allowedRsv, maxFrameSize);
        }

        public Limits withSkipUtf8Validation(boolean skip) {
            return new Limits(maxPayload, maxFragments, skip, allowedRsv, maxFrameSize);
        }

        public Limits withAllowedRsv(int rsv) {
            return new Limits(maxPayload, maxFragments, skipUtf8Validation, rsv, maxFrameSize);
        }

        /** Largest frame payload (WebSocket-Node's {@code maxReceivedFrameSize}); 0 = only {@code maxPayload} applies. */
        public Limits withMaxFrameSize(long bytes) {
            return new Limits(maxPayload, maxFragments, skipUtf8Validation, allowedRsv, bytes);
        }
    }

    /**
     * Payload bytes that earn a message one frame beyond {@link Limits#maxFragments()}. 64 is the
     * smallest fragment the Autobahn suite sends in a large message (9.3.1: 4 MiB in 65,536 frames),
     * and frames this size cost a flooding peer as many bytes of payload as of framing.
     */
    public static final int BYTES_PER_EXTRA_FRAGMENT = 64;
    /**
     * Decompressed bytes one {@link FrameParser#parse} call may produce before the assembler yields,
     * leaving the rest of its input unconsumed: a decompression bomb can't hold the thread for more
     * than a few milliseconds at a time. See {@link #startWorkSlice}.
     */
    public static final int MAX_INFLATED_BYTES_PER_SLICE = 256 * 1024;

    private final Listener listener;
    private final Limits limits;
    /** Deliver binary messages as their frames' payloads; read when a message begins. */
    private boolean keepFragments;
    private final boolean expectMasked;

    private int messageOpcode = Opcode.CONTINUATION;
    private boolean messageKeepsFragments;
    private int frameOpcode;
    private boolean frameFin;
    private long frameLength;
    private long messageLength;
    private int messageFragments;
    private final Utf8Validator utf8 = new Utf8Validator();
    /** Set when permessage-deflate was negotiated; null otherwise. */
    private Decompressor inflater;
    private boolean messageCompressed;
    private long decompressedLength;
    /** Where the inflater puts what it decompresses; made with the inflater, so plain connections don't hold it. */
    private Decompressor.Sink decompressed;

    /** Bytes of the message (or, with keepFragments, of the frame) read so far. */
    private final MessageBuffer buffer = new MessageBuffer();
    /** Payload bytes of the current frame received so far. */
    private long frameReceived;
    private List<ByteBuffer> fragments;
    /** Bytes allocated for {@link #fragments}. */
    private long fragmentBytes;
    /** What {@link Listener#onHeldBytesChanged} has been told this assembler holds. */
    private long heldReported;
    /** Decompressed bytes produced since {@link #startWorkSlice}. */
    private long sliceInflated;
    /** The compressed input being inflated, to see whether a yield would leave some of it for later. */
    private ByteBuffer inflating;
    private boolean yielded;
    /** Payload of the control frame being read; kept apart because it may interleave a message. */
    private byte[] control;
    private int controlLength;

    private boolean suspended;
    private boolean finished;

    /**
     * @param expectMasked true on the server side: RFC 6455 §5.1 requires clients to mask every frame
     *     and servers never to mask
     */
    public MessageAssembler(Listener listener, Limits limits, boolean expectMasked) {
        this.listener = listener;
        this.limits = limits;
        this.expectMasked = expectMasked;
    }

    /**
     * Turns on permessage-deflate for received messages (RFC 7692 §6): RSV1 on a message's first frame
     * marks it compressed; RSV1 on a continuation or control frame is a protocol error. The caller
     * also allows RSV1 in {@link Limits#allowedRsv()}.
     */
    public void enableDecompression(Decompressor messageInflater) {
        this.inflater = messageInflater;
        this.decompressed = this::appendDecompressed;
    }

    /**
     * Delivers binary messages as the list of their frames' payloads, uncopied into one buffer
     * ({@link Listener#onBinaryFragments}), from the next message on.
     */
    public void keepFragments(boolean keep) {
        this.keepFragments = keep;
    }

    /**
     * Asks the parser to stop after the frame being delivered (e.g. the application paused reading).
     * Parsing resumes with the next {@link FrameParser#parse} call after {@code suspend(false)}.
     */
    public void suspend(boolean suspend) {
        this.suspended = suspend;
    }

    /** True after a close frame or a violation: no more frames are accepted. */
    public boolean isFinished() {
        return finished;
    }

    /** True while a fragmented message is open or a frame's payload is partly buffered. */
    public boolean isInsideMessage() {
        return messageOpcode != Opcode.CONTINUATION || buffer.size() > 0;
    }

    /** Bytes allocated for unfinished messages (what {@link Listener#onHeldBytesChanged} reported). */
    public long heldBytes() {
        return heldReported;
    }

    /**
     * Starts a new slice of work: the next {@link FrameParser#parse} call may decompress up to
     * {@link #MAX_INFLATED_BYTES_PER_SLICE} bytes before it yields. After a yield
     * ({@link #hasYielded}), the caller passes the input left unconsumed again in a later slice.
     */
    public void startWorkSlice() {
        sliceInflated = 0;
        yielded = false;
    }

    /** True if the last slice stopped because it had done its share of work, not for any rule. */
    public boolean hasYielded() {
        return yielded;
    }

    /** Drops buffered data (the connection is gone); idempotent. */
    public void release() {
        if (inflater != null) {
            inflater.release();
        }
        buffer.clear();
        control = null;
        fragments = null;
        fragmentBytes = 0;
        finished = true;
        reportHeld();
    }

    @Override
    public boolean onFrameHeader(boolean fin, int rsv, int opcode, boolean masked, long length) {
        if (finished) {
            return false;
        }
        if ((rsv & ~limits.allowedRsv()) != 0) {
            return violation(CloseCode.PROTOCOL_ERROR, "Invalid frame: RSV bits 0x"
                    + Integer.toHexString(rsv >> 4) + " set without a negotiated extension");
        }
        if (!Opcode.isDefined(opcode)) {
            return violation(CloseCode.PROTOCOL_ERROR, "Invalid opcode " + opcode);
        }
        boolean compressed = (rsv & Opcode.RSV1) != 0 && inflater != null;
        if (compressed && (Opcode.isControl(opcode) || opcode == Opcode.CONTINUATION)) {
            // RFC 7692 §6.1: only the first frame of a data message may carry the "compressed" bit.
            return violation(CloseCode.PROTOCOL_ERROR, "Invalid frame: RSV1 set on a "
                    + (opcode == Opcode.CONTINUATION ? "continuation" : "control") + " frame");
        }
        if (masked != expectMasked) {
            return violation(CloseCode.PROTOCOL_ERROR,
                    expectMasked ? "Invalid frame: MASK must be set" : "Invalid frame: MASK must be clear");
        }
        frameFin = fin;
        frameLength = length;
        frameReceived = 0;
        frameOpcode = opcode;
        if (Opcode.isControl(opcode)) {
            if (!fin) {
                return violation(CloseCode.PROTOCOL_ERROR, "Invalid frame: control frames must not be fragmented");
            }
            if (length > Opcode.MAX_CONTROL_PAYLOAD_BYTES) {
                return violation(CloseCode.PROTOCOL_ERROR,
                        "Invalid frame: control frame payload of " + length + " bytes exceeds 125");
            }
            if (opcode == Opcode.CLOSE && length == 1) {
                return violation(CloseCode.PROTOCOL_ERROR, "Invalid close frame: payload of 1 byte");
            }
            control = new byte[(int) length];
            controlLength = 0;
            return true;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == Opcode.CONTINUATION) {
                return violation(CloseCode.PROTOCOL_ERROR, "Invalid frame: continuation frame without a message to continue");
            }
            frameOpcode = messageOpcode;
        } else {
            if (messageOpcode != Opcode.CONTINUATION) {
                return violation(CloseCode.PROTOCOL_ERROR,
                        "Invalid frame: new " + Opcode.name(opcode) + " message before the previous one ended");
            }
            messageOpcode = opcode;
            messageLength = 0;
            messageFragments = 0;
            messageCompressed = compressed;
            decompressedLength = 0;
            messageKeepsFragments = opcode == Opcode.BINARY && keepFragments;
            utf8.reset();
        }
        if (limits.maxFrameSize() > 0 && (length > limits.maxFrameSize() || length < 0)) {
            return violation(CloseCode.MESSAGE_TOO_BIG, "Max frame size exceeded");
        }
        messageLength += length;
        if (limits.maxPayload() > 0 && (messageLength > limits.maxPayload() || messageLength < 0)) {
            return violation(CloseCode.MESSAGE_TOO_BIG, "Max payload size exceeded");
        }
        if (++messageFragments > limits.maxFragments() && limits.maxFragments() > 0
                && messageFragments - limits.maxFragments() > messageLength / BYTES_PER_EXTRA_FRAGMENT) {
            return violation(CloseCode.POLICY_VIOLATION, "Too many message fragments");
        }
        return true;
    }

    @Override
    public boolean onFramePayload(ByteBuffer payload) {
        if (finished) {
            return false;
        }
        if (Opcode.isControl(frameOpcode)) {
            int count = payload.remaining();
            payload.get(control, controlLength, count);
            controlLength += count;
            return true;
        }
        if (messageCompressed) {
            return inflate(payload);
        }
        if (frameOpcode == Opcode.TEXT && !limits.skipUtf8Validation()
                && !utf8.feed(payload, payload.position(), payload.limit())) {
            return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid UTF-8 in text message");
        }
        int count = payload.remaining();
        if (buffer.size() == 0 && count == frameLength && frameFin && messageFragments == 1) {
            // The whole single-frame message is in this read: deliver it without an intermediate buffer.
            return deliverWhole(payload);
        }
        long knownRemaining = frameFin ? frameLength - frameReceived : -1;
        frameReceived += count;
        buffer.append(payload, knownRemaining);
        reportHeld();
        return true;
    }

    @Override
    public boolean onFrameEnd() {
        if (finished) {
            return false;
        }
        int opcode = frameOpcode;
        if (Opcode.isControl(opcode)) {
            return controlFrameEnded(opcode);
        }
        if (opcode == 0) {
            return !suspended; // the payload was delivered whole by onFramePayload
        }
        if (messageKeepsFragments && !messageCompressed) {
            keepFragment(); // a decompressed message is one stream, not frame-sized pieces
        }
        if (!frameFin) {
            return true;
        }
        if (messageCompressed && !finishInflating()) {
            return false;
        }
        if (opcode == Opcode.TEXT) {
            if (!limits.skipUtf8Validation() && !utf8.isComplete()) {
                return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid UTF-8 in text message: truncated code point");
            }
            ByteBuffer bytes = buffer.take();
            String text = new String(bytes.array(), bytes.arrayOffset(), bytes.remaining(), StandardCharsets.UTF_8);
            resetMessage();
            listener.onText(text);
        } else if (messageKeepsFragments) {
            if (messageCompressed) {
                keepFragment();
            }
            List<ByteBuffer> pieces = fragments;
            resetMessage();
            listener.onBinaryFragments(pieces);
        } else {
            ByteBuffer data = buffer.take();
            resetMessage();
            listener.onBinary(data);
        }
        return !suspended && !finished;
    }

    @Override
    public void onMalformedFrame(WebSocketProtocolException error) {
        if (finished) {
            return;
        }
        finished = true;
        listener.onViolation(error);
    }

    private boolean inflate(ByteBuffer payload) {
        inflating = payload;
        try {
            if (!inflater.inflate(payload, decompressed)) {
                // appendDecompressed reported a violation, or yielded: the payload's position then
                // marks what was consumed, and the parser keeps the rest for the next slice.
                return false;
            }
        } catch (DataFormatException e) {
            return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid compressed data: " + e.getMessage());
        } finally {
            inflating = null;
        }
        payload.position(payload.limit());
        return true;
    }

    private boolean finishInflating() {
        try {
            return inflater.finish(decompressed);
        } catch (DataFormatException e) {
            return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid compressed data: " + e.getMessage());
        }
    }

    /** The inflate loop's output: the size limit and UTF-8 are checked chunk by chunk, before buffering. */
    private boolean appendDecompressed(byte[] bytes, int offset, int length) {
        decompressedLength += length;
        if (limits.maxPayload() > 0 && decompressedLength > limits.maxPayload()) {
            return violation(CloseCode.MESSAGE_TOO_BIG, "Max payload size exceeded");
        }
        if (messageOpcode == Opcode.TEXT && !limits.skipUtf8Validation()
                && !utf8.feed(bytes, offset, offset + length)) {
            return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid UTF-8 in text message");
        }
        buffer.append(bytes, offset, length);
        reportHeld();
        sliceInflated += length;
        if (sliceInflated >= MAX_INFLATED_BYTES_PER_SLICE && inflating != null && inflating.hasRemaining()) {
            // Only while compressed input is left: zlib then holds no output back (it consumes input
            // only as it produces), so the next slice resumes exactly from the payload's position.
            yielded = true;
            return false;
        }
        return true;
    }

    private boolean deliverWhole(ByteBuffer payload) {
        int opcode = frameOpcode;
        int count = payload.remaining();
        frameOpcode = 0; // tells onFrameEnd the message has been delivered
        if (opcode == Opcode.TEXT) {
            if (!limits.skipUtf8Validation() && !utf8.isComplete()) {
                return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid UTF-8 in text message: truncated code point");
            }
            String text;
            if (payload.hasArray()) {
                text = new String(payload.array(), payload.arrayOffset() + payload.position(), count,
                        StandardCharsets.UTF_8);
                payload.position(payload.limit());
            } else {
                byte[] bytes = new byte[count];
                payload.get(bytes);
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            resetMessage();
            listener.onText(text);
        } else {
            byte[] bytes = new byte[count];
            payload.get(bytes);
            resetMessage();
            if (messageKeepsFragments) {
                List<ByteBuffer> single = new ArrayList<>(1);
                single.add(ByteBuffer.wrap(bytes));
                listener.onBinaryFragments(single);
            } else {
                listener.onBinary(ByteBuffer.wrap(bytes));
            }
        }
        return !finished;
    }

    private boolean controlFrameEnded(int opcode) {
        byte[] bytes = control;
        int length = controlLength;
        control = null;
        controlLength = 0;
        // A control frame may interleave a fragmented message: restore the message's continuation state.
        frameOpcode = messageOpcode;
        switch (opcode) {
            case Opcode.PING:
                listener.onPing(ByteBuffer.wrap(bytes));
                break;
            case Opcode.PONG:
                listener.onPong(ByteBuffer.wrap(bytes));
                break;
            default:
                return closeFrameEnded(bytes, length);
        }
        return !suspended && !finished;
    }

    private boolean closeFrameEnded(byte[] bytes, int length) {
        if (length == 0) {
            finished = true;
            listener.onClose(CloseCode.NO_STATUS_RECEIVED, "");
            return false;
        }
        int code = ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
        if (!CloseCode.isValidOnWire(code)) {
            return violation(CloseCode.PROTOCOL_ERROR, "Invalid close code " + code);
        }
        if (!limits.skipUtf8Validation() && !Utf8Validator.isValid(ByteBuffer.wrap(bytes), 2, length)) {
            return violation(CloseCode.INVALID_PAYLOAD_DATA, "Invalid UTF-8 in close reason");
        }
        finished = true;
        listener.onClose(code, new String(bytes, 2, length - 2, StandardCharsets.UTF_8));
        return false;
    }

    private void keepFragment() {
        if (fragments == null) {
            fragments = new ArrayList<>();
        }
        fragmentBytes += buffer.capacity();
        fragments.add(buffer.take());
    }

    private void resetMessage() {
        messageOpcode = Opcode.CONTINUATION;
        messageCompressed = false;
        buffer.clear();
        fragments = null;
        fragmentBytes = 0;
        reportHeld();
    }

    /** Tells the listener how the bytes held for unfinished messages changed, if they did. */
    private void reportHeld() {
        long held = buffer.capacity() + fragmentBytes;
        long delta = held - heldReported;
        if (delta != 0) {
            heldReported = held;
            listener.onHeldBytesChanged(delta);
        }
    }

    private boolean violation(int code, String message) {
        finished = true;
        resetMessage();
        listener.onViolation(new WebSocketProtocolException(code, message));
        return false;
    }

    static ByteBuffer concat(List<ByteBuffer> pieces) {
        int total = 0;
        for (ByteBuffer piece : pieces) {
            total += piece.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer piece : pieces) {
            all.put(piece.duplicate());
        }
        return all.flip();
    }
}
