package dev.jvmws.bench.load;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * Handshake churn (H1): {@code concurrency} connectors, each in a loop of connect, upgrade, send a
 * close frame, wait for the server's close frame, close the socket. Every new connection binds the
 * next of several loopback source addresses ({@link SourceAddresses#spread}), so tens of thousands
 * of sockets in TIME_WAIT never exhaust the ephemeral ports. The latency recorded is one whole cycle.
 */
public final class HandshakeChurn implements ConnectionBehavior, LoadConnection.OpenListener {
    /** Source addresses to rotate over: 16 × ~28k ports outlast a minute of TIME_WAIT at 7k/s. */
    public static final int SOURCE_ADDRESSES = 16;
    /** Consecutive failures after which the churn gives up (the server is not accepting). */
    private static final int MAX_FAILURES_IN_A_ROW = 1000;

    private final LoadGenerator generator;
    private final Target target;
    private final int concurrency;
    private final ByteBuffer closeFrame = ClientFrames.close(ClientFrames.CLOSE_NORMAL);
    private final SourceAddresses sources = SourceAddresses.spread(SOURCE_ADDRESSES);
    private final Recorder recorder = WindowMeter.newRecorder();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final WindowMeter meter;
    private volatile boolean running;

    public HandshakeChurn(LoadGenerator generator, Target target, int concurrency) {
        this.generator = generator;
        this.target = target;
        this.concurrency = concurrency;
        this.meter = new WindowMeter(generator, cycles::get, recorder, null);
    }

    /** Starts the connectors. */
    public void start() {
        running = true;
        for (int i = 0; i < concurrency; i++) {
            LoadLoop loop = generator.loop(i);
            loop.execute(() -> connect(loop));
        }
    }

    /** Stops starting new cycles (the ones under way finish or are closed with the generator). */
    public void stop() {
        running = false;
    }

    /** Total completed cycles so far (a count, for tests; windows measure rates). */
    public long cycles() {
        return cycles.get();
    }

    /** Total failed cycles so far (refused, reset, bad handshake). */
    public long failures() {
        return failures.get();
    }

    /**
     * One window of {@code windowMillis}.
     *
     * @throws LoadException if the connectors gave up or no cycle completed
     */
    public WindowResult measure(long windowMillis) throws LoadException, InterruptedException {
        WindowResult result = meter.measure(windowMillis);
        if (failuresInARow.get() >= MAX_FAILURES_IN_A_ROW || (result.count() == 0 && failures.get() > 0)) {
            throw new LoadException("handshakes to " + target + " are failing (" + failures.get()
                    + " failures; first: " + firstFailure.get() + ")");
        }
        if (result.count() == 0) {
            throw new LoadException("no handshake cycle to " + target + " completed in " + windowMillis + " ms ("
                    + cycles.get() + " so far, no failure)");
        }
        return result;
    }

    @Override
    public void onOpened(LoadConnection connection) {
        connection.sendControl(closeFrame.duplicate());
    }

    @Override
    public void onOpenFailed(LoadConnection connection, String reason) {
        failed(connection, reason);
    }

    @Override
    public void onCloseFrame(LoadConnection connection) {
        connection.close();
        recorder.recordValue(System.nanoTime() - connection.startedNanos());
        cycles.incrementAndGet();
        failuresInARow.set(0);
        next(connection.loop());
    }

    @Override
    public void onClosed(LoadConnection connection, String failure) {
        failed(connection, failure == null ? "closed without a close frame" : failure);
    }

    private void failed(LoadConnection connection, String reason) {
        connection.close();
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, reason);
        if (failuresInARow.incrementAndGet() < MAX_FAILURES_IN_A_ROW) {
            // Through the task queue, so that a synchronous failure (bind, connect) cannot recurse.
            connection.loop().execute(() -> next(connection.loop()));
        }
    }

    private void next(LoadLoop loop) {
        if (running) {
            connect(loop);
        }
    }

    private void connect(LoadLoop loop) {
        new LoadConnection(loop, target, null, this).start(sources.next(), this);
    }
}
