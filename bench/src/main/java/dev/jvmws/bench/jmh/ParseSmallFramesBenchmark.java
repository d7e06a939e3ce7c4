package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.FrameParser;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link FrameParser} + {@link MessageAssembler} over a read's worth of small messages: {@value #FRAMES}
 * single-frame text messages of {@value #PAYLOAD} ASCII bytes (JSON-like) back to back in one heap buffer
 * (≈ 38 KiB, less than one transport read). Every message is validated as UTF-8, turned into a
 * {@code String} and handed to a {@link Blackhole}: the whole receive path minus the socket.
 *
 * <p><b>One op = one frame</b> ({@code @OperationsPerInvocation}); bytes/op = wire bytes of one frame
 * (header + payload): 38 masked, 34 unmasked.
 *
 * <p><b>Unmasking in place.</b> The parser XORs masked payloads in the input buffer, so parsing the same
 * buffer twice would see different text the second time. Restoring a pristine copy per invocation
 * ({@code @Setup(Level.Invocation)}) costs more than the 1024 frames, and re-masking inside the
 * benchmark adds a second masking pass. Instead the masked (server-role) variant uses the mask key
 * 0: {@link dev.jvmws.protocol.Masking#mask} has no special case for any key (the key is read from
 * the wire at run time, so the JIT cannot fold it), so it performs exactly the same loads, XORs and
 * stores, and the input stays valid for every invocation. The setup checks that the buffer is
 * unchanged after a parse. <i>If Masking ever short-cuts a zero key, this variant becomes invalid.</i>
 * The unmasked client-role variant shows the same path without masking, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParseSmallFramesBenchmark {
    static final int FRAMES = 1024;
    static final int PAYLOAD = 32;

    private final Wire.ConsumingListener listener = new Wire.ConsumingListener();
    private ByteBuffer maskedInput;
    private ByteBuffer unmaskedInput;
    private FrameParser serverParser;
    private FrameParser clientParser;

    /** Wire bytes per op (one frame); see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return Wire.frameBytes(PAYLOAD, method.startsWith("server"));
    }

    @Setup
    public void setUp() {
        List<byte[]> payloads = new ArrayList<>(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            byte[] p = String.format("{\"op\":\"tick\",\"seq\":%012d}", i * 7919L).getBytes(StandardCharsets.US_ASCII);
            if (p.length != PAYLOAD) {
                throw new AssertionError("payload is " + p.length + " bytes");
            }
            payloads.add(p);
        }
        maskedInput = Wire.frames(Opcode.TEXT, payloads, true, 0);
        unmaskedInput = Wire.frames(Opcode.TEXT, payloads, false, 0);
        check(maskedInput, true, payloads);
        check(unmaskedInput, false, payloads);
        serverParser = new FrameParser(new MessageAssembler(listener, MessageAssembler.Limits.DEFAULTS, true));
        clientParser = new FrameParser(new MessageAssembler(listener, MessageAssembler.Limits.DEFAULTS, false));
    }

    /** Parses the input once; it must yield the payloads and be left byte-for-byte unchanged. */
    private static void check(ByteBuffer input, boolean server, List<byte[]> payloads) {
        if (input.capacity() != (long) FRAMES * Wire.frameBytes(PAYLOAD, server)) {
            throw new AssertionError("input size does not match bytesPerOp");
        }
        ByteBuffer pristine = ByteBuffer.allocate(input.capacity()).put(input.duplicate().clear()).flip();
        Wire.RecordingListener recorder = new Wire.RecordingListener();
        Wire.feed(new FrameParser(new MessageAssembler(recorder, MessageAssembler.Limits.DEFAULTS, server)), input);
        if (recorder.messages.size() != FRAMES) {
            throw new AssertionError("parsed " + recorder.messages.size() + " messages");
        }
        for (int i = 0; i < FRAMES; i++) {
            if (!recorder.messages.get(i).equals(new String(payloads.get(i), StandardCharsets.US_ASCII))) {
                throw new AssertionError("message " + i + " differs");
            }
        }
        if (!pristine.equals(input.duplicate().clear())) {
            throw new AssertionError("parsing changed the input");
        }
    }

    /** Server role: masked client frames (mask key 0, see the class comment). */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void serverMaskedText32(Blackhole blackhole) {
        listener.blackhole = blackhole;
        Wire.feed(serverParser, maskedInput);
    }

    /** Client role: unmasked server frames. */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void clientUnmaskedText32(Blackhole blackhole) {
        listener.blackhole = blackhole;
        Wire.feed(clientParser, unmaskedInput);
    }
}
