package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A2: request heads that never end: half the connections send a request line and then small headers
 * ({@code X-Flood-00001: a}) without end, the other half one header whose value never ends. Each
 * sends as fast as the server reads, up to a cap (1 MiB), until the server answers (it should: 431
 * once past its head limit, then close). Reported per kind: the answer, how much had been sent when
 * it came, and whether the server then closed.
 */
final class HeaderFlood implements Attack {
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final long SMALL_HEADERS = 0;
    private static final long HUGE_HEADER = 1;

    @Override
    public String id() {
        return "A2";
    }

    @Override
    public String name() {
        return "header floods";
    }

    @Override
    public String run(AttackContext context) throws IOException {
        Scale scale = context.scale();
        int perKind = scale.pick(100, 10);
        long cap = scale.pick(1L << 20, 256L << 10);
        String start = "GET / HTTP/1.1\r\nHost: " + context.host() + ":" + context.port() + "\r\n";
        ByteBuffer smallStart = ascii(start + "Upgrade: websocket\r\n");
        ByteBuffer hugeStart = ascii(start + "X-Huge: ");
        ByteBuffer smallChunk = ascii(smallHeaders());
        ByteBuffer hugeChunk = ascii("a".repeat(CHUNK_BYTES));
        try (Swarm swarm = Swarm.open(context.target(), 2 * perKind, null,
                AttackContext.after(scale.pick(Duration.ofSeconds(10), Duration.ofSeconds(3))))) {
            List<SwarmConnection> all = swarm.connections();
            for (int i = 0; i < all.size(); i++) {
                SwarmConnection c = all.get(i);
                c.mark = i % 2 == 0 ? SMALL_HEADERS : HUGE_HEADER;
                swarm.send(c, (c.mark == SMALL_HEADERS ? smallStart : hugeStart).duplicate());
            }
            long deadline = AttackContext.after(scale.pick(Duration.ofSeconds(20), Duration.ofSeconds(4)));
            while (System.nanoTime() < deadline && !allAnsweredOrCapped(all, cap)) {
                for (SwarmConnection c : all) {
                    if (c.isOpen() && c.idle() && !c.server.headComplete() && c.bytesSent < cap) {
                        swarm.send(c, (c.mark == SMALL_HEADERS ? smallChunk : hugeChunk).duplicate());
                    }
                }
                swarm.pump(AttackContext.after(Duration.ofMillis(20)));
            }
            // Answered: give the server a moment to close; capped without an answer: it is waiting on us.
            swarm.pumpUntil(() -> swarm.openCount() == 0,
                    AttackContext.after(scale.pick(Duration.ofSeconds(3), Duration.ofSeconds(1))));
            return Figures.count(all.size()) + " connections, up to " + Figures.bytes(cap) + " each; many small "
                    + "headers: " + kind(all, SMALL_HEADERS) + "; one huge header: " + kind(all, HUGE_HEADER);
        }
    }

    private static boolean allAnsweredOrCapped(List<SwarmConnection> all, long cap) {
        return all.stream().allMatch(c -> !c.isOpen() || c.server.headComplete() || (c.bytesSent >= cap && c.idle()));
    }

    private static String kind(List<SwarmConnection> all, long kind) {
        List<SwarmConnection> group = all.stream().filter(c -> c.mark == kind).collect(Collectors.toList());
        String line = Fates.describe(group);
        long[] sent = group.stream().filter(c -> c.sentAtHead >= 0).mapToLong(c -> c.sentAtHead).sorted().toArray();
        if (sent.length > 0) {
            line += ", answered after p50 " + Figures.bytes(sent[(sent.length - 1) / 2]) + " sent";
        }
        return line;
    }

    private static String smallHeaders() {
        StringBuilder headers = new StringBuilder(CHUNK_BYTES + 32);
        for (int i = 0; headers.length() < CHUNK_BYTES; i++) {
            headers.append(String.format(Locale.ROOT, "X-Flood-%05d: a\r\n", i));
        }
        return headers.toString();
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }
}
