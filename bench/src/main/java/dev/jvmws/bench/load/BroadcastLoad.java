package dev.jvmws.bench.load;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

/**
 * Broadcast (B1): many receivers and one sender on the server's broadcast path; the sender sends one
 * message every {@code 1/rate} seconds, the server relays each to every member, and the receivers
 * count deliveries. Delivery latency needs no timestamp in the payload: a receiver's n-th message is
 * the sender's n-th (one server connection delivers in order, and every receiver joined before the
 * first send), so it is measured against the n-th send time. A receiver whose count runs ahead of
 * the sender is counted as out of sequence (then the latencies are not trusted).
 *
 * <p>Use: {@link #open}, {@link #start}, {@link #measure} windows; close the generator to end.
 */
public final class BroadcastLoad implements ConnectionBehavior {
    /** Send times kept for latency; far more than a lagging server could have in flight. */
    private static final int SEND_TIME_SLOTS = 1 << 16;
    /** Time for the server to add the last joined connections to its group before the first send. */
    private static final long JOIN_SETTLE_MILLIS = 300;

    private final LoadGenerator generator;
    private final Target target;
    private final int receivers;
    private final double ratePerSecond;
    private final Message message;
    private final AtomicLongArray sendTimes = new AtomicLongArray(SEND_TIME_SLOTS);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong outOfSequence = new AtomicLong();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Recorder recorder = WindowMeter.newRecorder();
    private final WindowMeter meter;
    private LoadConnection sender;
    private volatile boolean sending;

    /** {@code receivers} members plus one sender on {@code target}, {@code ratePerSecond} messages of {@code payload}. */
    public BroadcastLoad(LoadGenerator generator, Target target, int receivers, double ratePerSecond, byte[] payload) {
        this.generator = generator;
        this.target = target;
        this.receivers = receivers;
        this.ratePerSecond = ratePerSecond;
        this.message = Message.of(target, ClientFrames.OPCODE_TEXT, payload, 1);
        this.meter = new WindowMeter(generator, deliveries::get, recorder, () -> sent.get() * receivers);
    }

    /** Opens the receivers, then the sender, and gives the server a moment to register them all. */
    public void open(long timeoutMillis) throws LoadException, InterruptedException {
        ConnectionOpener.open(generator, target, null, this, receivers, ConnectionOpener.DEFAULT_MAX_IN_FLIGHT,
                timeoutMillis);
        List<LoadConnection> senders = ConnectionOpener.open(generator, target, message, new ConnectionBehavior() {
        }, 1, 1, timeoutMillis).connections();
        sender = senders.get(0);
        Thread.sleep(JOIN_SETTLE_MILLIS);
    }

    /** Starts the sender's steady rate on its loop. */
    public void start() {
        long periodNanos = (long) (TimeUnit.SECONDS.toNanos(1) / ratePerSecond);
        sending = true;
        sender.loop().execute(() -> sender.loop().schedule(now -> {
            if (!sending || !sender.isOpen()) {
                return -1;
            }
            long sequence = sent.get();
            sendTimes.set((int) (sequence & (SEND_TIME_SLOTS - 1)), System.nanoTime());
            sent.set(sequence + 1);
            sender.sendMessages(1);
            return now + periodNanos;
        }, System.nanoTime()));
    }

    /** Stops sending. */
    public void stop() {
        sending = false;
    }

    /**
     * One window of {@code windowMillis}; its {@link WindowResult#expected()} is the deliveries a
     * server that keeps up would have made (messages sent in the window × receivers).
     *
     * @throws LoadException if a connection failed, deliveries ran out of sequence, or none arrived
     */
    public WindowResult measure(long windowMillis) throws LoadException, InterruptedException {
        WindowResult result = meter.measure(windowMillis);
        if (failures.get() > 0) {
            throw new LoadException(failures.get() + " broadcast connection(s) failed; first: " + firstFailure.get());
        }
        if (outOfSequence.get() > 0) {
            throw new LoadException(outOfSequence.get() + " deliveries arrived for messages never sent "
                    + "(does the server relay only to the group, once?)");
        }
        if (result.count() == 0) {
            throw new LoadException("no broadcast delivery from " + target + " in " + windowMillis
                    + " ms (does the server implement " + target.path() + "?)");
        }
        return result;
    }

    /** Messages the sender has sent so far. */
    public long sent() {
        return sent.get();
    }

    /** Deliveries counted by all receivers so far (a count, for tests; windows measure rates). */
    public long deliveries() {
        return deliveries.get();
    }

    /** Deliveries of messages never sent (see {@link #measure}); 0 for a server that relays correctly. */
    public long outOfSequence() {
        return outOfSequence.get();
    }

    /** Connections that failed since they opened. */
    public int failures() {
        return failures.get();
    }

    @Override
    public void onReplies(LoadConnection connection, int count, long nowNanos) {
        long published = sent.get();
        long first = connection.messagesReceived() - count;
        for (int i = 0; i < count; i++) {
            long sequence = first + i;
            if (sequence >= published) {
                outOfSequence.incrementAndGet();
                continue;
            }
            recorder.recordValue(Math.max(0, nowNanos - sendTimes.get((int) (sequence & (SEND_TIME_SLOTS - 1)))));
        }
        deliveries.addAndGet(count);
    }

    @Override
    public void onClosed(LoadConnection connection, String failure) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, failure == null ? "server closed the connection" : failure);
    }
}
