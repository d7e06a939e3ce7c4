package dev.jvmws.bench.run;

import java.util.Locale;

/**
 * How long each part of a run takes. {@link #quick()} is a smoke run that fits in about five minutes
 * on a two-core machine; {@link #full()} took twenty-three (sixteen without Z1 and ZM) before the TLS
 * workloads, which add an estimated ten to twelve. Immutable.
 *
 * @param warmupMillis         load before the measured windows of E1–B1 (results dropped)
 * @param windowMillis         length of each measured window of E1–B1 and Z1
 * @param repetitions          measured windows of E1–B1 and Z1
 * @param idleRepetitions      M1 repetitions (each on a fresh server process)
 * @param idleSettleMillis     pause before each RSS reading in M1
 * @param clientWarmupSeconds  C1 client warm-up (whole seconds: passed to the client mains)
 * @param clientSeconds        C1 client measurement
 * @param clientRepetitions    C1 runs of each client (each a fresh client process)
 * @param compressedWarmupMillis load before Z1's windows. Longer than {@code warmupMillis}: Z1 runs
 *                             in a fresh server process, and compressing allocates enough that a JVM
 *                             spends its first seconds touching its heap for the first time (about
 *                             10 s with a 1 GiB heap on the reference machine, at half the later rate)
 * @param compressedConnections ZM connections (its repetitions, settle pauses and active time are M1's
 *                             and E1's: {@code idleRepetitions}, {@code idleSettleMillis},
 *                             {@code warmupMillis + windowMillis})
 * @param handshakeWarmupMillis churn before H1's windows. Longer than {@code warmupMillis}: a
 *                             handshake runs through far more code than an echo, and JVM servers'
 *                             CPU per handshake was still falling 6–8 s into the churn (JIT) on the
 *                             reference machine
 * @param tlsWarmupMillis      load before the windows of E1T, L1T and H1T (at least {@code
 *                             handshakeWarmupMillis} for H1T). They run in a fresh process serving
 *                             wss, whose TLS paths (record encryption, handshake crypto) are compiled
 *                             late: E1T against the JDK provider took about 15 s to reach its rate on
 *                             a busy 2-core machine. The load generator's JVM warms up meanwhile too
 * @param tlsIdleConnections   M1T connections. Fewer than M1's: a TLS 1.3 handshake with the JDK's
 *                             provider costs the load generator 2–5 ms of CPU (x25519, an ECDSA
 *                             verification, PKIX), so 10,000 would take the opening alone past a minute
 */
public record Timing(long warmupMillis, long windowMillis, int repetitions, int idleRepetitions, long idleSettleMillis,
        int clientWarmupSeconds, int clientSeconds, int clientRepetitions, long compressedWarmupMillis,
        int compressedConnections, long handshakeWarmupMillis, long tlsWarmupMillis, int tlsIdleConnections) {

    public static Timing quick() {
        return new Timing(300, 200, 3, 1, 300, 1, 1, 1, 1_500, 500, 500, 2_000, 1_000);
    }

    public static Timing full() {
        return new Timing(2_000, 2_000, 5, 3, 1_500, 2, 3, 3, 12_000, 2_000, 8_000, 10_000, 5_000);
    }

    /** A one-line summary for the results. */
    public String describe() {
        return String.format(Locale.ROOT, "E1-B1: %.1f s warm-up then %d x %.1f s windows (H1: %.1f s, Z1: %.1f s, "
                        + "E1T/L1T/H1T: %.1f s warm-up); M1: %d run(s), %.1f s settle; ZM: %d run(s) of %,d connections; "
                        + "M1T: %d run(s) of %,d connections; C1: %d run(s) of %d s warm-up + %d s",
                warmupMillis / 1e3, repetitions, windowMillis / 1e3, handshakeWarmupMillis / 1e3,
                compressedWarmupMillis / 1e3, Math.max(tlsWarmupMillis, handshakeWarmupMillis) / 1e3, idleRepetitions,
                idleSettleMillis / 1e3, idleRepetitions, compressedConnections, idleRepetitions, tlsIdleConnections,
                clientRepetitions, clientWarmupSeconds, clientSeconds);
    }
}
