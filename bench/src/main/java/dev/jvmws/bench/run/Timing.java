package dev.jvmws.bench.run;

/**
 * How long each part of a run takes. {@link #quick()} is a smoke run that fits in about three minutes
 * on a two-core machine; {@link #full()} fits in twenty. Immutable.
 *
 * @param warmupMillis         load before the measured windows of E1–B1 (results dropped)
 * @param windowMillis         length of each measured window of E1–B1
 * @param repetitions          measured windows of E1–B1
 * @param idleRepetitions      M1 repetitions (each on a fresh server process)
 * @param idleSettleMillis     pause before each RSS reading in M1
 * @param clientWarmupSeconds  C1 client warm-up (whole seconds: passed to the client mains)
 * @param clientSeconds        C1 client measurement
 * @param clientRepetitions    C1 runs of each client (each a fresh client process)
 */
public record Timing(long warmupMillis, long windowMillis, int repetitions, int idleRepetitions, long idleSettleMillis,
        int clientWarmupSeconds, int clientSeconds, int clientRepetitions) {

    public static Timing quick() {
        return new Timing(400, 300, 3, 1, 300, 1, 1, 1);
    }

    public static Timing full() {
        return new Timing(2_000, 2_000, 5, 3, 1_500, 2, 3, 3);
    }

    /** A one-line summary for the results. */
    public String describe() {
        return String.format("E1-B1: %.1f s warm-up then %d x %.1f s windows; M1: %d run(s), %.1f s settle; "
                        + "C1: %d run(s) of %d s warm-up + %d s",
                warmupMillis / 1e3, repetitions, windowMillis / 1e3, idleRepetitions, idleSettleMillis / 1e3,
                clientRepetitions, clientWarmupSeconds, clientSeconds);
    }
}
