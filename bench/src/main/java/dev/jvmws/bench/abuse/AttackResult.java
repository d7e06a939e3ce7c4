package dev.jvmws.bench.abuse;

import java.util.List;

/**
 * One row of the report: whether the testee survived the attack and kept serving, what the honest
 * client saw during and after it, the testee's peak RSS and CPU, what happened to the attacker's
 * connections, and detail lines for the Markdown (log, fds, failure reasons).
 *
 * @param upAtEnd   {@code yes}, {@code no} (exited), {@code hung} (alive, no honest probe answered after)
 *                  or {@code not started}
 * @param exit      the exit status if it exited by itself, else {@code –}
 * @param error     the type of the first error or exception in the testee's log ({@code OutOfMemoryError}),
 *                  or {@code –}
 * @param during    honest probes during the attack (both kinds)
 * @param after     honest probes after it
 * @param cores     average CPU of the testee during the attack, in cores
 */
record AttackResult(String id, String name, String upAtEnd, String exit, String error, ProbeStats during,
        ProbeStats after, long peakRssKib, double cores, String attackers, List<String> details) {

    static AttackResult notStarted(Attack attack, String reason) {
        return new AttackResult(attack.id(), attack.name(), "not started", "–", "–", new ProbeStats(),
                new ProbeStats(), 0, Double.NaN, "testee did not start: " + reason, List.of());
    }

    /** The survived-and-serving verdict of issue 8 (the p50 and RSS limits are read by a person). */
    boolean survived() {
        return upAtEnd.equals("yes");
    }
}
