package dev.jvmws.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ZM's connections: many connections that negotiated permessage-deflate, taken through three states
 * in which the server's memory is read. {@link #open}: upgraded and never used (idle, compressed).
 * {@link #exchangeOnce}: every connection sends one pre-compressed message and waits for its
 * (compressed) echo, then goes quiet again (idle after traffic: where a server that keeps a zlib
 * stream per connection holds it). {@link #startEcho}: every connection echoes in a closed loop, one
 * message in flight (active). {@link LoadGenerator#close()} ends it.
 *
 * <p>Callbacks run on the load threads; the phase methods are for one controlling thread.
 */
public final class CompressedMemoryLoad implements ConnectionBehavior {
    private final LoadGenerator generator;
    private final Target target;
    private final Message message;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile boolean echoing;
    private volatile CountDownLatch exchanged = new CountDownLatch(0);
    private List<LoadConnection> open = List.of();

    /**
     * Connections to {@code target} (which must offer permessage-deflate) sending {@code payloads}
     * compressed, in turn.
     */
    public CompressedMemoryLoad(LoadGenerator generator, Target target, int opcode, List<byte[]> payloads) {
        this.generator = generator;
        this.target = target;
        this.message = Message.compressed(target, opcode, payloads, 1);
    }

    /**
     * Opens and upgrades {@code count} connections (at most {@link ConnectionOpener#DEFAULT_MAX_IN_FLIGHT}
     * handshakes at once) and returns the time it took in nanoseconds. Each must negotiate
     * permessage-deflate.
     */
    public long open(int count, long timeoutMillis) throws LoadException, InterruptedException {
        ConnectionOpener opener = ConnectionOpener.open(generator, target, message, this, count,
                ConnectionOpener.DEFAULT_MAX_IN_FLIGHT, timeoutMillis);
        open = opener.connections();
        return opener.elapsedNanos();
    }

    /**
     * Every open connection sends one message; returns once each has its echo.
     *
     * @throws LoadException if a connection failed or the echoes did not all arrive in time
     */
    public void exchangeOnce(long timeoutMillis) throws LoadException, InterruptedException {
        CountDownLatch latch = new CountDownLatch(open.size());
        exchanged = latch;
        for (LoadConnection connection : open) {
            connection.loop().execute(() -> connection.sendMessages(1));
        }
        boolean done = latch.await(timeoutMillis, TimeUnit.MILLISECONDS);
        checkFailures();
        if (!done) {
            throw new LoadException("only " + (open.size() - latch.getCount()) + " of " + open.size()
                    + " connections to " + target + " got their echo within " + timeoutMillis + " ms");
        }
    }

    /** Every connection starts echoing: one message in flight, the next sent when its echo arrives. */
    public void startEcho() {
        echoing = true;
        for (LoadConnection connection : open) {
            connection.loop().execute(() -> connection.sendMessages(1));
        }
    }

    /** Stops echoing: messages in flight still come back, no more are sent. */
    public void stopEcho() {
        echoing = false;
    }

    /** Echoes received so far (the exchange included). */
    public long replies() {
        return replies.get();
    }

    /** What the server answered in {@code Sec-WebSocket-Extensions} to the first connection (null: nothing). */
    public String negotiatedExtensions() {
        return open.isEmpty() ? null : open.get(0).extensions();
    }

    /** Replies so far and how many of them arrived compressed (counted on the load threads). */
    public CompressedReplies.Count compressedReplies() throws InterruptedException {
        return CompressedReplies.count(open);
    }

    /**
     * Fails if the server closed any connection since it opened.
     *
     * @throws LoadException naming how many and the first reason
     */
    public void checkFailures() throws LoadException {
        if (dropped.get() > 0) {
            throw new LoadException("the server closed " + dropped.get() + " of " + open.size()
                    + " compressed connections; first: " + firstFailure.get());
        }
    }

    @Override
    public void onReplies(LoadConnection connection, int count, long nowNanos) {
        replies.addAndGet(count);
        if (echoing) {
            connection.sendMessages(count);
            return;
        }
        for (int i = 0; i < count; i++) {
            exchanged.countDown();
        }
    }

    @Override
    public void onClosed(LoadConnection connection, String failure) {
        dropped.incrementAndGet();
        firstFailure.compareAndSet(null, failure == null ? "server closed the connection" : failure);
    }
}
