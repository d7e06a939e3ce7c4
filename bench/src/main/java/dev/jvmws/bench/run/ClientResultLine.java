package dev.jvmws.bench.run;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one line a C1 client main prints: {@code result echoes_per_sec=<d> p50_us=<d> p99_us=<d>}.
 *
 * @param echoesPerSecond echoes per second over the measured seconds
 * @param p50Micros       median latency in microseconds
 * @param p99Micros       99th percentile latency in microseconds
 */
public record ClientResultLine(double echoesPerSecond, double p50Micros, double p99Micros) {

    /** The result line in {@code output} (the last one if several), if any. */
    public static Optional<ClientResultLine> find(String output) {
        ClientResultLine found = null;
        for (String line : output.split("\n")) {
            ClientResultLine parsed = parse(line.strip());
            if (parsed != null) {
                found = parsed;
            }
        }
        return Optional.ofNullable(found);
    }

    private static ClientResultLine parse(String line) {
        if (!line.startsWith("result ")) {
            return null;
        }
        Map<String, Double> fields = new HashMap<>();
        for (String part : line.substring("result ".length()).trim().split("\\s+")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                return null;
            }
            try {
                fields.put(part.substring(0, equals), Double.parseDouble(part.substring(equals + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Double rate = fields.get("echoes_per_sec");
        Double p50 = fields.get("p50_us");
        Double p99 = fields.get("p99_us");
        if (rate == null || p50 == null || p99 == null) {
            return null;
        }
        return new ClientResultLine(rate, p50, p99);
    }
}
