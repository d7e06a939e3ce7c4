package dev.jvmws.bench.abuse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The honest client's results in one phase of an attack: probes that were answered (with their
 * round trips) and probes that failed (with a count per reason, so the report can say why).
 * Thread-safe: the two probe threads record into the same instance.
 */
final class ProbeStats {
    private final List<Double> okMillis = new ArrayList<>();
    private final Map<String, Integer> failures = new LinkedHashMap<>();

    /** A new instance holding the probes of every one of {@code parts}. */
    static ProbeStats combined(ProbeStats... parts) {
        ProbeStats all = new ProbeStats();
        for (ProbeStats part : parts) {
            synchronized (part) {
                all.okMillis.addAll(part.okMillis);
                part.failures.forEach((reason, n) -> all.failures.merge(reason, n, Integer::sum));
            }
        }
        return all;
    }

    synchronized void ok(long nanos) {
        okMillis.add(nanos / 1e6);
    }

    synchronized void failed(String reason) {
        failures.merge(reason, 1, Integer::sum);
    }

    synchronized int okCount() {
        return okMillis.size();
    }

    synchronized int failedCount() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Median round trip of the answered probes in ms, NaN if none. */
    synchronized double p50Millis() {
        if (okMillis.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(okMillis);
        Collections.sort(sorted);
        return sorted.get((sorted.size() - 1) / 2);
    }

    synchronized double maxMillis() {
        return okMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** Failure reasons with their counts, most frequent first, e.g. {@code "refused ×3"}. */
    synchronized String failureReasons() {
        return failures.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .map(e -> e.getKey() + " ×" + e.getValue())
                .reduce((a, b) -> a + "; " + b).orElse("");
    }
}
