package dev.jvmws.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The tables, CSV and Markdown built from one small set of results. */
class ReportFormattingTest {
    private static Results sample() {
        Results results = new Results(List.of(Metric.E1_RATE, Metric.E1_P99, Metric.M1_KIB_PER_CONNECTION));
        results.addRow("jvmws");
        results.addRow("peer");
        results.addRow("broken");
        results.addRow("raw-tcp");
        results.put("jvmws", Metric.E1_RATE, Cell.of(Stats.of(List.of(100_000.0, 90_000.0, 110_000.0))));
        results.put("jvmws", Metric.E1_P99, Cell.of(Stats.of(List.of(200.0, 210.0, 190.0))));
        results.put("jvmws", Metric.M1_KIB_PER_CONNECTION, Cell.of(Stats.of(List.of(2.5))));
        results.put("peer", Metric.E1_RATE, Cell.of(Stats.of(List.of(50_000.0, 50_000.0, 50_000.0))));
        results.put("peer", Metric.E1_P99, Cell.of(Stats.of(List.of(400.0, 400.0, 400.0))));
        results.put("peer", Metric.M1_KIB_PER_CONNECTION, Cell.of(Stats.of(List.of(5.0))));
        results.fail("broken", Scenario.E1, "server did not start: exit 1");
        results.fail("broken", Scenario.M1, "server did not start: exit 1");
        results.put("raw-tcp", Metric.E1_RATE, Cell.of(Stats.of(List.of(200_000.0))));
        results.put("raw-tcp", Metric.E1_P99, Cell.of(Stats.of(List.of(100.0))));
        return results;
    }

    @Test
    void figuresTableShowsMediansSpreadsNotApplicableAndFootnotes() {
        ReportTables tables = new ReportTables(sample());
        ReportTables.Table figures = tables.figures(Figures::withSpread);

        assertThat(figures.header()).containsExactly("server", "E1 echoes/s", "E1 p99 us", "M1 KiB/conn");
        assertThat(figures.rows()).containsExactly(
                List.of("jvmws", "100,000 ±10%", "200 ±5%", "2.50"),
                List.of("peer", "50,000 ±0%", "400 ±0%", "5.00"),
                List.of("broken", "n/a [1]", "n/a [1]", "n/a [1]"),
                List.of("raw-tcp", "200,000", "100", "-"));
        assertThat(tables.footnoteLines()).containsExactly("[1] broken: server did not start: exit 1");
    }

    @Test
    void markdownFiguresGiveTheRange() {
        ReportTables.Table figures = new ReportTables(sample()).figures(Figures::withRange);

        assertThat(figures.rows().get(0)).containsExactly("jvmws", "100,000 (90,000–110,000)", "200 (190–210)",
                "2.50");
    }

    @Test
    void oursWithTheFastTlsProviderIsComparedOnTheTlsMetricsOnly() {
        Results results = new Results(List.of(Metric.E1_RATE, Metric.E1T_RATE, Metric.M1T_KIB_PER_CONNECTION));
        results.put("jvmws", Metric.E1_RATE, Cell.of(Stats.of(List.of(100.0))));
        results.put("jvmws", Metric.E1T_RATE, Cell.of(Stats.of(List.of(60.0))));
        results.put("jvmws-conscrypt", Metric.E1T_RATE, Cell.of(Stats.of(List.of(90.0))));
        results.put("jvmws-conscrypt", Metric.M1T_KIB_PER_CONNECTION, Cell.of(Stats.of(List.of(3.0))));
        results.put("netty-openssl", Metric.E1T_RATE, Cell.of(Stats.of(List.of(45.0))));
        results.put("netty-openssl", Metric.M1T_KIB_PER_CONNECTION, Cell.of(Stats.of(List.of(6.0))));
        ReportTables tables = new ReportTables(results);

        assertThat(tables.ratios().rows()).contains(List.of("jvmws-conscrypt", "-", "0.67", "-"));
        ReportTables.Table fast = tables.fastTlsRatios();
        assertThat(fast.header()).containsExactly("jvmws-conscrypt/x", "E1T echoes/s", "M1T KiB/conn");
        assertThat(fast.rows()).containsExactly(
                List.of("jvmws", "1.50", "-"),
                List.of("netty-openssl", "2.00", "0.50"));
    }

    @Test
    void noFastTlsTableWithoutItsFigures() {
        Results results = new Results(List.of(Metric.E1T_RATE));
        results.put("jvmws", Metric.E1T_RATE, Cell.of(Stats.of(List.of(60.0))));
        results.fail("jvmws-conscrypt", Scenario.E1T, "server did not start");

        assertThat(new ReportTables(results).fastTlsRatios().rows()).isEmpty();
    }

    @Test
    void ratiosDivideOursByEachPeer() {
        ReportTables.Table ratios = new ReportTables(sample()).ratios();

        assertThat(ratios.header()).containsExactly("jvmws/x", "E1 echoes/s", "E1 p99 us", "M1 KiB/conn");
        assertThat(ratios.rows()).containsExactly(
                List.of("peer", "2.00", "0.50", "0.50"),
                List.of("broken", "-", "-", "-"),
                List.of("raw-tcp", "0.50", "2.00", "-"));
    }

    @Test
    void textTableAlignsNamesLeftAndFiguresRight() {
        ReportTables.Table table = new ReportTables.Table(List.of("server", "E1 echoes/s"),
                List.of(List.of("jvmws", "1"), List.of("netty-epoll", "100,000")));

        assertThat(TextTable.render(table)).isEqualTo(""
                + "server       E1 echoes/s\n"
                + "-----------  -----------\n"
                + "jvmws                  1\n"
                + "netty-epoll      100,000\n");
    }

    @Test
    void markdownTableEscapesPipesAndRightAlignsFigures() {
        ReportTables.Table table = new ReportTables.Table(List.of("server", "x"), List.of(List.of("a|b", "1")));

        assertThat(MarkdownTable.render(table)).isEqualTo("| server | x |\n|---|---:|\n| a\\|b | 1 |\n");
    }

    @Test
    void csvHasOneLinePerFilledCellWithRepetitionsAndQuotedReasons() {
        Results results = new Results(List.of(Metric.E1_RATE, Metric.M1_KIB_PER_CONNECTION));
        results.put("jvmws", Metric.E1_RATE, Cell.of(Stats.of(List.of(3.0, 1.0, 2.0))));
        results.put("jetty", Metric.E1_RATE, Cell.notAvailable("exited, code 1: \"boom\""));

        assertThat(CsvReport.render(results).split("\n")).containsExactly(
                CsvReport.HEADER,
                "jvmws,E1,E1_RATE,echoes/s,true,2.000,1.000,3.000,3,3.000;1.000;2.000,ok,",
                "jetty,E1,E1_RATE,echoes/s,true,,,,0,,n/a,\"exited, code 1: \"\"boom\"\"\"");
    }

    @Test
    void environmentCsvQuotesValuesWithCommas() {
        java.util.Map<String, String> facts = new java.util.LinkedHashMap<>();
        facts.put("nproc", "2");
        facts.put("io.netty", "4.2.18.Final (netty-buffer, netty-common)");

        assertThat(CsvReport.environment(facts)).isEqualTo(
                "name,value\nnproc,2\nio.netty,\"4.2.18.Final (netty-buffer, netty-common)\"\n");
    }

    @Test
    void markdownReportHasBothTablesNotesAndTheChart() {
        Results results = sample();
        results.note("C1: every client ran against jvmws");
        String markdown = MarkdownReport.render(results, java.util.Map.of("nproc", "2"), true, List.of(), "chart.png");

        assertThat(markdown).contains("quick run", "- **nproc**: 2", "| jvmws | 100,000 (90,000–110,000) |",
                "| jvmws/x |", "| peer | 2.00 |", "- [1] broken: server did not start: exit 1",
                "- C1: every client ran against jvmws", "![medians per workload](chart.png)");
    }
}
