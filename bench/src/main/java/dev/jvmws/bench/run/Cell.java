package dev.jvmws.bench.run;

/**
 * One table cell: the statistics of a metric for a row, or why there are none ({@code n/a} and a
 * reason: the server did not start, the workload failed). Immutable.
 */
public final class Cell {
    private final Stats stats;
    private final String reason;

    private Cell(Stats stats, String reason) {
        this.stats = stats;
        this.reason = reason;
    }

    public static Cell of(Stats stats) {
        return new Cell(stats, null);
    }

    public static Cell notAvailable(String reason) {
        return new Cell(null, reason);
    }

    public boolean isAvailable() {
        return stats != null;
    }

    /** The statistics; only when {@link #isAvailable()}. */
    public Stats stats() {
        if (stats == null) {
            throw new IllegalStateException("n/a: " + reason);
        }
        return stats;
    }

    /** Why the cell is n/a; null when available. */
    public String reason() {
        return reason;
    }
}
