package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A8: many connections each start one binary frame declaring just under the testee's maxPayload
 * (64 MiB) and trickle its payload at 1 MiB/s each for 60 s, so no message ever completes. A server
 * that reserves (or doubles) a buffer per partial message holds far more than what arrived; one
 * with a budget for incomplete messages pushes back or closes (1009/1013).
 */
final class PartialMessages implements Attack {
    /** The testee's maxPayload minus one: allowed, and never completed within 60 s at 1 MiB/s. */
    static final long DECLARED_BYTES = (64L << 20) - 1;
    private static final long RATE_BYTES_PER_SECOND = 1L << 20;
    private static final long TICK_NANOS = 100_000_000L;

    @Override
    public String id() {
        return "A8";
    }

    @Override
    public String name() {
        return "partial messages";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        int count = scale.pick(200, 20);
        Duration duration = scale.pick(Duration.ofSeconds(60), Duration.ofSeconds(6));
        // Zeros under a zero mask key are zeros on the wire: one shared buffer serves every write.
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) RATE_BYTES_PER_SECOND).asReadOnlyBuffer();
        ByteBuffer header = ByteBuffer.wrap(AttackFrames.header(AttackFrames.FIN, AttackFrames.BINARY, DECLARED_BYTES))
                .asReadOnlyBuffer();
        ByteBuffer request = UpgradeRequest.build(context.host(), context.port(), "/");
        long overhead = request.remaining() + header.remaining();
        long openDeadline = AttackContext.after(Duration.ofSeconds(10));
        try (Swarm swarm = Swarm.open(context.target(), count, request, openDeadline)) {
            swarm.pumpUntil(swarm::allAnswered, AttackContext.after(Duration.ofSeconds(10)));
            List<SwarmConnection> upgraded = swarm.connections().stream().filter(SwarmConnection::upgraded).toList();
            for (SwarmConnection c : upgraded) {
                swarm.send(c, header.duplicate());
            }
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end && upgraded.stream().anyMatch(SwarmConnection::isOpen)) {
                long elapsedNanos = System.nanoTime() - start;
                long due = Math.min(DECLARED_BYTES - 1, RATE_BYTES_PER_SECOND * elapsedNanos / 1_000_000_000L);
                for (SwarmConnection c : upgraded) {
                    // Idle: all handed over is written, so what was sent says how far along it is.
                    long payload = c.bytesSent - overhead;
                    if (c.isOpen() && c.idle() && payload < due) {
                        swarm.send(c, zeros.duplicate().limit((int) Math.min(due - payload, zeros.capacity())));
                    }
                }
                swarm.pump(Math.min(end, System.nanoTime() + TICK_NANOS));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long payload = upgraded.stream().mapToLong(c -> Math.max(0, c.bytesSent - overhead)).sum();
            long scheduled = upgraded.size() * Math.min(DECLARED_BYTES, (long) (seconds * RATE_BYTES_PER_SECOND));
            return upgraded.size() + " frames of " + Figures.count(DECLARED_BYTES) + " bytes declared; "
                    + Figures.bytes(payload) + " of payload written in " + Figures.seconds(seconds) + " (schedule: "
                    + Figures.bytes(scheduled) + "); " + Fates.describe(swarm);
        }
    }
}
