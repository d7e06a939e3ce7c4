package dev.jvmws.internal.conn;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server-wide bound on the bytes its connections hold in messages still arriving. Each connection
 * may be sent a message up to {@code maxPayload} and may take its time, so without a common bound a
 * few hundred peers each trickling a large message exhaust the heap (measured: 200 connections, 64
 * MiB each, killed a 6 GiB JVM).
 *
 * <p>The policy: while the budget is exhausted, connections in the middle of a message stop being
 * read (backpressure to their senders, through TCP) and wait; one that finishes a message or closes
 * frees its share and wakes the waiters. One connection at a time, the <em>leader</em>, goes on
 * regardless, so messages keep completing (or failing at {@code maxPayload}) instead of all waiting
 * for each other: the bound is the budget plus one message. A connection that has waited
 * {@link #waitNanos} and still holds at least the average share of the budget's holders is closed
 * (1013, try again later), and so is a leader whose message has not grown for that long (a
 * trickling or stalled peer): the waiting always ends.
 *
 * <p>Thread-safe: connections of every loop of the server share one instance.
 */
final class MessageMemoryBudget {
    private final long limitBytes;
    private final long waitNanos;
    private final AtomicLong held = new AtomicLong();
    /** The most ever held at once: what tests and operators check the bound against. */
    private final AtomicLong peak = new AtomicLong();
    private final AtomicInteger holders = new AtomicInteger();
    private final ConcurrentLinkedQueue<MessageMemoryGate> waiting = new ConcurrentLinkedQueue<>();
    /** The one connection that may go on past the budget; null when none claimed it. */
    private final AtomicReference<MessageMemoryGate> leader = new AtomicReference<>();

    /**
     * @param limitBytes bytes all connections together may hold in unfinished messages
     * @param waitNanos how long a connection waits for the budget before it may be closed
     */
    MessageMemoryBudget(long limitBytes, long waitNanos) {
        if (limitBytes <= 0 || waitNanos <= 0) {
            throw new IllegalArgumentException("budget and wait must be positive");
        }
        this.limitBytes = limitBytes;
        this.waitNanos = waitNanos;
    }

    long limitBytes() {
        return limitBytes;
    }

    long waitNanos() {
        return waitNanos;
    }

    long heldBytes() {
        return held.get();
    }

    long peakBytes() {
        return peak.get();
    }

    int holders() {
        return holders.get();
    }

    boolean isExhausted() {
        return held.get() >= limitBytes;
    }

    /**
     * A connection's holding changed from {@code before} to {@code after} bytes. Wakes the waiting
     * connections when this frees the budget.
     */
    void changed(long before, long after) {
        if (before == 0 && after > 0) {
            holders.incrementAndGet();
        } else if (before > 0 && after == 0) {
            holders.decrementAndGet();
        }
        long total = held.addAndGet(after - before);
        if (after > before) {
            peak.accumulateAndGet(total, Math::max);
        } else if (total < limitBytes) {
            wakeWaiting();
        }
    }

    /** Whether {@code connection} is, or now becomes, the one connection that goes on past the budget. */
    boolean tryLead(MessageMemoryGate connection) {
        return leader.get() == connection || leader.compareAndSet(null, connection);
    }

    /** The connection going on past the budget, or null. */
    MessageMemoryGate leader() {
        return leader.get();
    }

    /** {@code connection} holds nothing any more: if it led, the lead is free for a waiter. */
    void stopLeading(MessageMemoryGate connection) {
        if (leader.compareAndSet(connection, null)) {
            wakeWaiting();
        }
    }

    /** {@code connection} stopped reading until the budget frees; it is woken through {@link MessageMemoryGate#budgetFreed}. */
    void await(MessageMemoryGate connection) {
        waiting.add(connection);
        if (!isExhausted()) {
            wakeWaiting(); // freed between the caller's check and the add: don't miss the wake-up
        }
    }

    /**
     * Whether a connection holding {@code connectionHeld} bytes, having waited its time, is to be
     * closed: when the budget is still exhausted and it holds at least the average of the holders.
     */
    boolean shouldEvict(long connectionHeld) {
        return shouldEvict(connectionHeld, held.get(), holders.get(), limitBytes);
    }

    static boolean shouldEvict(long connectionHeld, long totalHeld, int holderCount, long limitBytes) {
        if (totalHeld < limitBytes || connectionHeld <= 0) {
            return false;
        }
        // At least the average: the largest holder always qualifies, so waiting always ends.
        return connectionHeld * Math.max(1, holderCount) >= totalHeld;
    }

    private void wakeWaiting() {
        MessageMemoryGate connection;
        while ((connection = waiting.poll()) != null) {
            connection.budgetFreed();
        }
    }
}
