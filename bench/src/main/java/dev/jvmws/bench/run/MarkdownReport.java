package dev.jvmws.bench.run;

import java.util.List;
import java.util.Map;

/**
 * The results as a Markdown document: environment and settings, the figures (median and min–max),
 * the ratios of ours to each peer, footnotes and notes, and what each workload is.
 */
public final class MarkdownReport {
    private MarkdownReport() {
    }

    public static String render(Results results, Map<String, String> environment, boolean quick,
            List<ServerSpec> servers, String chartFile) {
        ReportTables tables = new ReportTables(results);
        StringBuilder out = new StringBuilder();
        out.append("# jvmws WebSocket benchmark: ").append(quick ? "quick" : "full").append(" run\n\n");
        out.append("## Machine, software and settings\n\n");
        environment.forEach((name, value) -> out.append("- **").append(name).append("**: ").append(value).append('\n'));
        out.append("\n## Servers\n\n");
        boolean compressed = results.metrics().stream()
                .anyMatch(m -> m.scenario() == Scenario.Z1 || m.scenario() == Scenario.ZM);
        boolean tls = results.metrics().stream().anyMatch(m -> m.scenario().isTls());
        for (ServerSpec server : servers) {
            out.append("- `").append(server.name()).append("`: ").append(server.library());
            if (compressed && server.supports(Scenario.Z1)) {
                out.append(server.compression().supported() ? "; Z1/ZM with permessage-deflate: " : "; Z1/ZM: ")
                        .append(server.compression().description());
            }
            if (tls && server.tls().supported()) {
                out.append("; TLS rows: ").append(server.tls().description());
            }
            out.append('\n');
        }
        out.append("\n## Figures (median, min–max over the repetitions)\n\n");
        out.append(MarkdownTable.render(tables.figures(Figures::withRange)));
        out.append("\n`-`: not applicable; `n/a [k]`: failed, see note k.\n");
        out.append("\n## Ratios\n\n");
        out.append(MarkdownTable.render(tables.ratios()));
        ReportTables.Table fastTls = tables.fastTlsRatios();
        if (!fastTls.rows().isEmpty()) {
            out.append("\nOurs with the fast TLS provider against every row, TLS workloads only:\n\n");
            out.append(MarkdownTable.render(fastTls));
        }
        out.append('\n').append(ReportTables.RATIO_LEGEND).append('\n');
        List<String> footnotes = tables.footnoteLines();
        List<String> notes = results.notes();
        if (!footnotes.isEmpty() || !notes.isEmpty()) {
            out.append("\n## Notes\n\n");
            for (String line : footnotes) {
                out.append("- ").append(line).append('\n');
            }
            for (String line : notes) {
                out.append("- ").append(line).append('\n');
            }
        }
        if (chartFile != null) {
            out.append("\n![medians per workload](").append(chartFile).append(")\n");
        }
        out.append("\n## Workloads\n\n");
        for (Scenario scenario : Scenario.values()) {
            out.append("- **").append(scenario).append("**: ").append(scenario.description()).append('\n');
        }
        return out.toString();
    }
}
