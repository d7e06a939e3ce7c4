package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.WebSocketProtocolException;

/**
 * One server connection's place under the server's {@link MessageMemoryBudget}: it reports what the
 * connection holds in unfinished messages, stops the connection's reading while the budget is spent
 * and it is in the middle of a message, wakes it when the budget frees, and closes it (1013) when the
 * wait is over and it holds more than its share, or leads with a message that stopped growing.
 *
 * <p>Loop thread, except {@link #budgetFreed} and {@link #evictIfStalledLeader}, which other loops call.
 */
final class MessageMemoryGate {
    private final Connection connection;
    private final EventLoop loop;
    private final MessageMemoryBudget budget;
    private final WireCodec codec;
    private Inbound in;
    /** Not reading until the budget frees. */
    private boolean waiting;
    private EventLoop.Timer waitTimer;
    /** When the held bytes last changed: a leader that stopped growing is stalled. Read by other loops. */
    private volatile long heldChangedNanos;

    MessageMemoryGate(Connection connection, EventLoop loop, MessageMemoryBudget budget, WireCodec codec) {
        this.connection = connection;
        this.loop = loop;
        this.budget = budget;
        this.codec = codec;
    }

    /** The connection's reading, which the gate stops and lets go on. */
    void readingThrough(Inbound inbound) {
        this.in = inbound;
    }

    boolean isWaiting() {
        return waiting;
    }

    /** The connection's held bytes changed by {@code deltaBytes}, to {@code after}. */
    void heldBytesChanged(long deltaBytes, long after) {
        heldChangedNanos = loop.nanoTime();
        budget.changed(after - deltaBytes, after);
        if (after == 0) {
            budget.stopLeading(this);
        }
    }

    /** Whether to stop reading now: the budget is spent and the connection is in the middle of a message. */
    boolean mustWait(boolean insideMessage) {
        return insideMessage && budget.isExhausted() && !budget.tryLead(this);
    }

    /** Stops reading until the budget frees, or until the wait is over. */
    void await() {
        waiting = true;
        in.stopForMemory();
        if (waitTimer == null) {
            waitTimer = loop.schedule(this::waitOver, budget.waitNanos());
        }
        budget.await(this);
    }

    /** The budget has room again: read on, unless it was taken again meanwhile. Any thread. */
    void budgetFreed() {
        loop.execute(() -> {
            if (!waiting || connection.isChannelClosed()) {
                return;
            }
            if (budget.isExhausted() && !budget.tryLead(this)) {
                budget.await(this);
                return;
            }
            stopWaiting();
            in.readOnAfterMemory();
        });
    }

    private void waitOver() {
        waitTimer = null;
        if (!waiting || connection.isChannelClosed()) {
            return;
        }
        long held = codec.heldBytes();
        if (budget.shouldEvict(held)) {
            connection.fail(CloseCode.TRY_AGAIN_LATER, new WebSocketProtocolException(CloseCode.TRY_AGAIN_LATER,
                    "The server's memory for unfinished messages is exhausted and this connection holds "
                            + held + " bytes of one; try again later"));
        } else if (!budget.isExhausted()) {
            budgetFreed();
        } else {
            MessageMemoryGate lead = budget.leader();
            if (lead != null && lead != this && isStalled(lead.heldChangedNanos)) {
                lead.evictIfStalledLeader(); // it holds the way forward and isn't taking it
            }
            waitTimer = loop.schedule(this::waitOver, budget.waitNanos());
        }
    }

    private boolean isStalled(long changedNanos) {
        return loop.nanoTime() - changedNanos >= budget.waitNanos();
    }

    /** Closes the connection (1013) if it still leads a stalled message; any thread. */
    private void evictIfStalledLeader() {
        loop.execute(() -> {
            if (!connection.isChannelClosed() && budget.leader() == this && isStalled(heldChangedNanos)) {
                connection.fail(CloseCode.TRY_AGAIN_LATER, new WebSocketProtocolException(CloseCode.TRY_AGAIN_LATER,
                        "The server's memory for unfinished messages is exhausted and this connection's message of "
                                + codec.heldBytes() + " bytes has not grown for a while; try again later"));
            }
        });
    }

    /** Stops waiting (failed or closed connections too). */
    void stopWaiting() {
        waiting = false;
        if (waitTimer != null) {
            waitTimer.cancel();
            waitTimer = null;
        }
    }

    /** The connection closed: it leads no more, even if it led while holding nothing. */
    void release() {
        stopWaiting();
        budget.stopLeading(this);
    }
}
