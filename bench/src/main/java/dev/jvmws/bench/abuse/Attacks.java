package dev.jvmws.bench.abuse;

import java.util.List;

/** The attacks of issue 8, in its order. */
final class Attacks {
    private Attacks() {
    }

    static List<Attack> all() {
        return List.of(new Slowloris(), new HeaderFlood(), new IdleSockets(), new EmptyFragments(),
                new PingFlood(), new UnreadEchoes(), new DecompressionBombs(), new PartialMessages(),
                new ResetsMidFrame(), new FdExhaustion());
    }
}
