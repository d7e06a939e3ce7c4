package dev.jvmws.bench.abuse;

import java.io.IOException;

/**
 * One attack of issue 8 against a fresh testee. {@link #run} is bounded in time, closes every socket
 * it opened, and returns one line saying what happened to the attacker's connections; the runner
 * measures everything else (honest client, RSS, CPU, whether the testee survived).
 */
interface Attack {
    /** {@code A1} … {@code A10}. */
    String id();

    /** A few words: {@code slowloris}. */
    String name();

    /** Whether the testee runs with permessage-deflate on (its default) rather than {@code --no-compression}. */
    default boolean compression() {
        return false;
    }

    /** The testee's {@code ulimit -n}, or 0 to inherit ours. */
    default int fdLimit() {
        return 0;
    }

    /** Attacks {@code context.target()}; returns the attacker's side of the story in one line. */
    String run(AttackContext context) throws IOException, InterruptedException;
}
