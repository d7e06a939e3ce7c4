package dev.jvmws.transport;

import dev.jvmws.extension.ZlibPool;
import dev.jvmws.protocol.MaskGenerator;
import dev.jvmws.protocol.SecureMaskGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One selector thread that owns a set of channels for their whole life. Everything a channel does —
 * reads, writes, timers, state changes, user callbacks — runs on this thread, so connection state
 * needs no locks.
 *
 * <p>Other threads hand work over with {@link #execute}: an unbounded MPSC queue plus a selector
 * wake-up only when the loop may be asleep. Writes produced while handling one burst of ready
 * channels and tasks are flushed together at the end of the burst ({@link #markDirty}), so all
 * replies to one read leave in one write.
 *
 * <p>The loop also owns resources shared by its channels: the read buffer (channels keep no buffer
 * while idle), the pool of outbound chunks and the mask generator.
 *
 * <p>Thread-safety: {@link #execute}, {@link #inEventLoop} and {@link #shutdown} are safe from any
 * thread; every other method must be called on the loop thread.
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Large enough that a 1 MiB message needs few reads, small enough to stay in cache-friendly reach. */
    static final int READ_BUFFER_BYTES = 256 * 1024;

    /** Reacts to readiness of a registered channel. */
    public interface IoHandler {
        void onReady(SelectionKey key);

        /** The loop is shutting down; release the channel. */
        void onLoopShutdown();
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayList<Connection> dirty = new ArrayList<>();
    private volatile boolean shuttingDown;
    private final java.util.function.Consumer<SelectionKey> readyHandler = this::handleReady;
    private long timerSequence;
    /** Cancelled timers still in the heap; purged in bulk so handshake churn can't grow it without bound. */
    private int cancelledTimers;

    /**
     * Direct, so the kernel copies straight into it: a heap buffer would cost the JDK's hidden copy
     * from a temporary native buffer on every read (one extra pass over every large message).
     */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    final ChunkPool chunkPool = new ChunkPool();
    final ByteBuffer[] gather = new ByteBuffer[64];
    final MaskGenerator maskGenerator = new SecureMaskGenerator();
    /** The zlib streams of this loop's compressed connections (permessage-deflate). */
    final ZlibPool zlibPool = new ZlibPool();

    public EventLoop(String name, boolean daemon) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(daemon);
        thread.start();
    }

    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, after the tasks queued before it. Safe from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inEventLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} now if on the loop thread, else hands it over. */
    public void run(Runnable task) {
        if (inEventLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /** Registers a channel with this loop's selector; loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** Schedules {@code task} after {@code delayNanos} on this loop; loop thread only. */
    public Timer schedule(Runnable task, long delayNanos) {
        Timer timer = new Timer(this, System.nanoTime() + delayNanos, timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /** Asks the loop to flush {@code connection}'s queued writes at the end of the current burst. */
    void markDirty(Connection connection) {
        dirty.add(connection);
    }

    /** Stops the loop: registered channels are released. Safe from any thread; idempotent. */
    public void shutdown() {
        shuttingDown = true;
        selector.wakeup();
    }


    private void run() {
        try {
            while (!shuttingDown) {
                long timeoutMillis = millisUntilNextTimer();
                // select(Consumer) hands each ready key over directly: no selected-key set to fill,
                // iterate and clear on every wake-up.
                if (!tasks.isEmpty()) {
                    selector.selectNow(readyHandler);
                } else if (timeoutMillis < 0) {
                    selector.select(readyHandler);
                } else {
                    selector.select(readyHandler, Math.max(1, timeoutMillis));
                }
                wakeupPending.set(false);
                runTasks();
                runTimers();
                flushDirty();
            }
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "Event loop " + thread.getName() + " failed", t);
        } finally {
            closeAll();
            zlibPool.close(); // after the connections: they hand their streams back as they close
        }
    }

    private void handleReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key);
        } catch (RuntimeException e) {
            // A handler bug must not take the other channels of this loop down with it.
            LOG.log(Level.ERROR, "Unexpected error in I/O handler", e);
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing after a failure: nothing more to report
            }
        }
    }

    private void runTasks() {
        // Bounded so a producer that never stops cannot starve I/O.
        for (int i = 0; i < 4096; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            safely(task);
            if ((i & 63) == 63) {
                flushDirty();
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer timer;
        while ((timer = timers.peek()) != null && timer.deadline - now <= 0) {
            timers.poll();
            if (timer.cancelled) {
                cancelledTimers--;
            } else {
                timer.fired = true;
                safely(timer.task);
            }
        }
    }

    private long millisUntilNextTimer() {
        if (cancelledTimers > 1024 && cancelledTimers > timers.size() / 2) {
            timers.removeIf(t -> t.cancelled);
            cancelledTimers = 0;
        }
        Timer timer;
        while ((timer = timers.peek()) != null && timer.cancelled) {
            timers.poll();
            cancelledTimers--;
        }
        if (timer == null) {
            return -1;
        }
        long nanos = timer.deadline - System.nanoTime();
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
    }

    private void flushDirty() {
        ArrayList<Connection> list = dirty;
        for (int i = 0; i < list.size(); i++) {
            Connection connection = list.get(i);
            try {
                connection.flushIfDirty();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Unexpected error while flushing", e);
            }
        }
        list.clear();
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "Task failed on event loop " + thread.getName(), e);
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            Object attachment = key.attachment();
            try {
                if (attachment instanceof IoHandler) {
                    ((IoHandler) attachment).onLoopShutdown();
                } else {
                    key.channel().close();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "Error while releasing a channel at shutdown", e);
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            safely(task);
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Error closing selector", e);
        }
    }

    /** A cancellable task scheduled on the loop. Cancel on the loop thread. */
    public static final class Timer implements Comparable<Timer> {
        private final EventLoop loop;
        final long deadline;
        final long sequence;
        final Runnable task;
        boolean cancelled;
        boolean fired;

        Timer(EventLoop loop, long deadline, long sequence, Runnable task) {
            this.loop = loop;
            this.deadline = deadline;
            this.sequence = sequence;
            this.task = task;
        }

        public void cancel() {
            if (!cancelled && !fired) {
                cancelled = true;
                loop.cancelledTimers++;
            }
        }

        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(deadline - other.deadline, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
