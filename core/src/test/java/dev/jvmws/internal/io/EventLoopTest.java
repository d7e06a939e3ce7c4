package dev.jvmws.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event loop on its own: tasks, timers and their order, cancellation. Timers run on a clock the
 * test moves, so "not before" and "at" are exact and nothing waits for real time.
 */
class EventLoopTest {
    private static final long MS = 1_000_000;
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = clock.newLoop("test-loop");

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    private <T> T onLoop(java.util.function.Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(action.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void runsTasksOnItsOwnDaemonThread() throws Exception {
        assertThat(loop.inEventLoop()).isFalse();
        assertThat(loop.isStopped()).isFalse();
        assertThat(onLoop(loop::inEventLoop)).isTrue();
        assertThat(onLoop(() -> Thread.currentThread().isDaemon())).isTrue();
        EventLoop nonDaemon = new EventLoop("test-loop-2", false);
        try {
            CompletableFuture<Boolean> daemon = new CompletableFuture<>();
            nonDaemon.execute(() -> daemon.complete(Thread.currentThread().isDaemon()));
            assertThat(daemon.get(5, TimeUnit.SECONDS)).isFalse();
        } finally {
            nonDaemon.shutdown();
        }
    }

    @Test
    void timersFireByDeadlineNotInTheOrderTheyWereScheduled() throws Exception {
        List<Integer> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> last = new CompletableFuture<>();
        loop.execute(() -> {
            loop.schedule(() -> {
                fired.add(60);
                last.complete(null);
            }, 60 * MS);
            loop.schedule(() -> fired.add(20), 20 * MS);
            loop.schedule(() -> fired.add(40), 40 * MS);
        });
        settle();
        clock.advance(Duration.ofMillis(60));
        last.get(5, TimeUnit.SECONDS);
        assertThat(fired).containsExactly(20, 40, 60);
    }

    @Test
    void aTimerFiresAtItsDeadlineNotANanosecondBefore() throws Exception {
        CompletableFuture<Long> firedAt = new CompletableFuture<>();
        long scheduledAt = onLoop(() -> {
            loop.schedule(() -> firedAt.complete(loop.nanoTime()), 50 * MS);
            return loop.nanoTime();
        });
        clock.advance(Duration.ofNanos(50 * MS - 1));
        settle();
        assertThat(firedAt).isNotDone();
        clock.advance(Duration.ofNanos(1));
        assertThat(firedAt.get(5, TimeUnit.SECONDS) - scheduledAt).isEqualTo(50 * MS);
    }

    /** Returns once the loop has run every timer due now (a timer of delay 0 runs after them). */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aCancelledTimerNeverFiresEvenAmongManyCancelledOnes() throws Exception {
        List<String> fired = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> later = new CompletableFuture<>();
        loop.execute(() -> {
            loop.schedule(() -> fired.add("cancelled"), 10 * MS).cancel();
            // Enough cancelled timers at the head of the queue to make the loop purge them.
            for (int i = 0; i < 3000; i++) {
                loop.schedule(() -> fired.add("cancelled"), (5 + i % 20) * MS).cancel();
            }
            EventLoop.Timer kept = loop.schedule(() -> fired.add("kept"), 15 * MS);
            kept.cancel();
            kept.cancel(); // twice is once
            loop.schedule(() -> {
                fired.add("later");
                later.complete(null);
            }, 40 * MS);
        });
        settle();
        clock.advance(Duration.ofMillis(40));
        later.get(5, TimeUnit.SECONDS);
        assertThat(fired).containsExactly("later");
    }

    @Test
    void aTimerThatFiredCannotBeCancelledAfterwards() throws Exception {
        CompletableFuture<EventLoop.Timer> fired = new CompletableFuture<>();
        EventLoop.Timer[] timer = new EventLoop.Timer[1];
        loop.execute(() -> timer[0] = loop.schedule(() -> fired.complete(timer[0]), MS));
        settle();
        clock.advance(Duration.ofMillis(1));
        fired.get(5, TimeUnit.SECONDS).cancel();
        settle(); // the loop still runs timers: the late cancel left its bookkeeping alone
    }

    @Test
    void reportsStoppedOnceItsThreadHasEnded() throws Exception {
        EventLoop other = new EventLoop("test-loop-3", true);
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        other.execute(() -> thread.complete(Thread.currentThread()));
        assertThat(other.isStopped()).isFalse();
        other.shutdown();
        thread.get(5, TimeUnit.SECONDS).join(5_000);
        assertThat(other.isStopped()).isTrue();
    }
}
