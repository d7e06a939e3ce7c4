package dev.jvmws.bench.run;

/** Renders a {@link ReportTables.Table} as a GitHub Markdown table (figures right-aligned). */
public final class MarkdownTable {
    private MarkdownTable() {
    }

    public static String render(ReportTables.Table table) {
        StringBuilder out = new StringBuilder();
        appendRow(out, table.header());
        out.append("|---");
        for (int c = 1; c < table.header().size(); c++) {
            out.append("|---:");
        }
        out.append("|\n");
        for (var row : table.rows()) {
            appendRow(out, row);
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, java.util.List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|")).append(" |");
        }
        out.append('\n');
    }
}
