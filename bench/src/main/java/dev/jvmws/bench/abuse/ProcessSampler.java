package dev.jvmws.bench.abuse;

import dev.jvmws.bench.run.ProcessMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples the testee every 250 ms from {@code /proc/<pid>}: resident set size (VmRSS, keeping the
 * peak), CPU time (utime + stime of all threads, in USER_HZ ticks of 1/100 s) and open file
 * descriptors. Sampling stops by itself when the process is gone; the last sample stays readable, so
 * a testee that died mid-attack still has its peak and its CPU up to the end. Thread-safe.
 */
final class ProcessSampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 250;
    private static final double TICKS_PER_SECOND = 100;

    /** One reading; {@code fds} is -1 if the fd directory could not be listed. */
    record Sample(long nanos, long rssKib, double cpuSeconds, int fds) {
    }

    private final long pid;
    private final ScheduledExecutorService timer;
    private volatile Sample first;
    private volatile Sample last;
    private volatile long peakRssKib;
    private volatile int peakFds = -1;

    private ProcessSampler(long pid) {
        this.pid = pid;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "abuse-sampler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Takes a first sample now, then one every {@link #PERIOD_MILLIS}. */
    static ProcessSampler start(long pid) {
        ProcessSampler sampler = new ProcessSampler(pid);
        sampler.sample();
        sampler.timer.scheduleAtFixedRate(sampler::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return sampler;
    }

    /** The latest sample (null if the process was already gone at start). */
    Sample last() {
        return last;
    }

    Sample first() {
        return first;
    }

    long peakRssKib() {
        return peakRssKib;
    }

    int peakFds() {
        return peakFds;
    }

    /** Average cores of CPU between two samples (NaN if either is missing or they coincide). */
    static double cores(Sample from, Sample to) {
        if (from == null || to == null || to.nanos() <= from.nanos()) {
            return Double.NaN;
        }
        return (to.cpuSeconds() - from.cpuSeconds()) / ((to.nanos() - from.nanos()) / 1e9);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void sample() {
        try {
            long rss = ProcessMemory.rssKib(pid);
            double cpu = cpuSeconds(Files.readString(proc("stat")));
            Sample sample = new Sample(System.nanoTime(), rss, cpu, countFds());
            if (first == null) {
                first = sample;
            }
            last = sample;
            peakRssKib = Math.max(peakRssKib, rss);
            peakFds = Math.max(peakFds, sample.fds());
        } catch (IOException | RuntimeException e) {
            // The process is gone (or going): the last sample stands.
            timer.shutdown();
        }
    }

    private int countFds() {
        try (Stream<Path> fds = Files.list(proc("fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Path proc(String name) {
        return Path.of("/proc", Long.toString(pid), name);
    }

    /** utime + stime (fields 14, 15), counted after the ')' that ends the command name (field 2). */
    static double cpuSeconds(String stat) throws IOException {
        int end = stat.lastIndexOf(')');
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        if (end < 0 || fields.length < 13) {
            throw new IOException("unreadable /proc stat line");
        }
        return (Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3])) / TICKS_PER_SECOND;
    }
}
