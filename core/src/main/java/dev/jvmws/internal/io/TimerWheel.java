package dev.jvmws.internal.io;

/**
 * One loop's hashed timing wheel for deadlines every connection has and that rarely fire on time
 * (heartbeats, idle timeouts): a deadline costs a link into a slot, not a timer in the loop's heap, and
 * the wheel keeps one loop timer, ticking every {@value #TICK_MILLIS} ms while it holds anything. Each
 * tick looks at one slot only, so 100,000 connections on a loop cost a few hundred checks per tick and
 * nothing else between their deadlines. An entry fires on the first tick at or after its deadline (up
 * to one tick late), never before it.
 *
 * <p>Loop thread only.
 */
public final class TimerWheel {
    static final long TICK_MILLIS = 100;
    public static final long TICK_NANOS = TICK_MILLIS * 1_000_000;
    /** 512 slots of 100 ms: a turn of the wheel is 51.2 s; later deadlines wait in their slot for their turn. */
    private static final int SLOTS = 512;

    /** What a wheel holds: extend it and be told when the deadline has passed. */
    public abstract static class Entry {
        private long deadline;
        private Entry previous;
        private Entry next;
        /** The slot this entry is linked into; -1 when not scheduled. */
        private int slot = -1;

        /** The deadline passed ({@code now} is at or after it); the entry is no longer scheduled. */
        protected abstract void expired(long now);

        public final boolean isScheduled() {
            return slot >= 0;
        }
    }

    private final EventLoop loop;
    private final Entry[] slots = new Entry[SLOTS];
    private int size;
    /** The next tick to look at, counted in ticks of the loop's clock. */
    private long nextTick;
    private EventLoop.Timer ticking;

    TimerWheel(EventLoop loop) {
        this.loop = loop;
    }

    /** Schedules {@code entry} for {@code deadlineNanos} (the loop clock's time), replacing its earlier deadline. */
    public void schedule(Entry entry, long deadlineNanos) {
        cancel(entry);
        if (ticking == null) {
            nextTick = tickOf(loop.nanoTime()) + 1;
            ticking = loop.schedule(this::tick, nextTick * TICK_NANOS - loop.nanoTime());
        }
        long tick = Math.max(Math.floorDiv(deadlineNanos + TICK_NANOS - 1, TICK_NANOS), nextTick);
        entry.deadline = deadlineNanos;
        entry.slot = (int) (tick & (SLOTS - 1));
        entry.next = slots[entry.slot];
        if (entry.next != null) {
            entry.next.previous = entry;
        }
        slots[entry.slot] = entry;
        size++;
    }

    /** Unschedules {@code entry}; nothing if it is not scheduled. */
    public void cancel(Entry entry) {
        if (entry.slot < 0) {
            return;
        }
        if (entry.previous != null) {
            entry.previous.next = entry.next;
        } else {
            slots[entry.slot] = entry.next;
        }
        if (entry.next != null) {
            entry.next.previous = entry.previous;
        }
        entry.previous = null;
        entry.next = null;
        entry.slot = -1;
        size--;
    }

    /** Entries scheduled (for tests). */
    public int size() {
        return size;
    }

    private static long tickOf(long nanos) {
        return Math.floorDiv(nanos, TICK_NANOS);
    }

    private void tick() {
        ticking = null;
        long now = loop.nanoTime();
        long lastTick = tickOf(now);
        // After a stall longer than a turn every slot is due once; more laps would find nothing new.
        long from = Math.max(nextTick, lastTick - SLOTS + 1);
        nextTick = lastTick + 1; // first: an entry scheduled again while its slot is walked lands in a later tick
        for (long tick = from; tick <= lastTick; tick++) {
            expireSlot((int) (tick & (SLOTS - 1)), now);
        }
        if (size > 0 && ticking == null) {
            ticking = loop.schedule(this::tick, nextTick * TICK_NANOS - now);
        }
    }

    /** Fires the entries of {@code slot} whose deadline has passed; later laps' entries stay. */
    private void expireSlot(int slot, long now) {
        Entry entry = slots[slot];
        while (entry != null) {
            Entry following = entry.next;
            if (entry.deadline - now <= 0) {
                cancel(entry);
                try {
                    entry.expired(now); // may schedule it again, into a later tick's slot
                } catch (RuntimeException e) {
                    Failures.log(System.getLogger(TimerWheel.class.getName()), System.Logger.Level.ERROR,
                            "A wheel timer failed", e);
                }
            }
            entry = following;
        }
    }
}
