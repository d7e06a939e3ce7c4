package dev.jvmws.internal.conn;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.MessageDeflater;
import dev.jvmws.extension.MessageInflater;
import dev.jvmws.extension.ZlibStreams;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.MaskGenerator;
import dev.jvmws.protocol.Masking;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;

/**
 * RFC 6455 framing with permessage-deflate (RFC 7692): the frame parser and message assembler in,
 * the frame writer, masking and the deflater out, configured for one role.
 *
 * <p>The decoding side is made when the first bytes arrive: a connection that never receives a
 * frame (many idle ones on a busy server) holds no parser, assembler, validator or inflater.
 */
final class Rfc6455Codec implements WireCodec {
    /** Payloads up to this size are copied next to their header; larger ones are queued uncopied. */
    private static final int COPY_THRESHOLD_BYTES = 8 * 1024;

    private final MessageAssembler.Listener events;
    private final ConnectionConfig config;
    /** The loop's mask generator and zlib streams, asked for when needed rather than kept per connection. */
    private final EventLoop loop;
    /** Compresses what we send; null without permessage-deflate. */
    private final MessageDeflater deflater;
    private boolean keepFragments;
    private boolean suspended;

    private MessageAssembler assembler;
    private FrameParser parser;

    /** Whether a message we send is unfinished (its next frame is a CONTINUATION). */
    private boolean sendingFragmentedMessage;
    /** Whether the message being sent is compressed: decided by its first frame. */
    private boolean compressingMessage;

    Rfc6455Codec(MessageAssembler.Listener events, ConnectionConfig config, EventLoop loop) {
        this.events = events;
        this.config = config;
        this.loop = loop;
        DeflateParameters deflate = config.deflate();
        // Frames we send follow our side's parameters; frames we receive, the peer's.
        this.deflater = deflate == null ? null : new MessageDeflater(deflate.maxWindowBits(!config.client()),
                deflate.noContextTakeover(!config.client()), config.deflateOptions().level(),
                config.deflateOptions().strategy(), zlib());
    }

    /** The loop's zlib streams, with the options' concurrency limit when there is one. */
    private ZlibStreams zlib() {
        return config.zlibPermits() == null ? loop.zlib : new LimitedZlib(loop.zlib, config.zlibPermits());
    }

    private MaskGenerator masks() {
        return config.maskGenerator() != null ? config.maskGenerator() : loop.maskGenerator;
    }

    // ---------------------------------------------------------------- decoding

    @Override
    public void decode(ByteBuffer input) {
        FrameParser frames = parser();
        assembler.startWorkSlice();
        frames.parse(input);
    }

    private FrameParser parser() {
        FrameParser current = parser;
        if (current != null) {
            return current;
        }
        DeflateParameters deflate = config.deflate();
        MessageAssembler.Limits limits = MessageAssembler.Limits.DEFAULTS
                .withMaxPayload(config.maxPayload())
                .withMaxFragments(config.maxFragments())
                .withSkipUtf8Validation(config.skipUtf8Validation())
                .withAllowedRsv(deflate != null ? Opcode.RSV1 : 0)
                .withMaxFrameSize(config.maxFrameSize());
        assembler = new MessageAssembler(events, limits, !config.client());
        assembler.keepFragments(keepFragments);
        assembler.suspend(suspended);
        if (deflate != null) {
            assembler.enableDecompression(new MessageInflater(deflate.maxWindowBits(config.client()),
                    deflate.noContextTakeover(config.client()), zlib()));
        }
        parser = current = new FrameParser(assembler);
        return current;
    }

    @Override
    public boolean isFinished() {
        return assembler != null && assembler.isFinished();
    }

    @Override
    public boolean hasYielded() {
        return assembler != null && assembler.hasYielded();
    }

    @Override
    public void suspend(boolean suspend) {
        suspended = suspend;
        if (assembler != null) {
            assembler.suspend(suspend);
        }
    }

    @Override
    public void keepFragments(boolean keep) {
        keepFragments = keep;
        if (assembler != null) {
            assembler.keepFragments(keep);
        }
    }

    @Override
    public boolean isInsideMessage() {
        return assembler != null && assembler.isInsideMessage();
    }

    @Override
    public long heldBytes() {
        return assembler == null ? 0 : assembler.heldBytes();
    }

    // ---------------------------------------------------------------- encoding

    @Override
    public int frameBytes(int payloadLength, Boolean mask) {
        return payloadLength + FrameWriter.headerSize(payloadLength, mask != null ? mask : config.client());
    }

    @Override
    public long encodeData(int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            OutboundQueue out) {
        int frameOpcode = sendingFragmentedMessage ? Opcode.CONTINUATION : opcode;
        if (!sendingFragmentedMessage) {
            compressingMessage = deflater != null && compress && worthCompressing(payload.remaining());
        }
        sendingFragmentedMessage = !fin;
        int rsv = 0;
        if (compressingMessage) {
            ByteBuffer compressed = deflater.compress(payload, fin);
            if (compressed == null) {
                compressingMessage = false; // would not shrink: sent as it is
            } else {
                payload = compressed;
                if (frameOpcode != Opcode.CONTINUATION) {
                    rsv = Opcode.RSV1; // RFC 7692 §6: set on the first frame of a compressed message only
                }
            }
        }
        long fragment = config.fragmentSize();
        if (fragment <= 0 || payload.remaining() <= fragment) {
            return writeFrame(frameOpcode, rsv, payload, fin, mask, out);
        }
        // WebSocket-Node's fragmentOutgoingMessages: the (compressed) payload goes out as frames of at
        // most fragmentSize; each ends a frame in the queue, so a ping or pong may pass between them.
        ByteBuffer rest = payload.duplicate();
        long written = 0;
        while (rest.remaining() > fragment) {
            ByteBuffer part = rest.slice(rest.position(), (int) fragment);
            rest.position(rest.position() + (int) fragment);
            written += writeFrame(frameOpcode, rsv, part, false, mask, out);
            out.markFrameEnd();
            frameOpcode = Opcode.CONTINUATION;
            rsv = 0;
        }
        return written + writeFrame(frameOpcode, rsv, rest, fin, mask, out);
    }

    /**
     * ws's rule: with context takeover every message is compressed (even a short one gains from the
     * shared history); without it, messages below the threshold are sent as they are.
     */
    private boolean worthCompressing(int firstFrameLength) {
        return !config.deflate().noContextTakeover(!config.client())
                || firstFrameLength >= config.deflateOptions().threshold();
    }

    @Override
    public void sentShared(ByteBuffer compressedMessage) {
        if (compressedMessage != null && deflater != null) {
            deflater.sentCompressedElsewhere(compressedMessage);
        }
    }

    @Override
    public long encodeControl(int opcode, ByteBuffer payload, Boolean mask, OutboundQueue out) {
        return writeFrame(opcode, 0, payload, true, mask, out);
    }

    private long writeFrame(int opcode, int rsv, ByteBuffer payload, boolean fin, Boolean mask, OutboundQueue queue) {
        boolean masked = mask != null ? mask : config.client();
        int maskKey = masked ? masks().nextMask() : 0;
        int length = payload.remaining();
        int headerSize = FrameWriter.headerSize(length, masked);
        if (length <= COPY_THRESHOLD_BYTES) {
            ByteBuffer out = queue.claim(headerSize + length);
            FrameWriter.writeHeader(out, fin, rsv, opcode, length, masked, maskKey);
            int start = out.position();
            out.put(start, payload, payload.position(), length);
            out.position(start + length);
            if (masked) {
                Masking.mask(out, start, start + length, maskKey, 0);
            }
            queue.commit(out);
        } else {
            ByteBuffer out = queue.claim(headerSize);
            FrameWriter.writeHeader(out, fin, rsv, opcode, length, masked, maskKey);
            queue.commit(out);
            ByteBuffer body;
            if (masked) {
                body = ByteBuffer.allocate(length);
                body.put(0, payload, payload.position(), length);
                Masking.mask(body, 0, length, maskKey, 0);
            } else {
                body = payload.duplicate();
            }
            queue.addBuffer(body);
        }
        return headerSize + length;
    }

    @Override
    public void release() {
        if (assembler != null) {
            assembler.release();
        }
        if (deflater != null) {
            deflater.release();
        }
    }

    @Override
    public void releaseDecoder() {
        if (assembler != null) {
            assembler.release();
        }
    }
}
