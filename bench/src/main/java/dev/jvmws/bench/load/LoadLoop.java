package dev.jvmws.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread of the load generator, driving many connections. Other threads hand it work
 * with {@link #execute}; a {@link Ticker} runs on it at the times it asks for (the broadcast sender's
 * steady rate). All I/O of a connection happens on its loop's thread.
 *
 * <p>Thread-safe: {@link #execute}, {@link #cpuTimeNanos} and {@link #close}; everything else is for
 * the loop's own thread.
 */
public final class LoadLoop implements AutoCloseable {
    /** Big enough to take a large echo in few reads (L1's 1 MiB messages). */
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    private static final long MAX_SELECT_MILLIS = 100;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Work that runs on the loop at a time of its choosing. */
    public interface Ticker {
        /** Runs at or after its due time; returns the next due {@link System#nanoTime()}, or -1 to stop. */
        long tick(long nowNanos);
    }

    private final Selector selector;
    private final Thread thread;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    /** TLS only (made on first use): what the loop's connections decrypt into, and encrypt into. */
    private ByteBuffer tlsPlaintext;
    private ByteBuffer tlsOutput;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Ticker> tickers = new ArrayList<>();
    private final List<Long> tickerDue = new ArrayList<>();
    private volatile boolean running = true;

    LoadLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on this loop's thread, soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Starts {@code ticker} on this loop; its first tick is due at {@code firstDueNanos}. Loop thread only. */
    public void schedule(Ticker ticker, long firstDueNanos) {
        tickers.add(ticker);
        tickerDue.add(firstDueNanos);
    }

    /** CPU time this loop's thread has used so far. */
    public long cpuTimeNanos() {
        long cpu = THREADS.getThreadCpuTime(thread.getId());
        return Math.max(cpu, 0);
    }

    /** Closes every connection of this loop and stops its thread (waits for it). */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Selector selector() {
        return selector;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** The loop's buffer for decrypted bytes, at least {@code minBytes} (a TLS record's plaintext) big. */
    ByteBuffer tlsPlaintextBuffer(int minBytes) {
        if (tlsPlaintext == null || tlsPlaintext.capacity() < minBytes) {
            tlsPlaintext = ByteBuffer.allocate(Math.max(minBytes, READ_BUFFER_BYTES));
        }
        return tlsPlaintext;
    }

    /** The loop's buffer for encrypted bytes on their way to a socket, at least {@code minBytes} big. */
    ByteBuffer tlsOutputBuffer(int minBytes) {
        if (tlsOutput == null || tlsOutput.capacity() < minBytes) {
            tlsOutput = ByteBuffer.allocateDirect(minBytes);
        }
        return tlsOutput;
    }

    private void run() {
        try {
            while (running) {
                selector.select(this::dispatch, selectTimeoutMillis());
                runTasks();
                runTickers();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeAll();
        }
    }

    private void dispatch(SelectionKey key) {
        LoadConnection connection = (LoadConnection) key.attachment();
        if (key.isValid()) {
            connection.handle(key.readyOps());
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A bug in a workload must not stop the loop: its other connections carry on and the
                // workload's own checks (no progress, failures) report the damage.
                e.printStackTrace();
            }
        }
    }

    private long selectTimeoutMillis() {
        if (!tasks.isEmpty()) {
            return 1;
        }
        long timeout = MAX_SELECT_MILLIS;
        long now = System.nanoTime();
        for (long due : tickerDue) {
            timeout = Math.min(timeout, Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - now)));
        }
        return timeout;
    }

    private void runTickers() {
        for (int i = 0; i < tickers.size(); i++) {
            long now = System.nanoTime();
            if (now - tickerDue.get(i) >= 0) {
                long next = tickers.get(i).tick(now);
                if (next < 0) {
                    tickers.remove(i);
                    tickerDue.remove(i);
                    i--;
                } else {
                    tickerDue.set(i, next);
                }
            }
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof LoadConnection) {
                ((LoadConnection) key.attachment()).close();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // The selector holds nothing else worth reporting at shutdown.
        }
    }
}
