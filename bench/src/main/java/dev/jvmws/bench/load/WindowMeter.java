package dev.jvmws.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Measures one window of a running workload: the change of its event counter, the latencies recorded
 * meanwhile, and the load threads' CPU time. The workload keeps running between windows, so warm-up
 * and repetitions are consecutive windows on the same connections. Thread-safe (the recorder is).
 */
final class WindowMeter {
    /** Latencies up to a minute, three significant digits. */
    static Recorder newRecorder() {
        return new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
    }

    private final LoadGenerator generator;
    private final LongSupplier events;
    private final Recorder recorder;
    private final LongSupplier expected;

    /** {@code recorder} may be null (no latency); {@code expected} may be null (no expectation). */
    WindowMeter(LoadGenerator generator, LongSupplier events, Recorder recorder, LongSupplier expected) {
        this.generator = generator;
        this.events = events;
        this.recorder = recorder;
        this.expected = expected;
    }

    WindowResult measure(long windowMillis) throws InterruptedException {
        if (recorder != null) {
            recorder.reset();
        }
        long expected0 = expected == null ? 0 : expected.getAsLong();
        long count0 = events.getAsLong();
        long cpu0 = generator.cpuTimeNanos();
        long start = System.nanoTime();
        Thread.sleep(windowMillis);
        long count1 = events.getAsLong();
        long end = System.nanoTime();
        long cpu1 = generator.cpuTimeNanos();
        Histogram latency = recorder == null ? null : recorder.getIntervalHistogram();
        long expected1 = expected == null ? 0 : expected.getAsLong();
        double seconds = (end - start) / 1e9;
        double cpuPerThread = (cpu1 - cpu0) / 1e9 / seconds / generator.threads();
        return new WindowResult(count1 - count0, seconds, latency, cpuPerThread, expected1 - expected0);
    }
}
