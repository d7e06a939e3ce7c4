package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A1: many connections each send the upgrade request one byte per second, so the head never
 * completes; the server should cut them (its handshake timeout) without hurting anyone else. The
 * trickle lasts 30 s, then we watch 5 s more for the cut; the request is longer than that, so it is
 * never finished.
 */
final class Slowloris implements Attack {
    @Override
    public String id() {
        return "A1";
    }

    @Override
    public String name() {
        return "slowloris";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        int count = scale.pick(1_000, 100);
        Duration trickle = scale.pick(Duration.ofSeconds(30), Duration.ofSeconds(3));
        Duration watch = scale.pick(Duration.ofSeconds(5), Duration.ofSeconds(1));
        ByteBuffer request = UpgradeRequest.build(context.host(), context.port(), "/");
        try (Swarm swarm = Swarm.open(context.target(), count, null,
                AttackContext.after(scale.pick(Duration.ofSeconds(20), Duration.ofSeconds(5))))) {
            long start = System.nanoTime();
            long end = start + trickle.toNanos();
            // The last byte is never sent, so not even a very long trickle completes the request.
            for (int second = 0; System.nanoTime() < end && swarm.openCount() > 0
                    && second < request.limit() - 1; second++) {
                for (SwarmConnection c : swarm.connections()) {
                    swarm.send(c, request.duplicate().position(second).limit(second + 1));
                }
                swarm.pumpUntil(() -> swarm.openCount() == 0,
                        Math.min(end, start + (second + 1) * 1_000_000_000L));
            }
            swarm.pumpUntil(() -> swarm.openCount() == 0, AttackContext.after(watch));
            return "1 byte/s for " + trickle.toSeconds() + " s, watched " + watch.toSeconds() + " s more: "
                    + Fates.describe(swarm);
        }
    }
}
