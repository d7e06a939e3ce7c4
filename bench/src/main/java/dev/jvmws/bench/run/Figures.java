package dev.jvmws.bench.run;

import java.util.Locale;

/** Number formatting shared by the tables: thousands separators, fixed decimals, spreads. */
public final class Figures {
    private Figures() {
    }

    /** {@code value} with {@code decimals} places and {@code ,} grouping, e.g. {@code 123,456.7}. */
    public static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** The median and its spread as {@code ±x%} (largest distance of min or max from the median). */
    public static String withSpread(Stats stats, int decimals) {
        String median = format(stats.median(), decimals);
        if (stats.count() < 2) {
            return median;
        }
        return median + " ±" + String.format(Locale.ROOT, "%.0f", stats.halfSpreadPercent()) + "%";
    }

    /** The median and its range, e.g. {@code 95,000 (93,100–96,200)}. */
    public static String withRange(Stats stats, int decimals) {
        String median = format(stats.median(), decimals);
        if (stats.count() < 2) {
            return median;
        }
        return median + " (" + format(stats.min(), decimals) + "–" + format(stats.max(), decimals) + ")";
    }

    /** A ratio with two decimals, e.g. {@code 1.07}. */
    public static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }
}
