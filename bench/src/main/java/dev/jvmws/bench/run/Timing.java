package dev.jvmws.bench.run;

import java.util.Locale;

/**
 * How long each part of a run takes. {@link #quick()} is a smoke run that fits in about three minutes
 * on a two-core machine; {@link #full()} in about twenty-three (sixteen without Z1 and ZM). Immutable.
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
 */
public record Timing(long warmupMillis, long windowMillis, int repetitions, int idleRepetitions, long idleSettleMillis,
        int clientWarmupSeconds, int clientSeconds, int clientRepetitions, long compressedWarmupMillis,
        int compressedConnections, long handshakeWarmupMillis) {

    public static Timing quick() {
        return new Timing(300, 200, 3, 1, 300, 1, 1, 1, 1_500, 500, 500);
    }

    public static Timing full() {
        return new Timing(2_000, 2_000, 5, 3, 1_500, 2, 3, 3, 12_000, 2_000, 8_000);
    }

    /** A one-line summary for the results. */
    public String describe() {
        return String.format(Locale.ROOT, "E1-B1: %.1f s warm-up then %d x %.1f s windows (H1: %.1f s, Z1: %.1f s "
                        + "warm-up); M1: %d run(s), %.1f s settle; ZM: %d run(s) of %,d connections; C1: %d run(s) of %d s "
                        + "warm-up + %d s",
                warmupMillis / 1e3, repetitions, windowMillis / 1e3, handshakeWarmupMillis / 1e3,
                compressedWarmupMillis / 1e3, idleRepetitions,
                idleSettleMillis / 1e3, idleRepetitions, compressedConnections, clientRepetitions, clientWarmupSeconds,
                clientSeconds);
    }
}
