package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.time.Duration;

/**
 * A3: many TCP connections that never send a byte. Each costs the server a socket and a
 * handshake-in-progress; it should cut them at its handshake timeout (30 s), so they are held 35 s.
 * How many we can open is bounded by this JVM's own fd limit (nothing is raised); the count opened
 * is reported.
 */
final class IdleSockets implements Attack {
    @Override
    public String id() {
        return "A3";
    }

    @Override
    public String name() {
        return "idle sockets";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        int count = scale.pick(10_000, 1_000);
        Duration hold = scale.pick(Duration.ofSeconds(35), Duration.ofSeconds(3));
        try (Swarm swarm = Swarm.open(context.target(), count, null,
                AttackContext.after(scale.pick(Duration.ofSeconds(30), Duration.ofSeconds(4))))) {
            swarm.pumpUntil(() -> swarm.openCount() == 0, AttackContext.after(hold));
            return "held up to " + hold.toSeconds() + " s: " + Fates.describe(swarm);
        }
    }
}
