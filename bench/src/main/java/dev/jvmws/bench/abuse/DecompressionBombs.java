package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.UpgradeRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * A7 (testee with compression on): connections offer permessage-deflate, and each sends one
 * compressed binary message (RSV1) whose payload inflates to 120 MiB of zeros: about 120 KiB on the
 * wire. The testee's maxPayload is 64 MiB, so each must be closed with 1009, counted after
 * decompression. What matters as much is the honest client meanwhile: inflating must not hold the
 * server's loop. Rounds of 20 bombs repeat for 20 s so the honest client gets ~20 probes during.
 */
final class DecompressionBombs implements Attack {
    private static final long INFLATED_BYTES = 120L << 20;
    private static final int BOMBS_PER_ROUND = 20;
    /** The empty stored block a sync flush ends with, which the sender removes (RFC 7692 §7.2.1). */
    private static final byte[] SYNC_FLUSH_TAIL = {0x00, 0x00, (byte) 0xFF, (byte) 0xFF};

    @Override
    public String id() {
        return "A7";
    }

    @Override
    public String name() {
        return "decompression bombs";
    }

    @Override
    public boolean compression() {
        return true;
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        byte[] payload = deflatedZeros(INFLATED_BYTES);
        ByteBuffer bomb = ByteBuffer.wrap(concat(AttackFrames.header(AttackFrames.FIN | AttackFrames.RSV1,
                AttackFrames.BINARY, payload.length), payload)).asReadOnlyBuffer();
        ByteBuffer request = UpgradeRequest.build(context.host(), context.port(), "/", UpgradeRequest.DEFLATE_OFFER);
        long attackEnd = AttackContext.after(scale.pick(Duration.ofSeconds(20), Duration.ofSeconds(1)));
        // Rejecting a round of bombs took 0.5–8 s in the runs so far (inflating up to the limit, or yielding).
        Duration roundLimit = scale.pick(Duration.ofSeconds(15), Duration.ofSeconds(8));
        List<SwarmConnection> all = new ArrayList<>();
        int rounds = 0;
        int declined = 0;
        do {
            rounds++;
            try (Swarm swarm = Swarm.open(context.target(), BOMBS_PER_ROUND, request,
                    AttackContext.after(Duration.ofSeconds(5)))) {
                long roundEnd = AttackContext.after(roundLimit);
                swarm.pumpUntil(swarm::allAnswered, roundEnd);
                for (SwarmConnection c : swarm.connections()) {
                    if (c.upgraded() && acceptedDeflate(c.server.headText())) {
                        swarm.send(c, bomb.duplicate());
                        all.add(c);
                    } else {
                        declined++;
                    }
                }
                swarm.pumpUntil(() -> swarm.openCount() == 0, roundEnd);
            }
        } while (System.nanoTime() < attackEnd);
        return rounds + (rounds == 1 ? " round" : " rounds") + " of " + BOMBS_PER_ROUND + " bombs (" + Figures.bytes(
                INFLATED_BYTES) + " of zeros in " + Figures.bytes(payload.length) + " each): " + Fates.describe(all)
                + (declined > 0 ? "; not upgraded with permessage-deflate ×" + declined : "");
    }

    /** The permessage-deflate offer was accepted: a Sec-WebSocket-Extensions line names it. */
    static boolean acceptedDeflate(String head) {
        return head.toLowerCase(Locale.ROOT).lines()
                .anyMatch(l -> l.startsWith("sec-websocket-extensions:") && l.contains("permessage-deflate"));
    }

    /**
     * {@code bytes} zeros as one permessage-deflate message (RFC 7692 §7.2.1): raw DEFLATE from a fresh
     * stream, sync flush, trailing {@code 00 00 FF FF} removed. Fed in 1 MiB slices, so the zeros are
     * never held at once.
     */
    static byte[] deflatedZeros(long bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            byte[] zeros = new byte[1 << 20];
            byte[] chunk = new byte[64 * 1024];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (long left = bytes; left > 0; left -= zeros.length) {
                deflater.setInput(zeros, 0, (int) Math.min(zeros.length, left));
                while (!deflater.needsInput()) {
                    out.write(chunk, 0, deflater.deflate(chunk, 0, chunk.length, Deflater.NO_FLUSH));
                }
            }
            // A sync flush is complete once deflate() leaves room in the output (java.util.zip.Deflater).
            int written;
            do {
                written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
                out.write(chunk, 0, written);
            } while (written == chunk.length);
            byte[] compressed = out.toByteArray();
            int body = compressed.length - SYNC_FLUSH_TAIL.length;
            if (body < 0 || !Arrays.equals(compressed, body, compressed.length, SYNC_FLUSH_TAIL, 0, 4)) {
                throw new IllegalStateException("a sync flush did not end with 00 00 FF FF");
            }
            return Arrays.copyOf(compressed, body);
        } finally {
            deflater.end();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
