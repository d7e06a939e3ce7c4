package dev.jvmws.internal.server;

import dev.jvmws.internal.conn.ConnectionMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * One server's counters, fed by its connections on every loop and by its upgrade decisions: adders and
 * maps of adders, so counting never takes a lock or makes loops contend on one cache line.
 * Thread-safe; read as a snapshot by the server's {@code metrics()}.
 */
public final class ServerCounters implements ConnectionMetrics {
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder handshakesAccepted = new LongAdder();
    private final Map<Integer, LongAdder> handshakesRejected = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closeCodes = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAccumulator peakQueued = new LongAccumulator(Math::max, 0);

    @Override
    public void messageReceived() {
        messagesReceived.increment();
    }

    @Override
    public void messageSent() {
        messagesSent.increment();
    }

    @Override
    public void bytesRead(long bytes) {
        bytesRead.add(bytes);
    }

    @Override
    public void bytesWritten(long bytes) {
        bytesWritten.add(bytes);
    }

    @Override
    public void failed(int code) {
        count(failures, code);
    }

    @Override
    public void queued(long bytes) {
        peakQueued.accumulate(bytes);
    }

    public void handshakeAccepted() {
        handshakesAccepted.increment();
    }

    public void handshakeRejected(int status) {
        count(handshakesRejected, status);
    }

    public void closed(int code) {
        count(closeCodes, code);
    }

    private static void count(Map<Integer, LongAdder> counts, int key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long bytesRead() {
        return bytesRead.sum();
    }

    public long bytesWritten() {
        return bytesWritten.sum();
    }

    public long handshakesAccepted() {
        return handshakesAccepted.sum();
    }

    public long peakQueued() {
        return peakQueued.get();
    }

    public Map<Integer, Long> handshakesRejected() {
        return sums(handshakesRejected);
    }

    public Map<Integer, Long> closeCodes() {
        return sums(closeCodes);
    }

    public Map<Integer, Long> failures() {
        return sums(failures);
    }

    private static Map<Integer, Long> sums(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> sums = new TreeMap<>();
        counts.forEach((key, adder) -> sums.put(key, adder.sum()));
        return Map.copyOf(sums);
    }
}
