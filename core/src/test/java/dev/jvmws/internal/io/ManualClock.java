package dev.jvmws.internal.io;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LoopClock} that stands still until a test moves it: timeouts fire when the test says, not
 * after a real wait. Moving it wakes the loops that read it, so due timers run at once.
 */
public final class ManualClock implements LoopClock {
    /** An arbitrary origin far from zero, so code that mistakes 0 for "unset" shows up. */
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final List<Runnable> wakeUps = new CopyOnWriteArrayList<>();

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void onJump(Runnable wakeUp) {
        wakeUps.add(wakeUp);
    }

    /** Moves time forward by {@code duration} and wakes the loops to run what became due. */
    public void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
        wakeUps.forEach(Runnable::run);
    }

    /** A daemon loop reading this clock; the caller shuts it down. */
    public EventLoop newLoop(String name) {
        return new EventLoop(name, true, error -> {}, this);
    }
}
