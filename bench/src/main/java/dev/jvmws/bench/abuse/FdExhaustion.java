package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A10: the testee runs under {@code ulimit -n 1024}; 1,100 connections upgrade (as many as it can
 * take), which exhausts its descriptors. While they are exhausted its CPU should be near idle (no
 * accept loop spinning on EMFILE); once 200 of our connections close, a new client must be served
 * within about a second.
 */
final class FdExhaustion implements Attack {
    static final int FD_LIMIT = 1024;
    private static final int CONNECTIONS = 1_100;
    private static final int CLOSED = 200;
    private static final int PROBE_TIMEOUT_MILLIS = 1_000;

    @Override
    public String id() {
        return "A10";
    }

    @Override
    public String name() {
        return "fd exhaustion";
    }

    @Override
    public int fdLimit() {
        return FD_LIMIT;
    }

    @Override
    public String run(AttackContext context) throws IOException, InterruptedException {
        Scale scale = context.scale();
        // The sizes stay full in --quick: fewer connections would not exhaust the limit.
        ByteBuffer request = UpgradeRequest.build(context.host(), context.port(), "/");
        long openDeadline = AttackContext.after(scale.pick(Duration.ofSeconds(20), Duration.ofSeconds(5)));
        try (Swarm swarm = Swarm.open(context.target(), CONNECTIONS, request, openDeadline)) {
            List<SwarmConnection> all = swarm.connections();
            Duration answers = scale.pick(Duration.ofSeconds(5), Duration.ofSeconds(2));
            swarm.pumpUntil(swarm::allAnswered, AttackContext.after(answers));
            ProcessSampler.Sample from = context.sampler().last();
            swarm.pump(AttackContext.after(scale.pick(Duration.ofSeconds(5), Duration.ofSeconds(2))));
            ProcessSampler.Sample to = context.sampler().last();
            String exhausted = Fates.describe(swarm) + "; testee CPU while exhausted "
                    + Figures.cores(ProcessSampler.cores(from, to)) + " cores"
                    + (to == null ? "" : ", fds " + to.fds());

            int closed = 0;
            for (SwarmConnection c : all) {
                if (closed < CLOSED && c.upgraded() && c.isOpen()) {
                    swarm.close(c);
                    closed++;
                }
            }
            long closedAt = System.nanoTime();
            String served = servedAgain(context, closedAt, scale.pick(Duration.ofSeconds(10), Duration.ofSeconds(4)));
            return exhausted + "; closed " + closed + " upgraded: " + served;
        }
    }

    /** A refused connect fails at once: pace the retries. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Probes with new connections (1 s timeout each) until one is served or {@code limit} passes. */
    private static String servedAgain(AttackContext context, long sinceNanos, Duration limit) {
        long deadline = sinceNanos + limit.toNanos();
        String lastFailure = "no attempt";
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            attempts++;
            try (ProbeConnection probe = ProbeConnection.open(context.target(), PROBE_TIMEOUT_MILLIS)) {
                probe.echo("after fd exhaustion");
                return "a new client was served " + Figures.seconds((System.nanoTime() - sinceNanos) / 1e9)
                        + " later (attempt " + attempts + ")";
            } catch (IOException e) {
                lastFailure = Figures.reason(e);
                pause();
            }
        }
        return "no new client served within " + limit.toSeconds() + " s (" + attempts + " attempts; last: "
                + lastFailure + ")";
    }
}
