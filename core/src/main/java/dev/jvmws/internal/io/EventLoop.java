package dev.jvmws.internal.io;


import dev.jvmws.extension.ZlibStreams;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

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
 * <p>Errors: whatever one channel's work throws is contained to that channel
 * ({@link IoHandler#onUnexpectedError}); a failing task or timer is logged and the loop goes on. Only
 * a {@linkplain Failures#isFatal fatal} error stops the loop: it releases its channels, telling them
 * why, and then reports the error to the {@code onFatalError} handler it was made with, so its owner
 * can stop visibly rather than serve on half alive.
 *
 * <p>Thread-safety: {@link #execute}, {@link #inEventLoop} and {@link #shutdown} are safe from any
 * thread; every other method must be called on the loop thread.
 */
public final class EventLoop implements Executor {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    static {
        Failures.warmUpLogging();
        warmUpChannelClose();
    }

    /** Pause after a loop-level error that is not fatal, so a persistent one can't spin a core. */
    private static final long ERROR_PAUSE_MILLIS = 10;

    /** Large enough that a 1 MiB message needs few reads, small enough to stay in cache-friendly reach. */
    static final int READ_BUFFER_BYTES = 256 * 1024;

    /** Reacts to readiness of a registered channel. */
    public interface IoHandler {
        void onReady(SelectionKey key);

        /**
         * The loop is shutting down; release the channel. {@code cause} is the fatal error that
         * stopped the loop, or null for an orderly shutdown.
         */
        void onLoopShutdown(Throwable cause);

        /**
         * {@link #onReady} threw {@code error} (not a fatal one): contain it to this channel. The
         * default closes the channel.
         */
        default void onUnexpectedError(SelectionKey key, Throwable error) {
            Failures.log(LOG, Level.ERROR, "Unexpected error in I/O handler; closing its channel", error);
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException | RuntimeException ignored) {
                // closing after a failure: nothing more to report
            }
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private TimerWheel wheel;
    private final ArrayList<Flushable> dirty = new ArrayList<>();
    /** Work put off to the next turn of the loop, after the channels ready then have had theirs. */
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();
    /** Transports driven by threads of their own rather than the selector: told of the loop's end too. */
    private final Set<IoHandler> unselected = new HashSet<>();
    private final Consumer<Throwable> onFatalError;
    private final LoopClock clock;
    private volatile boolean shuttingDown;
    private volatile boolean stopped;
    /** Completed when the loop's thread has released everything and is about to end. */
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final java.util.function.Consumer<SelectionKey> readyHandler = this::handleReady;
    private long timerSequence;
    /** Cancelled timers still in the heap; purged in bulk so handshake churn can't grow it without bound. */
    private int cancelledTimers;

    /**
     * Direct, so the kernel copies straight into it: a heap buffer would cost the JDK's hidden copy
     * from a temporary native buffer on every read (one extra pass over every large message).
     */
    public final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    public final ChunkPool chunkPool = new ChunkPool();
    public final ByteBuffer[] gather = new ByteBuffer[64];
    public final MaskGenerator maskGenerator = new SecureMaskGenerator();
    /** The zlib streams of this loop's compressed connections (permessage-deflate). */
    public final ZlibStreams zlib = ZlibStreams.pooled();
    /** Scratch for this loop's TLS connections (empty until one needs it). */
    public final TlsBuffers tlsBuffers = new TlsBuffers();

    public EventLoop(String name, boolean daemon) {
        this(name, daemon, error -> {}, LoopClock.SYSTEM);
    }

    /**
     * @param onFatalError told, on this loop's thread, after a fatal error stopped the loop
     * @param clock what the loop's timers read
     */
    public EventLoop(String name, boolean daemon, Consumer<Throwable> onFatalError, LoopClock clock) {
        this.onFatalError = onFatalError;
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(daemon);
        thread.start();
        clock.onJump(this::wakeUp);
    }

    /** The time as this loop's timers see it. Any thread. */
    public long nanoTime() {
        return clock.nanoTime();
    }

    private void wakeUp() {
        if (!inEventLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    public boolean inEventLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, after the tasks queued before it. Safe from any thread. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        wakeUp();
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
    public SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** This loop's wheel for deadlines most connections have (heartbeats, idle timeouts), made on first use. Loop thread. */
    public TimerWheel timerWheel() {
        if (wheel == null) {
            wheel = new TimerWheel(this);
        }
        return wheel;
    }

    /** Schedules {@code task} after {@code delayNanos} on this loop; loop thread only. */
    public Timer schedule(Runnable task, long delayNanos) {
        Timer timer = new Timer(this, clock.nanoTime() + delayNanos, timerSequence++, task);
        timers.add(timer);
        return timer;
    }

    /**
     * Runs {@code task} on the next turn of the loop, after the channels ready by then have been
     * served: a connection that yields part of its work this way can't starve the others. Loop
     * thread only.
     */
    public void defer(Runnable task) {
        deferred.add(task);
    }

    /**
     * Counts {@code handler} among this loop's channels though it is not on the selector (a transport
     * with threads of its own): it is told when the loop stops, as registered ones are. Loop thread.
     */
    public void addUnselected(IoHandler handler) {
        unselected.add(handler);
    }

    public void removeUnselected(IoHandler handler) {
        unselected.remove(handler);
    }

    /** Timers scheduled and neither fired nor cancelled; loop thread only (for tests). */
    public int pendingTimers() {
        return timers.size() - cancelledTimers;
    }

    /**
     * Completes once the loop has stopped and released its channels and zlib streams (on the loop's
     * thread, as its last act).
     */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** True once the loop has stopped (shut down, or a fatal error). */
    public boolean isStopped() {
        return stopped;
    }

    /** Something that queues writes during a burst and flushes them at its end (see {@link #markDirty}). */
    public interface Flushable {
        void flushIfDirty();

        /** {@link #flushIfDirty} threw {@code error} (not a fatal one): contain it. */
        void onFlushFailed(Throwable error);
    }

    /** Asks the loop to flush {@code flushable}'s queued writes at the end of the current burst. */
    public void markDirty(Flushable flushable) {
        dirty.add(flushable);
    }

    /** Stops the loop: registered channels are released. Safe from any thread; idempotent. */
    public void shutdown() {
        shuttingDown = true;
        selector.wakeup();
    }


    /**
     * The JDK prepares socket closing (a spare descriptor of {@code FileDispatcherImpl}) on the first
     * close of a socket; if that happens with no descriptor free, the class fails to initialize and no
     * socket in the process can be closed again. Measured with {@code ulimit -n}: the first close after
     * an {@code EMFILE} killed both loops. So the first close happens here, while descriptors are free.
     */
    private static void warmUpChannelClose() {
        try {
            java.nio.channels.SocketChannel.open().close();
        } catch (IOException | RuntimeException ignored) {
            // nothing to warm up: the loops handle what fails later
        }
    }

    private void run() {
        Throwable fatal = null;
        try {
            while (!shuttingDown) {
                try {
                    turn();
                } catch (Throwable e) {
                    // Not from a channel's handler (those are contained in handleReady): the selector
                    // itself failed. Keep serving unless the JVM is broken.
                    Failures.rethrowIfFatal(e);
                    Failures.log(LOG, Level.ERROR, "Event loop " + thread.getName() + " error; going on", e);
                    pauseAfterError();
                }
            }
        } catch (Throwable t) {
            fatal = t;
            Failures.log(LOG, Level.ERROR, "Event loop " + thread.getName() + " stopped by a fatal error", t);
        } finally {
            stopped = true;
            closeAll(fatal);
            try {
                zlib.close(); // after the connections: they hand their streams back as they close
            } catch (Throwable e) {
                Failures.log(LOG, Level.DEBUG, "Error releasing zlib streams", e);
            }
            if (fatal != null) {
                try {
                    onFatalError.accept(fatal);
                } catch (Throwable e) {
                    Failures.log(LOG, Level.ERROR, "Fatal-error handler failed", e);
                }
            }
            terminated.complete(null);
        }
    }

    /** One turn: wait for ready channels (or the next timer, or tasks), serve them, run what is due. */
    private void turn() throws IOException {
        long timeoutMillis = millisUntilNextTimer();
        // select(Consumer) hands each ready key over directly: no selected-key set to fill,
        // iterate and clear on every wake-up.
        if (!tasks.isEmpty() || !deferred.isEmpty()) {
            selector.selectNow(readyHandler);
        } else if (timeoutMillis < 0) {
            selector.select(readyHandler);
        } else {
            selector.select(readyHandler, Math.max(1, timeoutMillis));
        }
        wakeupPending.set(false);
        runTasks();
        runDeferred();
        runTimers();
        flushDirty();
    }

    private static void pauseAfterError() {
        try {
            Thread.sleep(ERROR_PAUSE_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void handleReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.onReady(key);
        } catch (Throwable e) {
            // A bug, or an error thrown by a user callback, stays with its channel: the loop and the
            // other channels on it carry on. Fatal errors stop the loop (see run()).
            Failures.rethrowIfFatal(e);
            try {
                handler.onUnexpectedError(key, e);
            } catch (Throwable again) {
                Failures.rethrowIfFatal(again);
                Failures.log(LOG, Level.ERROR, "Error while containing an I/O handler's error", again);
                key.cancel();
                try {
                    key.channel().close();
                } catch (IOException | RuntimeException ignored) {
                    // nothing more can be done for this channel
                }
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

    private void runDeferred() {
        // Only what was deferred before this turn: work deferred again waits for the next one.
        for (int n = deferred.size(); n > 0; n--) {
            safely(deferred.poll());
        }
    }

    private void runTimers() {
        long now = clock.nanoTime();
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
        long nanos = timer.deadline - clock.nanoTime();
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos) + 1;
    }

    private void flushDirty() {
        ArrayList<Flushable> list = dirty;
        for (int i = 0; i < list.size(); i++) {
            Flushable flushable = list.get(i);
            try {
                flushable.flushIfDirty();
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                flushable.onFlushFailed(e);
            }
        }
        list.clear();
    }

    private void safely(Runnable task) {
        try {
            task.run();
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.ERROR, "Task failed on event loop " + thread.getName(), e);
        }
    }

    private void closeAll(Throwable cause) {
        for (SelectionKey key : selector.keys()) {
            Object attachment = key.attachment();
            try {
                if (attachment instanceof IoHandler) {
                    ((IoHandler) attachment).onLoopShutdown(cause);
                } else {
                    key.channel().close();
                }
            } catch (Throwable e) {
                Failures.log(LOG, Level.DEBUG, "Error while releasing a channel at shutdown", e);
            }
        }
        for (IoHandler handler : List.copyOf(unselected)) {
            try {
                handler.onLoopShutdown(cause);
            } catch (Throwable e) {
                Failures.log(LOG, Level.DEBUG, "Error while releasing a transport at shutdown", e);
            }
        }
        unselected.clear();
        deferred.clear();
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (Throwable e) {
                Failures.log(LOG, Level.DEBUG, "Task failed while the loop stopped", e);
            }
        }
        try {
            selector.close();
        } catch (Throwable e) {
            Failures.log(LOG, Level.DEBUG, "Error closing selector", e);
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
