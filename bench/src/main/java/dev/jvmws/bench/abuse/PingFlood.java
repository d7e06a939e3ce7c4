package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A5: one connection sends 125-byte pings (the largest a control frame may carry) as fast as the
 * server reads them and never reads the pongs, for 60 s. A server that queues a pong per ping grows
 * without bound; one that limits pending pongs closes the connection. A close shows up as a failed
 * write during the flood; the pongs and any close frame are read only at the end (for a few seconds).
 */
final class PingFlood implements Attack {
    private static final int PINGS_PER_WRITE = 1_000;

    @Override
    public String id() {
        return "A5";
    }

    @Override
    public String name() {
        return "ping flood";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        Duration duration = scale.pick(Duration.ofSeconds(60), Duration.ofSeconds(6));
        byte[] ping = AttackFrames.frame(AttackFrames.FIN, AttackFrames.PING, new byte[125]);
        ByteBuffer pings = AttackFrames.repeated(ping, PINGS_PER_WRITE);
        try (Flood flood = Flood.open(context.target(), null, Duration.ofSeconds(5))) {
            flood.flood(pings, Long.MAX_VALUE, AttackContext.after(duration), false);
            double seconds = flood.secondsSinceStart();
            long sentPings = flood.sent() / ping.length;
            flood.readToEnd(AttackContext.after(scale.pick(Duration.ofSeconds(3), Duration.ofSeconds(1))));
            return Figures.count(sentPings) + " pings written in " + Figures.seconds(seconds) + "; then read "
                    + Figures.bytes(flood.server().bytes()) + " (" + Figures.count(flood.server().pongs())
                    + " pongs); " + flood.describe("pings", ping.length);
        }
    }
}
