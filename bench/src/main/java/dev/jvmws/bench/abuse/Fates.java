package dev.jvmws.bench.abuse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Says in one line what happened to a set of attacker connections: how many were opened, how the
 * server ended them (close frame and its code, plain EOF, reset; each with the median and range of
 * the connection's age at that moment), which HTTP statuses it answered, and how many were still
 * open when the attack stopped. Stateless.
 */
final class Fates {
    private Fates() {
    }

    /** The line for {@code swarm}'s connections, as they are now (call it before closing them). */
    static String describe(Swarm swarm) {
        String opened = Figures.count(swarm.connections().size()) + " opened";
        if (swarm.shortfall() != null) {
            opened += " of " + Figures.count(swarm.wanted()) + " (" + swarm.shortfall() + ")";
        }
        return opened + "; " + describe(swarm.connections());
    }

    /** The line for a group of connections: how they ended, what the server answered, how many are open. */
    static String describe(List<SwarmConnection> all) {
        List<String> parts = new ArrayList<>();
        Map<String, List<SwarmConnection>> byEnd = all.stream().filter(SwarmConnection::endedByServer)
                .collect(Collectors.groupingBy(Fates::endLabel, TreeMap::new, Collectors.toList()));
        byEnd.forEach((label, group) -> parts.add(label + " ×" + Figures.count(group.size()) + " at age "
                + ages(group, c -> c.endNanos)));
        Map<Integer, Long> statuses = all.stream().filter(c -> c.server.headComplete())
                .collect(Collectors.groupingBy(c -> c.server.status(), TreeMap::new, Collectors.counting()));
        statuses.forEach((status, n) -> parts.add((status == 101 ? "upgraded" : status < 0 ? "unreadable answer"
                : "HTTP " + status) + " ×" + Figures.count(n)));
        long weClosed = all.stream().filter(c -> c.end == SwarmConnection.End.WE_CLOSED).count();
        if (weClosed > 0) {
            parts.add("closed by us while still open ×" + Figures.count(weClosed));
        }
        long open = all.stream().filter(SwarmConnection::isOpen).count();
        if (open > 0 || parts.isEmpty()) {
            parts.add("still open ×" + Figures.count(open));
        }
        return String.join("; ", parts);
    }

    private static String endLabel(SwarmConnection c) {
        return switch (c.end) {
            case CLOSE_FRAME -> "close " + c.server.closeCode();
            case EOF -> "EOF";
            case RESET -> "reset";
            default -> c.end.name();
        };
    }

    /** {@code "p50 1.2 s (0.9–3.0)"} of the connections' ages at {@code when}. */
    static String ages(List<SwarmConnection> group, Function<SwarmConnection, Long> when) {
        double[] seconds = group.stream().mapToDouble(c -> (when.apply(c) - c.connectedNanos) / 1e9).sorted()
                .toArray();
        if (seconds.length == 1) {
            return Figures.seconds(seconds[0]);
        }
        return "p50 " + Figures.seconds(seconds[(seconds.length - 1) / 2]) + " (" + Figures.seconds(seconds[0])
                + "–" + Figures.seconds(seconds[seconds.length - 1]) + ")";
    }
}
