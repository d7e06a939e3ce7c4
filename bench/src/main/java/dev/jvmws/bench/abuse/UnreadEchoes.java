package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A6: one connection sends 64 KiB binary messages as fast as the server reads them and never reads
 * the echoes: up to 8 GiB, for at most 60 s. An echo server without an outbound limit (or without
 * pausing the reading of a connection whose echoes pile up) queues them all. The echoes and any
 * close frame are read only at the end, for a few seconds.
 */
final class UnreadEchoes implements Attack {
    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final int MESSAGES_PER_WRITE = 16;

    @Override
    public String id() {
        return "A6";
    }

    @Override
    public String name() {
        return "unread echoes";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        Duration duration = scale.pick(Duration.ofSeconds(60), Duration.ofSeconds(6));
        long maxBytes = scale.pick(8L << 30, 800L << 20);
        byte[] message = AttackFrames.frame(AttackFrames.FIN, AttackFrames.BINARY, new byte[MESSAGE_BYTES]);
        ByteBuffer messages = AttackFrames.repeated(message, MESSAGES_PER_WRITE);
        try (Flood flood = Flood.open(context.target(), null, Duration.ofSeconds(5))) {
            flood.flood(messages, maxBytes / MESSAGE_BYTES * message.length, AttackContext.after(duration), false);
            double seconds = flood.secondsSinceStart();
            long sent = flood.sent() / message.length;
            flood.readToEnd(AttackContext.after(scale.pick(Duration.ofSeconds(3), Duration.ofSeconds(1))));
            return Figures.count(sent) + " messages of 64 KiB (" + Figures.bytes(sent * MESSAGE_BYTES) + ") written in "
                    + Figures.seconds(seconds) + " (limit " + Figures.bytes(maxBytes) + ", " + duration.toSeconds()
                    + " s); then read " + Figures.bytes(flood.server().bytes()) + " ("
                    + Figures.count(flood.server().dataMessages()) + " echoes); "
                    + flood.describe("messages", message.length);
        }
    }
}
