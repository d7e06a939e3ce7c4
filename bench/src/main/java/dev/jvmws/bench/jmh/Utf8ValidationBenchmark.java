package dev.jvmws.bench.jmh;

import dev.jvmws.protocol.Utf8Validator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * {@link Utf8Validator} over {@code size} bytes of valid text in a heap buffer (as text payloads sit
 * in the transport's heap read buffer), fed in one piece after a {@code reset()}:
 * <ul>
 *   <li>{@code ascii}: English prose, all 1-byte (the 8-bytes-at-a-time fast path);</li>
 *   <li>{@code mixed}: Latin with accents, Cyrillic, CJK, Hangul and ASCII punctuation/spaces
 *       (1-, 2- and 3-byte sequences interleaved);</li>
 *   <li>{@code emoji}: emoji only, all 4-byte sequences.</li>
 * </ul>
 * Each text is whole code points repeated up to {@code size} bytes, padded with ASCII spaces.
 *
 * <p><b>One op = one validation</b>; bytes/op = {@code size}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Utf8ValidationBenchmark {
    static final String ASCII = "The quick brown fox jumps over the lazy dog; {\"id\":42,\"ok\":true} 0123456789. ";
    static final String MIXED = "Größe, café, naïve – Привет, как дела? 日本語のテキスト、中文字符。한국어 문장. ";
    static final String EMOJI = "😀😃🚀🎉👍🔥💯🌍🐍🦀🧪🎯";

    @Param({"ascii", "mixed", "emoji"})
    public String text;

    @Param({"1024", "65536"})
    public int size;

    private final Utf8Validator validator = new Utf8Validator();
    private ByteBuffer input;

    /** Bytes per op; see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return Integer.parseInt(params.get("size"));
    }

    @Setup
    public void setUp() {
        String sample = text.equals("ascii") ? ASCII : text.equals("mixed") ? MIXED : EMOJI;
        byte[] bytes = fill(sample, size);
        input = ByteBuffer.wrap(bytes);
        if (!Utf8Validator.isValid(input, 0, size)
                || !Arrays.equals(new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new AssertionError("benchmark text is not valid UTF-8");
        }
    }

    /** Whole code points of {@code sample}, cycled, up to exactly {@code size} bytes (ASCII-space padded). */
    static byte[] fill(String sample, int size) {
        byte[] out = new byte[size];
        int n = 0;
        int[] codePoints = sample.codePoints().toArray();
        for (int i = 0; ; i = (i + 1) % codePoints.length) {
            byte[] cp = new String(Character.toChars(codePoints[i])).getBytes(StandardCharsets.UTF_8);
            if (n + cp.length > size) {
                break;
            }
            System.arraycopy(cp, 0, out, n, cp.length);
            n += cp.length;
        }
        Arrays.fill(out, n, size, (byte) ' ');
        return out;
    }

    @Benchmark
    public boolean validate() {
        Utf8Validator v = validator;
        v.reset();
        return v.feed(input, 0, size) && v.isComplete();
    }
}
