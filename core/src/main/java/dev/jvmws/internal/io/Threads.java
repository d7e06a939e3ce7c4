package dev.jvmws.internal.io;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that must not run on an event loop (blocking streams, TLS's delegated tasks):
 * virtual threads where the JDK has them (21+, found reflectively: the baseline is 17), daemon
 * platform threads before.
 */
final class Threads {
    private Threads() {
    }

    /** A factory of virtual threads named {@code prefix}N, or of daemon platform threads before JDK 21. */
    static ThreadFactory virtualOrDaemon(String prefix) {
        ThreadFactory virtual = virtualFactory(prefix);
        return virtual != null ? virtual : daemonFactory(prefix);
    }

    /**
     * An executor for short blocking tasks: a new virtual thread per task on JDK 21+, else a cached
     * pool of daemon threads (idle ones end after a minute).
     */
    static Executor offLoop(String prefix) {
        ThreadFactory virtual = virtualFactory(prefix);
        if (virtual != null) {
            return task -> virtual.newThread(task).start();
        }
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonFactory(prefix));
    }

    private static ThreadFactory virtualFactory(String prefix) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
            return (ThreadFactory) builderType.getMethod("factory").invoke(builder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // before JDK 21
        }
    }

    private static ThreadFactory daemonFactory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
