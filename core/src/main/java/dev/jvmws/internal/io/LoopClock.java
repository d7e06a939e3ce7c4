package dev.jvmws.internal.io;

/**
 * Where an event loop reads the time for its timers (handshake, close, memory waits). The system's
 * monotonic clock in production; tests give a loop a clock they move by hand, so every timeout is
 * tested without waiting for it.
 */
public interface LoopClock {
    /** The system's monotonic clock ({@link System#nanoTime()}). */
    LoopClock SYSTEM = System::nanoTime;

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /**
     * Called once by each loop that reads this clock: a clock that can jump (a test's) runs
     * {@code wakeUp} after each jump, so the loop looks at its timers again. Safe from any thread.
     */
    default void onJump(Runnable wakeUp) {
    }
}
