package dev.jvmws.bench.run;

/**
 * One column of the results: a figure a scenario produces, its unit and which direction is better.
 * The ratio columns divide ours by the peer's, so a ratio above 1 is good for higher-is-better
 * metrics and bad for the others.
 */
public enum Metric {
    E1_RATE(Scenario.E1, "E1 echoes/s", "echoes/s", true, 0, true),
    E1_P50(Scenario.E1, "E1 p50 us", "us", false, 0, false),
    E1_P99(Scenario.E1, "E1 p99 us", "us", false, 0, false),
    E1_SERVER_CPU(Scenario.E1, "E1 server CPU us/echo", "server CPU us/echo", false, 1, false),
    E2_RATE(Scenario.E2, "E2 echoes/s", "echoes/s", true, 0, true),
    E2_P50(Scenario.E2, "E2 p50 us", "us", false, 0, false),
    E2_P99(Scenario.E2, "E2 p99 us", "us", false, 0, false),
    E2_SERVER_CPU(Scenario.E2, "E2 server CPU us/echo", "server CPU us/echo", false, 1, false),
    P1_RATE(Scenario.P1, "P1 echoes/s", "echoes/s", true, 0, true),
    P1_SERVER_CPU(Scenario.P1, "P1 server CPU us/echo", "server CPU us/echo", false, 2, false),
    L1_MIBS(Scenario.L1, "L1 MiB/s", "MiB/s", true, 1, true),
    M1_KIB_PER_CONNECTION(Scenario.M1, "M1 KiB/conn", "KiB per connection", false, 2, true),
    M1_OPEN_SECONDS(Scenario.M1, "M1 open s", "s to open all", false, 2, false),
    M1_HEAP_KIB_PER_CONNECTION(Scenario.M1, "M1 live heap KiB/conn", "KiB of live JVM heap per connection", false, 2,
            false),
    H1_RATE(Scenario.H1, "H1 handshakes/s", "handshakes/s", true, 0, true),
    H1_SERVER_CPU(Scenario.H1, "H1 server CPU us/handshake", "server CPU us/handshake", false, 1, false),
    B1_RATE(Scenario.B1, "B1 deliveries/s", "deliveries/s", true, 0, true),
    B1_KEEP_UP(Scenario.B1, "B1 kept up %", "percent delivered", true, 0, false),
    B1_P99(Scenario.B1, "B1 p99 ms", "ms", false, 1, false),
    Z1_RATE(Scenario.Z1, "Z1 echoes/s", "echoes/s", true, 0, true),
    Z1_P50(Scenario.Z1, "Z1 p50 us", "us", false, 0, false),
    Z1_P99(Scenario.Z1, "Z1 p99 us", "us", false, 0, false),
    ZM_IDLE_KIB(Scenario.ZM, "ZM idle KiB/conn", "KiB per connection", false, 2, true),
    ZM_AFTER_TRAFFIC_KIB(Scenario.ZM, "ZM after-traffic KiB/conn", "KiB per connection", false, 2, true),
    ZM_ACTIVE_KIB(Scenario.ZM, "ZM active KiB/conn", "KiB per connection", false, 2, true),
    E1T_RATE(Scenario.E1T, "E1T echoes/s", "echoes/s", true, 0, true),
    E1T_P50(Scenario.E1T, "E1T p50 us", "us", false, 0, false),
    E1T_P99(Scenario.E1T, "E1T p99 us", "us", false, 0, false),
    E1T_SERVER_CPU(Scenario.E1T, "E1T server CPU us/echo", "server CPU us/echo", false, 1, false),
    L1T_MIBS(Scenario.L1T, "L1T MiB/s", "MiB/s", true, 1, true),
    H1T_RATE(Scenario.H1T, "H1T handshakes/s", "handshakes/s", true, 0, true),
    H1T_SERVER_CPU(Scenario.H1T, "H1T server CPU us/handshake", "server CPU us/handshake", false, 1, true),
    M1T_KIB_PER_CONNECTION(Scenario.M1T, "M1T KiB/conn", "KiB per connection", false, 2, true),
    M1T_OPEN_SECONDS(Scenario.M1T, "M1T open s", "s to open all", false, 2, false),
    M1T_HEAP_KIB_PER_CONNECTION(Scenario.M1T, "M1T live heap KiB/conn", "KiB of live JVM heap per connection", false,
            2, true),
    C1_RATE(Scenario.C1, "C1 echoes/s", "echoes/s", true, 0, true),
    C1_P50(Scenario.C1, "C1 p50 us", "us", false, 0, false),
    C1_P99(Scenario.C1, "C1 p99 us", "us", false, 0, false);

    private final Scenario scenario;
    private final String label;
    private final String unit;
    private final boolean higherIsBetter;
    private final int decimals;
    private final boolean charted;

    Metric(Scenario scenario, String label, String unit, boolean higherIsBetter, int decimals, boolean charted) {
        this.scenario = scenario;
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
        this.charted = charted;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Column header, e.g. {@code E1 echoes/s}. */
    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public boolean isHigherBetter() {
        return higherIsBetter;
    }

    /** Decimal places when printed. */
    public int decimals() {
        return decimals;
    }

    /** Whether the bar chart has a panel for it. */
    public boolean isCharted() {
        return charted;
    }
}
