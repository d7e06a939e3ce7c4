package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Median and spread (min–max) of a metric's repetitions. The median of an even count is the mean of
 * the two middle values. Immutable.
 */
public final class Stats {
    private final List<Double> values;
    private final double median;
    private final double min;
    private final double max;

    private Stats(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        this.values = List.copyOf(values);
        this.min = sorted.get(0);
        this.max = sorted.get(n - 1);
        this.median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Statistics of {@code values}, in the order measured. */
    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        for (double value : values) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("NaN among " + values);
            }
        }
        return new Stats(values);
    }

    public double median() {
        return median;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** The repetitions, in the order measured. */
    public List<Double> values() {
        return values;
    }

    public int count() {
        return values.size();
    }

    /** Half the spread relative to the median, in percent: the {@code ±x%} of the console table. */
    public double halfSpreadPercent() {
        if (median == 0) {
            return 0;
        }
        return Math.max(max - median, median - min) / Math.abs(median) * 100;
    }
}
