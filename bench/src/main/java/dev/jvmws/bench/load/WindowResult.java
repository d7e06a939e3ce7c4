package dev.jvmws.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What one measurement window saw: events completed (echoes, handshakes, deliveries), its length,
 * the latency histogram in nanoseconds (null where latency is not recorded), how busy the load
 * generator's threads were (1.0 = one core fully used per thread), and for broadcast the deliveries
 * the window should have seen. Immutable.
 */
public final class WindowResult {
    private final long count;
    private final double seconds;
    private final Histogram latencyNanos;
    private final double loaderCpuPerThread;
    private final long expected;

    public WindowResult(long count, double seconds, Histogram latencyNanos, double loaderCpuPerThread, long expected) {
        this.count = count;
        this.seconds = seconds;
        this.latencyNanos = latencyNanos;
        this.loaderCpuPerThread = loaderCpuPerThread;
        this.expected = expected;
    }

    public long count() {
        return count;
    }

    public double seconds() {
        return seconds;
    }

    /** Events per second. */
    public double rate() {
        return seconds > 0 ? count / seconds : 0;
    }

    public boolean hasLatency() {
        return latencyNanos != null && latencyNanos.getTotalCount() > 0;
    }

    /** Latency at {@code percentile} (0–100) in microseconds; NaN when none was recorded. */
    public double latencyMicros(double percentile) {
        if (!hasLatency()) {
            return Double.NaN;
        }
        return latencyNanos.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** Fraction of one core each load thread used during the window (near 1.0: the generator may be the limit). */
    public double loaderCpuPerThread() {
        return loaderCpuPerThread;
    }

    /** Events the window should have seen if the server kept up (broadcast only; else 0). */
    public long expected() {
        return expected;
    }
}
