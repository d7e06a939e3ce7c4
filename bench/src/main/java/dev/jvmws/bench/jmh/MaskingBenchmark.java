package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.Masking;
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
 * {@link Masking#mask} in place over {@code size} bytes of a heap or direct buffer (default big-endian
 * order, as the transport's buffers). Masking is an involution, so the content simply alternates
 * between invocations; the work does not depend on it.
 *
 * <p><b>One op = one mask call</b>; bytes/op = {@code size}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MaskingBenchmark {
    @Param({"32", "1024", "65536"})
    public int size;

    private ByteBuffer heap;
    private ByteBuffer direct;

    /** Bytes per op; see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return Integer.parseInt(params.get("size"));
    }

    @Setup
    public void setUp() {
        byte[] bytes = Wire.randomBytes(size, 7);
        heap = ByteBuffer.wrap(bytes.clone());
        direct = ByteBuffer.allocateDirect(size).put(bytes).flip();
    }

    @Benchmark
    public ByteBuffer heap() {
        Masking.mask(heap, 0, size, Wire.MASK_KEY, 0);
        return heap;
    }

    @Benchmark
    public ByteBuffer direct() {
        Masking.mask(direct, 0, size, Wire.MASK_KEY, 0);
        return direct;
    }
}
