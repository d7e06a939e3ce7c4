package dev.jvmws.bench.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All figures of a run: rows (server or client names, in table order) by metrics (the columns of the
 * selected scenarios), plus free-text notes (load-generator saturation, keep-up warnings). A cell
 * that was never filled is "not applicable" (e.g. raw TCP has no handshake). Thread-safe for the
 * runner's single writer and later readers (methods are synchronized).
 */
public final class Results {
    private final List<Metric> metrics;
    private final Map<String, Map<Metric, Cell>> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public Results(List<Metric> metrics) {
        this.metrics = List.copyOf(metrics);
    }

    /** The columns, in order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Adds {@code row} if missing (rows keep the order of their first appearance). */
    public synchronized void addRow(String row) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>());
    }

    public synchronized void put(String row, Metric metric, Cell cell) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(metric, cell);
    }

    /** Marks every selected metric of {@code scenario} n/a for {@code row}. */
    public synchronized void fail(String row, Scenario scenario, String reason) {
        for (Metric metric : metrics) {
            if (metric.scenario() == scenario) {
                put(row, metric, Cell.notAvailable(reason));
            }
        }
    }

    public synchronized List<String> rows() {
        return new ArrayList<>(rows.keySet());
    }

    /** The cell, or null when not applicable. */
    public synchronized Cell get(String row, Metric metric) {
        Map<Metric, Cell> cells = rows.get(row);
        return cells == null ? null : cells.get(metric);
    }

    public synchronized void note(String note) {
        notes.add(note);
    }

    public synchronized List<String> notes() {
        return new ArrayList<>(notes);
    }
}
