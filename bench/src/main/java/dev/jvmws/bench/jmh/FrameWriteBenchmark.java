package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;
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

/**
 * {@link FrameWriter#writeFrame}: header + payload of one binary frame from a heap payload (an
 * application's {@code byte[]}) into a reused direct buffer (like the transport's pooled direct
 * chunks), masked with a fixed key or unmasked. The mask key generation
 * ({@code SecureMaskGenerator}) is not included.
 *
 * <p>Note: the transport itself copies payloads over 8 KiB by reference and masks them into a fresh
 * heap buffer instead of calling {@code writeFrame}; the 64 KiB case measures {@code writeFrame}
 * (copy + mask into one buffer), not that path.
 *
 * <p><b>One op = one frame</b>; bytes/op = wire bytes written (header + payload).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FrameWriteBenchmark {
    @Param({"32", "65536"})
    public int size;

    @Param({"false", "true"})
    public boolean masked;

    private ByteBuffer payload;
    private ByteBuffer out;

    /** Wire bytes per op; see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return Wire.frameBytes(Integer.parseInt(params.get("size")), Boolean.parseBoolean(params.get("masked")));
    }

    @Setup
    public void setUp() {
        payload = ByteBuffer.wrap(Wire.randomBytes(size, 11));
        out = ByteBuffer.allocateDirect(FrameWriter.MAX_HEADER_BYTES + size);
        writeFrame();
        if (out.position() != Wire.frameBytes(size, masked) || payload.hasRemaining()) {
            throw new AssertionError("frame size does not match bytesPerOp");
        }
    }

    @Benchmark
    public ByteBuffer writeFrame() {
        ByteBuffer o = out;
        o.clear();
        payload.clear();
        FrameWriter.writeFrame(o, true, 0, Opcode.BINARY, payload, masked, Wire.MASK_KEY);
        return o;
    }
}
