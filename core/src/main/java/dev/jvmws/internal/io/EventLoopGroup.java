package dev.jvmws.internal.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fixed set of {@link EventLoop}s handed out round-robin to new channels. One loop per core by
 * default: each loop is one thread, and a connection stays on its loop for life.
 *
 * <p>Thread-safe.
 */
public final class EventLoopGroup {
    private static final AtomicInteger GROUP_IDS = new AtomicInteger();
    private static volatile EventLoopGroup sharedClientGroup;

    private final EventLoop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    private final String namePrefix;
    private final boolean daemon;
    /** Whether a loop stopped by a fatal error is replaced by a fresh one (the shared client group). */
    private final boolean replaceStopped;
    private final Consumer<Throwable> onFatalError;
    private final LoopClock clock;

    public EventLoopGroup(int threads, String namePrefix, boolean daemon) {
        this(threads, namePrefix, daemon, error -> {}, LoopClock.SYSTEM);
    }

    /**
     * @param onFatalError told (on the failed loop's thread) when a fatal error stopped one of the
     *     loops; the loop's channels are closed by then
     */
    public EventLoopGroup(int threads, String namePrefix, boolean daemon, Consumer<Throwable> onFatalError,
            LoopClock clock) {
        this(threads, namePrefix, daemon, onFatalError, false, clock);
    }

    private EventLoopGroup(int threads, String namePrefix, boolean daemon, Consumer<Throwable> onFatalError,
            boolean replaceStopped, LoopClock clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.namePrefix = namePrefix + "-" + GROUP_IDS.incrementAndGet() + "-";
        this.daemon = daemon;
        this.replaceStopped = replaceStopped;
        this.onFatalError = onFatalError;
        this.clock = clock;
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(this.namePrefix + i, daemon, onFatalError, clock);
        }
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The process-wide group used by clients that bring none: daemon threads, created on first use,
     * never shut down (they idle in {@code select} when unused).
     */
    public static EventLoopGroup sharedClientGroup() {
        EventLoopGroup group = sharedClientGroup;
        if (group == null) {
            synchronized (EventLoopGroup.class) {
                group = sharedClientGroup;
                if (group == null) {
                    // Clients of the whole process share it: a loop lost to a fatal error (its own
                    // connections were closed and told why) is replaced, so later clients still work.
                    group = new EventLoopGroup(defaultThreads(), "jvmws-client", true, error -> {}, true, LoopClock.SYSTEM);
                    sharedClientGroup = group;
                }
            }
        }
        return group;
    }

    public EventLoop next() {
        int index = Math.floorMod(next.getAndIncrement(), loops.length);
        EventLoop loop = loops[index];
        if (replaceStopped && loop.isStopped()) {
            synchronized (this) {
                loop = loops[index];
                if (loop.isStopped()) {
                    loop = new EventLoop(namePrefix + index + "-restarted", daemon, onFatalError, clock);
                    loops[index] = loop;
                }
            }
        }
        return loop;
    }

    public EventLoop first() {
        return loops[0];
    }

    /** Stops every loop; the future completes once all have {@linkplain EventLoop#terminated terminated}. */
    public CompletableFuture<Void> shutdown() {
        CompletableFuture<?>[] ends = new CompletableFuture<?>[loops.length];
        for (int i = 0; i < loops.length; i++) {
            loops[i].shutdown();
            ends[i] = loops[i].terminated();
        }
        return CompletableFuture.allOf(ends);
    }
}
