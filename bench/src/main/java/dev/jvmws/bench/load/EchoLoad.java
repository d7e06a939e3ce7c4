package dev.jvmws.bench.load;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * Echo load (E1, E2, P1, L1, Z1): every connection keeps {@code depth} messages in flight (1 = closed
 * loop) and sends one more for each echo. The latency of each message runs from the write that sent
 * it to the read that completed its echo; in a pipeline echoes return in order, so each reply takes
 * the oldest send time of its connection ({@link SendTimes}).
 *
 * <p>Use: {@link #open}, {@link #start}, then {@link #measure} windows (warm-up is just a window whose
 * result is dropped); {@link LoadGenerator#close()} ends it. Callbacks run on the load threads.
 */
public final class EchoLoad implements ConnectionBehavior {
    private final LoadGenerator generator;
    private final Target target;
    private final Message message;
    private final int connections;
    private final int depth;
    private final Recorder recorder = WindowMeter.newRecorder();
    private final AtomicLong echoes = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final WindowMeter meter;
    private List<LoadConnection> open;

    /**
     * {@code connections} connections to {@code target}, each with {@code depth} messages of
     * {@code payload} in flight, as {@code opcode} frames (ignored for a raw target).
     */
    public EchoLoad(LoadGenerator generator, Target target, int connections, int depth, int opcode, byte[] payload) {
        this(generator, target, connections, depth, Message.of(target, opcode, payload, depth));
    }

    /**
     * {@code connections} connections to {@code target}, each with {@code depth} copies of
     * {@code message} in flight ({@code message.maxBatch()} must be at least {@code depth}); for
     * pre-compressed frames ({@link Message#compressed}).
     */
    public EchoLoad(LoadGenerator generator, Target target, int connections, int depth, Message message) {
        if (message.maxBatch() < depth) {
            throw new IllegalArgumentException("the message batch (" + message.maxBatch() + ") is below the depth "
                    + depth);
        }
        this.generator = generator;
        this.target = target;
        this.connections = connections;
        this.depth = depth;
        this.message = message;
        this.meter = new WindowMeter(generator, echoes::get, recorder, null);
    }

    /** Opens and upgrades every connection (no message is sent yet). */
    public void open(long timeoutMillis) throws LoadException, InterruptedException {
        ConnectionOpener opener = ConnectionOpener.open(generator, target, message, this, connections,
                ConnectionOpener.DEFAULT_MAX_IN_FLIGHT, timeoutMillis);
        open = opener.connections();
    }

    /** Fills every connection's pipeline; from then on each echo triggers the next message. */
    public void start() {
        for (LoadConnection connection : open) {
            connection.loop().execute(() -> {
                SendTimes times = new SendTimes(depth);
                connection.attach(times);
                times.add(System.nanoTime(), depth);
                connection.sendMessages(depth);
            });
        }
    }

    /**
     * One window of {@code windowMillis}.
     *
     * @throws LoadException if a connection failed or no echo at all came back
     */
    public WindowResult measure(long windowMillis) throws LoadException, InterruptedException {
        WindowResult result = meter.measure(windowMillis);
        if (failures.get() > 0) {
            throw new LoadException(failures.get() + " connection(s) to " + target + " failed; first: " + firstFailure.get());
        }
        if (result.count() == 0) {
            throw new LoadException("no echo from " + target + " in " + windowMillis + " ms");
        }
        return result;
    }

    /** Echoes received so far, on all connections (a count, for tests; windows measure rates). */
    public long echoes() {
        return echoes.get();
    }

    /** Connections that failed (closed by the server or broken) since they opened. */
    public int failures() {
        return failures.get();
    }

    /** What the server answered in {@code Sec-WebSocket-Extensions} to the first connection (null: nothing). */
    public String negotiatedExtensions() {
        return open == null || open.isEmpty() ? null : open.get(0).extensions();
    }

    /** Replies so far and how many of them arrived compressed (counted on the load threads). */
    public CompressedReplies.Count compressedReplies() throws InterruptedException {
        return CompressedReplies.count(open);
    }

    @Override
    public void onReplies(LoadConnection connection, int count, long nowNanos) {
        SendTimes times = (SendTimes) connection.attachment();
        for (int i = 0; i < count; i++) {
            recorder.recordValue(nowNanos - times.poll());
        }
        echoes.addAndGet(count);
        times.add(System.nanoTime(), count);
        connection.sendMessages(count);
    }

    @Override
    public void onClosed(LoadConnection connection, String failure) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, failure == null ? "server closed the connection" : failure);
    }
}
