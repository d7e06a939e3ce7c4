package dev.jvmws.bench.load;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback source addresses to bind client sockets to before connecting. A bound socket takes a
 * local port to itself (for every destination), and a closed connection may hold its port in
 * TIME_WAIT for 60 s, so one source address gives roughly 28,000 usable ports
 * ({@code net.ipv4.ip_local_port_range}). Linux routes all of 127.0.0.0/8 to the loopback
 * interface, so 127.0.0.2, 127.0.0.3, … work without configuration and each brings its own ports.
 *
 * <p>Thread-safe. Workloads draw from a process-wide rotation, so consecutive workloads start on
 * fresh addresses while the previous one's TIME_WAIT sockets expire.
 */
public final class SourceAddresses {
    /** Connections per source address when a workload holds many at once (well under the ~28k ports). */
    public static final int CONNECTIONS_PER_ADDRESS = 4096;
    /** Addresses in the rotation: 127.0.0.1 … 127.0.0.64. */
    public static final int POOL_SIZE = 64;

    private static final AtomicInteger NEXT_POOL_INDEX = new AtomicInteger();

    private final InetSocketAddress[] addresses;
    private final AtomicInteger cursor = new AtomicInteger();

    private SourceAddresses(int count) {
        addresses = new InetSocketAddress[count];
        int first = NEXT_POOL_INDEX.getAndAdd(count);
        for (int i = 0; i < count; i++) {
            addresses[i] = new InetSocketAddress(loopback(1 + Math.floorMod(first + i, POOL_SIZE)), 0);
        }
    }

    /** Enough addresses for {@code connections} open at once, at least one. */
    public static SourceAddresses forConnections(int connections) {
        int count = Math.max(1, (connections + CONNECTIONS_PER_ADDRESS - 1) / CONNECTIONS_PER_ADDRESS);
        return new SourceAddresses(Math.min(count, POOL_SIZE));
    }

    /** {@code count} addresses, for connection churn: every new connection takes the next one. */
    public static SourceAddresses spread(int count) {
        return new SourceAddresses(Math.min(Math.max(1, count), POOL_SIZE));
    }

    /** The address for the next connection (port 0: the kernel picks the port). */
    public InetSocketAddress next() {
        return addresses[Math.floorMod(cursor.getAndIncrement(), addresses.length)];
    }

    /** How many distinct addresses this set hands out. */
    public int size() {
        return addresses.length;
    }

    static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4-byte address is always valid", e);
        }
    }
}
