package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Lays {@link Results} out as tables of strings, for the console and the Markdown report alike: the
 * figures table (rows = servers, columns = metrics; {@code -} where a scenario does not apply,
 * {@code n/a [k]} where it failed, with footnote k giving the reason) and the ratio table (ours
 * divided by each peer). Footnote numbers are shared by the two tables.
 */
public final class ReportTables {
    /** A table: header cells and rows of cells. */
    public record Table(List<String> header, List<List<String>> rows) {
    }

    static final String NOT_APPLICABLE = "-";
    /** How to read the ratio table. */
    public static final String RATIO_LEGEND = "ratio = " + ServerCatalog.OURS + " median (" + ServerCatalog.OURS_FAST_TLS
            + " in its own table) / peer median: above 1 is better for rates (echoes/s, MiB/s, handshakes/s, deliveries/s, kept up %), below 1 is better for "
            + "latencies (us, ms), KiB/conn and open s.";

    private final Results results;
    private final Map<String, Integer> footnotes = new LinkedHashMap<>();

    public ReportTables(Results results) {
        this.results = results;
    }

    /** Figures: each available cell rendered by {@code format(stats, decimals)}. */
    public Table figures(BiFunction<Stats, Integer, String> format) {
        List<String> header = new ArrayList<>();
        header.add("server");
        for (Metric metric : results.metrics()) {
            header.add(metric.label());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String row : results.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(row);
            for (Metric metric : results.metrics()) {
                Cell cell = results.get(row, metric);
                if (cell == null) {
                    cells.add(NOT_APPLICABLE);
                } else if (cell.isAvailable()) {
                    cells.add(format.apply(cell.stats(), metric.decimals()));
                } else {
                    cells.add("n/a [" + footnote(row, cell.reason()) + "]");
                }
            }
            rows.add(cells);
        }
        return new Table(header, rows);
    }

    /**
     * Ratios of our median to each peer's, per metric (see {@link #RATIO_LEGEND} for which direction
     * is better). No rows when our row is absent.
     */
    public Table ratios() {
        return ratios(ServerCatalog.OURS, results.metrics());
    }

    /**
     * Ratios of our server with the fast TLS provider ({@link ServerCatalog#OURS_FAST_TLS}) to every
     * other row, on the TLS metrics only: the second target compares it with the peers' fast
     * providers. No rows when that row has no TLS figure.
     */
    public Table fastTlsRatios() {
        List<Metric> tls = results.metrics().stream().filter(m -> m.scenario().isTls()).toList();
        boolean measured = tls.stream().map(m -> results.get(ServerCatalog.OURS_FAST_TLS, m))
                .anyMatch(cell -> cell != null && cell.isAvailable());
        return measured ? ratios(ServerCatalog.OURS_FAST_TLS, tls)
                : new Table(List.of(ServerCatalog.OURS_FAST_TLS + "/x"), List.of());
    }

    private Table ratios(String numerator, List<Metric> metrics) {
        List<String> header = new ArrayList<>();
        header.add(numerator + "/x");
        for (Metric metric : metrics) {
            header.add(metric.label());
        }
        List<List<String>> rows = new ArrayList<>();
        if (!results.rows().contains(numerator)) {
            return new Table(header, rows);
        }
        for (String row : results.rows()) {
            if (row.equals(numerator)) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            cells.add(row);
            for (Metric metric : metrics) {
                cells.add(ratio(results.get(numerator, metric), results.get(row, metric)));
            }
            rows.add(cells);
        }
        return new Table(header, rows);
    }

    /** {@code [k] reason} lines for every n/a cell rendered so far, in number order. */
    public List<String> footnoteLines() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Integer> entry : footnotes.entrySet()) {
            lines.add("[" + entry.getValue() + "] " + entry.getKey());
        }
        return lines;
    }

    private String ratio(Cell ours, Cell theirs) {
        if (ours == null || theirs == null || !ours.isAvailable() || !theirs.isAvailable()
                || theirs.stats().median() == 0) {
            return NOT_APPLICABLE;
        }
        return Figures.ratio(ours.stats().median() / theirs.stats().median());
    }

    private int footnote(String row, String reason) {
        return footnotes.computeIfAbsent(row + ": " + reason, key -> footnotes.size() + 1);
    }
}
