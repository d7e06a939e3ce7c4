package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.infra.Blackhole;

/** Test data and helpers shared by the benchmarks: frames built with the library's own {@link FrameWriter}. */
final class Wire {
    /** A fixed, non-zero mask key (RFC 6455 §5.3 wants unpredictable keys; irrelevant to speed). */
    static final int MASK_KEY = 0x37FA213D;

    /**
     * The transport's read buffer size (EventLoop.READ_BUFFER_BYTES, package-private in core): the
     * parser never sees more than this many bytes per {@code parse} call, so large frames are fed to
     * it in slices of this size, as a socket would deliver them.
     */
    static final int READ_BYTES = 256 * 1024;

    private Wire() {}

    /** Header plus payload bytes of one frame. */
    static int frameBytes(int payloadLength, boolean masked) {
        return FrameWriter.headerSize(payloadLength, masked) + payloadLength;
    }

    /** The frames, each with FIN set, back to back in one heap buffer (the transport reads into a heap buffer). */
    static ByteBuffer frames(int opcode, List<byte[]> payloads, boolean masked, int maskKey) {
        int total = 0;
        for (byte[] p : payloads) {
            total += frameBytes(p.length, masked);
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (byte[] p : payloads) {
            FrameWriter.writeFrame(out, true, 0, opcode, ByteBuffer.wrap(p), masked, maskKey);
        }
        if (out.hasRemaining()) {
            throw new AssertionError("frame size mismatch");
        }
        return out.flip();
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    /** Feeds {@code in[0, capacity)} to the parser in read-sized slices, as the transport would. */
    static void feed(FrameParser parser, ByteBuffer in) {
        int end = in.capacity();
        for (int pos = 0; pos < end; pos += READ_BYTES) {
            in.limit(Math.min(end, pos + READ_BYTES)).position(pos);
            parser.parse(in);
        }
    }

    /** Benchmark input holds data frames only: anything else means the input is wrong. */
    abstract static class DataOnlyListener implements MessageAssembler.Listener {
        @Override
        public void onPing(ByteBuffer payload) {
            throw new IllegalStateException("unexpected ping");
        }

        @Override
        public void onPong(ByteBuffer payload) {
            throw new IllegalStateException("unexpected pong");
        }

        @Override
        public void onClose(int code, String reason) {
            throw new IllegalStateException("unexpected close " + code);
        }

        @Override
        public void onViolation(WebSocketProtocolException error) {
            throw new IllegalStateException("protocol violation in benchmark input", error);
        }
    }

    /**
     * Hands every message to a {@link Blackhole}. Anything but data messages is a broken benchmark and
     * throws, which fails the run rather than measuring an error path.
     */
    static final class ConsumingListener extends DataOnlyListener {
        Blackhole blackhole;

        @Override
        public void onText(String text) {
            blackhole.consume(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            blackhole.consume(data);
        }
    }

    /** Records messages; used once per trial to check that the input parses to what was encoded. */
    static final class RecordingListener extends DataOnlyListener {
        final List<Object> messages = new ArrayList<>();

        @Override
        public void onText(String text) {
            messages.add(text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            messages.add(bytes);
        }
    }
}
