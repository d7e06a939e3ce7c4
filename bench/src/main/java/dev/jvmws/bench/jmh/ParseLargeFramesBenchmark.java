package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.Masking;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link FrameParser} + {@link MessageAssembler} over one large binary message per op (64 KiB or 1 MiB
 * of random bytes, one frame). The input is fed in slices of the transport's read size
 * ({@link Wire#READ_BYTES}, 256 KiB), as the socket would deliver it: a 64 KiB frame arrives whole
 * and takes the assembler's copy-once "deliver whole" path, a 1 MiB frame arrives in five reads and
 * takes the buffering path. Either way the cost includes the one allocation + copy of the message
 * the listener receives.
 *
 * <p><b>One op = one frame</b>; bytes/op = wire bytes of the frame (header + payload).
 *
 * <p><b>Unmasking in place.</b> Binary payloads are not interpreted, so the masked variant simply
 * parses the same buffer again: masking is its own inverse, so the payload alternates between masked
 * and unmasked bytes from one invocation to the next, while the work per invocation (one unmask pass
 * over the whole payload with a real, non-zero key) is identical. No restore step is needed; the
 * setup checks the cycle (original, masked, original).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseLargeFramesBenchmark {
    @Param({"65536", "1048576"})
    public int size;

    private final Wire.ConsumingListener listener = new Wire.ConsumingListener();
    private ByteBuffer maskedInput;
    private ByteBuffer unmaskedInput;
    private FrameParser serverParser;
    private FrameParser clientParser;

    /** Wire bytes per op (one frame); see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return Wire.frameBytes(Integer.parseInt(params.get("size")), method.startsWith("server"));
    }

    @Setup
    public void setUp() {
        byte[] payload = Wire.randomBytes(size, 42);
        maskedInput = Wire.frames(Opcode.BINARY, List.of(payload), true, Wire.MASK_KEY);
        unmaskedInput = Wire.frames(Opcode.BINARY, List.of(payload), false, 0);
        byte[] masked = payload.clone();
        Masking.mask(ByteBuffer.wrap(masked), 0, size, Wire.MASK_KEY, 0);
        check(maskedInput, true, payload, masked, payload);
        check(unmaskedInput, false, payload, payload, payload);
        serverParser = new FrameParser(new MessageAssembler(listener, MessageAssembler.Limits.DEFAULTS, true));
        clientParser = new FrameParser(new MessageAssembler(listener, MessageAssembler.Limits.DEFAULTS, false));
    }

    /** Parses the input three times with one parser; the messages must be {@code expected}, in order. */
    private void check(ByteBuffer input, boolean server, byte[]... expected) {
        if (input.capacity() != Wire.frameBytes(size, server)) {
            throw new AssertionError("input size does not match bytesPerOp");
        }
        Wire.RecordingListener recorder = new Wire.RecordingListener();
        FrameParser parser = new FrameParser(new MessageAssembler(recorder, MessageAssembler.Limits.DEFAULTS, server));
        for (int i = 0; i < expected.length; i++) {
            Wire.feed(parser, input);
            if (recorder.messages.size() != i + 1 || !Arrays.equals((byte[]) recorder.messages.get(i), expected[i])) {
                throw new AssertionError("parse " + i + " did not yield the expected message");
            }
        }
    }

    /** Server role: a masked client frame (key {@link Wire#MASK_KEY}). */
    @Benchmark
    public void serverMaskedBinary(Blackhole blackhole) {
        listener.blackhole = blackhole;
        Wire.feed(serverParser, maskedInput);
    }

    /** Client role: an unmasked server frame. */
    @Benchmark
    public void clientUnmaskedBinary(Blackhole blackhole) {
        listener.blackhole = blackhole;
        Wire.feed(clientParser, unmaskedInput);
    }
}
