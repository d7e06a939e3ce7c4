package dev.jvmws.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The loop's timer wheel on a clock the test moves: on time (within a tick), never early, one loop timer. */
@Timeout(10)
class TimerWheelTest {
    private static final long TICK = TimerWheel.TICK_NANOS;
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = clock.newLoop("wheel-test");
    private final List<String> fired = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    private final class Named extends TimerWheel.Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        protected void expired(long now) {
            fired.add(name + "@" + (now - start));
        }
    }

    private long start;

    private <T> T onLoop(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(5, TimeUnit.SECONDS);
    }

    /** Moves the clock and returns once the loop has run what that made due. */
    private void advance(Duration by) throws Exception {
        clock.advance(by);
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anEntryFiresOnTheFirstTickAtOrAfterItsDeadlineAndNeverBefore() throws Exception {
        start = clock.nanoTime();
        Named entry = new Named("a");
        onLoop(() -> {
            loop.timerWheel().schedule(entry, start + Duration.ofMillis(1_050).toNanos());
            return null;
        });
        advance(Duration.ofMillis(1_049));
        assertThat(fired).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(fired).as("1,050 ms is between ticks: the next tick, 1,100 ms").isEmpty();
        advance(Duration.ofMillis(50));
        assertThat(fired).containsExactly("a@" + Duration.ofMillis(1_100).toNanos());
        assertThat(onLoop(() -> loop.timerWheel().size())).isZero();
        assertThat(onLoop(loop::pendingTimers)).as("an empty wheel stops ticking").isZero();
    }

    @Test
    void aDeadlineBeyondOneTurnWaitsForItsLapAndACancelledEntryNeverFires() throws Exception {
        start = clock.nanoTime();
        Named far = new Named("far");
        Named cancelled = new Named("cancelled");
        long turn = 512 * TICK;
        onLoop(() -> {
            loop.timerWheel().schedule(far, start + turn + 2 * TICK); // its slot comes round first at 2 ticks
            loop.timerWheel().schedule(cancelled, start + 3 * TICK);
            loop.timerWheel().cancel(cancelled);
            loop.timerWheel().cancel(cancelled); // twice is harmless
            return null;
        });
        advance(Duration.ofNanos(4 * TICK));
        assertThat(fired).as("not on the first lap").isEmpty();
        assertThat(onLoop(() -> loop.timerWheel().size())).isEqualTo(1);
        advance(Duration.ofNanos(turn - 3 * TICK));
        assertThat(fired).as("one tick before its deadline, on its second lap").isEmpty();
        advance(Duration.ofNanos(TICK));
        assertThat(fired).containsExactly("far@" + (turn + 2 * TICK));
    }

    @Test
    void afterAStallLongerThanATurnEveryDueEntryFiresOnceAndARescheduledOneWaitsForItsNewDeadline() throws Exception {
        start = clock.nanoTime();
        TimerWheel.Entry again = new TimerWheel.Entry() {
            private int times;

            @Override
            protected void expired(long now) {
                fired.add("again@" + (now - start));
                if (++times == 1) {
                    loop.timerWheel().schedule(this, now); // due at once: runs on the next tick, not in a loop
                }
            }
        };
        onLoop(() -> {
            for (int i = 1; i <= 3; i++) {
                loop.timerWheel().schedule(new Named("n" + i), start + i * Duration.ofSeconds(20).toNanos());
            }
            loop.timerWheel().schedule(again, start + TICK);
            return null;
        });
        advance(Duration.ofMinutes(10));
        long stalled = Duration.ofMinutes(10).toNanos();
        assertThat(fired).containsExactlyInAnyOrder("again@" + stalled, "n1@" + stalled, "n2@" + stalled, "n3@" + stalled);
        advance(Duration.ofNanos(TICK));
        assertThat(fired).contains("again@" + (stalled + TICK)).hasSize(5);
    }
}
