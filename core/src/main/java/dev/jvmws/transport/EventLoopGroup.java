package dev.jvmws.transport;

import java.util.concurrent.atomic.AtomicInteger;

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

    public EventLoopGroup(int threads, String namePrefix, boolean daemon) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        int id = GROUP_IDS.incrementAndGet();
        loops = new EventLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EventLoop(namePrefix + "-" + id + "-" + i, daemon);
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
                    group = new EventLoopGroup(defaultThreads(), "jvmws-client", true);
                    sharedClientGroup = group;
                }
            }
        }
        return group;
    }

    public EventLoop next() {
        return loops[Math.floorMod(next.getAndIncrement(), loops.length)];
    }

    public EventLoop first() {
        return loops[0];
    }

    public void shutdown() {
        for (EventLoop loop : loops) {
            loop.shutdown();
        }
    }
}
