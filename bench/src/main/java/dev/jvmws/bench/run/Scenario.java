package dev.jvmws.bench.run;

import java.util.Locale;

/** The workloads of the benchmark, in the order they run and appear in the tables. */
public enum Scenario {
    E1("echo, 100 connections, closed loop, 32-byte text"),
    E2("echo, 1,000 connections, closed loop, 32-byte text"),
    P1("pipelined echo, 10 connections x 64 in flight, 32-byte text"),
    L1("large messages, 1 connection, 1 MiB binary one at a time"),
    M1("10,000 idle upgraded connections: server RSS growth and time to open"),
    H1("handshake churn: connect + upgrade + close, 50 concurrent connectors"),
    B1("broadcast: 1,000 receivers on /broadcast, one sender at a steady rate"),
    Z1("compressed echo: 100 connections with permessage-deflate, closed loop, 2 KiB JSON text (64 distinct)"),
    ZM("connections with permessage-deflate: server RSS growth idle, idle after one exchange, and echoing"),
    E1T("E1 over TLS 1.3 (wss): echo, 100 connections, closed loop, 32-byte text", E1),
    L1T("L1 over TLS 1.3 (wss): 1 connection, 1 MiB binary one at a time", L1),
    H1T("H1 over TLS 1.3 (wss): full TLS handshake + upgrade + close, 50 concurrent connectors", H1),
    M1T("M1 over TLS 1.3 (wss): 5,000 idle TLS connections (quick: 1,000): server RSS growth, live heap, time to open",
            M1),
    C1("client side: each library's client against our testee server, E1-style");

    private final String description;
    private final Scenario plain;

    Scenario(String description) {
        this.description = description;
        this.plain = null;
    }

    /** A workload over TLS: {@code plain}'s load, on wss connections. */
    Scenario(String description, Scenario plain) {
        this.description = description;
        this.plain = plain;
    }

    public String description() {
        return description;
    }

    /** Whether this workload runs over TLS (wss), against the server's TLS configuration. */
    public boolean isTls() {
        return plain != null;
    }

    /** The load this workload puts on its connections: itself, or for a TLS workload its plain twin. */
    public Scenario load() {
        return plain == null ? this : plain;
    }

    /** Parses {@code e1}/{@code E1}. */
    public static Scenario parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (Scenario scenario : values()) {
                known.append(known.length() == 0 ? "" : " ").append(scenario.name());
            }
            throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + known + ")", e);
        }
    }
}
