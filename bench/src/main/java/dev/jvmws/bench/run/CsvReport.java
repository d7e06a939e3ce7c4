package dev.jvmws.bench.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The results as CSV, one line per row and metric: median, min, max, the repetitions themselves and,
 * for n/a cells, the reason. Not-applicable cells are left out. RFC 4180 quoting. The run's
 * environment goes in a second file of {@code name,value} lines.
 */
public final class CsvReport {
    static final String HEADER = "server,scenario,metric,unit,higher_is_better,median,min,max,repetitions,values,status,reason";

    private CsvReport() {
    }

    public static String render(Results results) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (String row : results.rows()) {
            for (Metric metric : results.metrics()) {
                Cell cell = results.get(row, metric);
                if (cell == null) {
                    continue;
                }
                StringJoiner line = new StringJoiner(",");
                line.add(quote(row)).add(metric.scenario().name()).add(metric.name()).add(quote(metric.unit()))
                        .add(Boolean.toString(metric.isHigherBetter()));
                if (cell.isAvailable()) {
                    Stats stats = cell.stats();
                    line.add(number(stats.median())).add(number(stats.min())).add(number(stats.max()))
                            .add(Integer.toString(stats.count())).add(values(stats.values())).add("ok").add("");
                } else {
                    line.add("").add("").add("").add("0").add("").add("n/a").add(quote(cell.reason()));
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The facts of {@link RunEnvironment} as {@code name,value} lines. */
    public static String environment(Map<String, String> facts) {
        StringBuilder out = new StringBuilder("name,value\n");
        facts.forEach((name, value) -> out.append(quote(name)).append(',').append(quote(value)).append('\n'));
        return out.toString();
    }

    static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }

    private static String values(List<Double> values) {
        StringJoiner joined = new StringJoiner(";");
        for (double value : values) {
            joined.add(number(value));
        }
        return joined.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
