package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A4: one message that never ends, made of empty frames: a TEXT frame without FIN and no payload,
 * then empty CONTINUATION frames without FIN, as fast as the server reads them, for 20 s. Each costs
 * the server a frame's work and no memory, so only a limit on fragments (or on fragments per byte)
 * stops it; the server's answers are read meanwhile, to know after how many frames it closed.
 */
final class EmptyFragments implements Attack {
    /** Frames per write: 64 Ki empty frames of 6 bytes (2 header bytes, 4 mask-key bytes). */
    private static final int FRAMES_PER_WRITE = 65_536;

    @Override
    public String id() {
        return "A4";
    }

    @Override
    public String name() {
        return "empty fragments";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Duration duration = context.scale().pick(Duration.ofSeconds(20), Duration.ofSeconds(2));
        byte[] first = AttackFrames.header(0, AttackFrames.TEXT, 0);
        byte[] continuation = AttackFrames.header(0, AttackFrames.CONTINUATION, 0);
        ByteBuffer continuations = AttackFrames.repeated(continuation, FRAMES_PER_WRITE);
        try (Flood flood = Flood.open(context.target(), null, Duration.ofSeconds(5))) {
            long end = AttackContext.after(duration);
            flood.flood(ByteBuffer.wrap(first).asReadOnlyBuffer(), first.length, end, true);
            flood.flood(continuations, Long.MAX_VALUE, end, true);
            double seconds = flood.secondsSinceStart();
            long frames = flood.sent() / continuation.length;
            String outcome = flood.finished() ? flood.describe("frames", continuation.length)
                    : "no close in " + duration.toSeconds() + " s; " + flood.describe("frames", continuation.length);
            return Figures.count(frames) + " empty frames written in " + Figures.seconds(seconds) + " ("
                    + Figures.count((long) (frames / seconds)) + "/s); " + outcome;
        }
    }
}
