package dev.jvmws.internal.server;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's count of accepted sockets still reading or deciding their upgrade, against its
 * {@code maxPendingHandshakes}. Shared by the server's loops; thread-safe.
 */
public final class PendingLimit {
    private final AtomicInteger count = new AtomicInteger();
    private final int max;

    /** @param max most upgrades pending at once; 0 for no limit */
    public PendingLimit(int max) {
        this.max = max;
    }

    /** Counts one more pending upgrade; false (counting nothing) when the limit is reached. */
    boolean enter() {
        if (max == 0) {
            count.incrementAndGet();
            return true;
        }
        while (true) {
            int now = count.get();
            if (now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    AtomicInteger count() {
        return count;
    }

    /** Upgrades pending now (for tests). */
    public int pending() {
        return count.get();
    }
}
