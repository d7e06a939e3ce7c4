package dev.jvmws.bench.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The abuse run's outputs: an aligned plain-text table for the terminal and a Markdown document
 * (environment, the same table, then per-attack details) for {@code bench/results/}.
 */
final class AbuseReport {
    static final List<String> HEADER = List.of("attack", "up at end", "exit", "error in log", "honest during ok/failed",
            "after ok/failed", "p50/max ms during", "peak RSS", "CPU cores during", "attacker connections");

    private AbuseReport() {
    }

    static List<String> row(AttackResult r) {
        return List.of(r.id() + " " + r.name(), r.upAtEnd(), r.exit(), r.error(),
                r.during().okCount() + "/" + r.during().failedCount(),
                r.after().okCount() + "/" + r.after().failedCount(),
                Figures.millis(r.during().p50Millis()) + "/" + Figures.millis(r.during().maxMillis()),
                r.peakRssKib() == 0 ? "–" : Figures.bytes(r.peakRssKib() * 1024), Figures.cores(r.cores()),
                r.attackers());
    }

    /** Left-aligned columns, two spaces apart; the last (long) column is not padded. */
    static String text(List<AttackResult> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        results.forEach(r -> rows.add(row(r)));
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(cell).append(c == row.size() - 1 ? "" : " ".repeat(widths[c] - cell.length() + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String markdown(String title, Map<String, String> environment, List<AttackResult> results) {
        StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
        environment.forEach((name, value) -> out.append("- ").append(name).append(": ").append(value).append('\n'));
        out.append('\n');
        appendRow(out, HEADER);
        out.append("|---".repeat(HEADER.size())).append("|\n");
        results.forEach(r -> appendRow(out, row(r)));
        out.append("\n## Details\n");
        for (AttackResult r : results) {
            out.append("\n### ").append(r.id()).append(' ').append(r.name()).append("\n\n");
            out.append("- attacker: ").append(r.attackers()).append('\n');
            r.details().forEach(d -> out.append("- ").append(d).append('\n'));
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }
}
