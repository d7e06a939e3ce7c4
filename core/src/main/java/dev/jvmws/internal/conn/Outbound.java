package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.Transport;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * What one connection writes: its data frames in order, and pings and pongs in a lane of their own
 * that passes queued data at the next frame boundary (a pong never waits behind megabytes, and no
 * frame is ever split). Flushes at the end of the loop's burst, keeps {@code bufferedAmount} in step
 * with what the transport took, and hands over to the connection's closing step once everything
 * queued before a close is out.
 *
 * <p>Loop thread only, except {@link #reserve}, {@link #add} and {@link #bufferedAmount}.
 */
final class Outbound {
    private static final VarHandle BUFFERED_AMOUNT;

    static {
        try {
            BUFFERED_AMOUNT = MethodHandles.lookup().findVarHandle(Outbound.class, "bufferedAmount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connection connection;
    /** Made by the first frame queued: an idle connection holds no queue (the 101 is written directly). */
    private OutboundQueue data;
    /** Made on the first ping or pong: most connections never send one. */
    private OutboundQueue control;
    private boolean dirty;
    private boolean closeWhenFlushed;
    /** Bytes of a queued HTTP head (the 101) not yet written: not frames, so not in bufferedAmount. */
    private long unsentHttpBytes;
    /**
     * Frame bytes accepted and not yet written (ws's {@code bufferedAmount}): counted by senders on any
     * thread when they send, uncounted on the loop as the transport takes them.
     */
    private volatile long bufferedAmount;
    /** Written on the loop only; volatile so other threads read a whole, recent value. */
    private volatile long bytesSent;
    /** bufferedAmount went above the high-water mark and has not yet come down to the low one. */
    private boolean behind;
    /** Made by the first fragmented send: most connections never send one. */
    private MessageOrder order;

    Outbound(Connection connection) {
        this.connection = connection;
    }

    // The loop and transport are the connection's: one reference here rather than three per connection.
    private EventLoop loop() {
        return connection.eventLoop();
    }

    private Transport transport() {
        return connection.transport();
    }

    OutboundQueue data() {
        if (data == null) {
            data = new OutboundQueue(loop().chunkPool);
            data.onWritten(this::dataWritten);
        }
        return data;
    }

    OutboundQueue control() {
        if (control == null) {
            control = new OutboundQueue(loop().chunkPool);
            control.onWritten(this::controlWritten);
        }
        return control;
    }

    private boolean dataWaiting() {
        return data != null && !data.isEmpty();
    }

    private boolean controlWaiting() {
        return control != null && !control.isEmpty();
    }

    /**
     * Whether a data frame of {@code sender} may go now: not while another sender's fragmented message
     * is unfinished ({@link MessageOrder}); then {@code send} runs once it may.
     */
    boolean admit(Object sender, Runnable send) {
        return order == null || order.admit(sender, send);
    }

    /**
     * Frames a data frame through {@code codec} into the data queue, counts what compression changed,
     * and notes whether it ended {@code sender}'s message.
     *
     * @throws RuntimeException if compressing failed
     */
    void sendData(WireCodec codec, int opcode, ByteBuffer payload, boolean fin, boolean compress, Boolean mask,
            Object sender, CompletableFuture<Void> done, long highWaterMark) {
        int counted = codec.frameBytes(payload.remaining(), mask);
        long queued = codec.encodeData(opcode, payload, fin, compress, mask, data());
        add(queued - counted); // compression changed the frame's size
        queueData(done, highWaterMark);
        if (!fin && order == null) {
            order = new MessageOrder();
        }
        if (order != null) {
            order.sent(sender, fin);
        }
    }

    /**
     * Queues a frame encoded elsewhere, once for many connections (a broadcast): {@code frame} is
     * shared, never written to, and its bytes were counted by {@link #reserve}.
     */
    void sendEncoded(ByteBuffer frame, CompletableFuture<Void> done, long highWaterMark) {
        data().addBuffer(frame);
        queueData(done, highWaterMark);
    }

    /** The connection closed: sends waiting behind an unfinished message run now, and fail. */
    void abandonWaiting() {
        if (order != null) {
            order.abandon();
        }
    }

    /** A data (or close) frame was encoded into {@link #data()}; {@code done} (may be null) completes once written. */
    void queueData(CompletableFuture<Void> done, long highWaterMark) {
        long queued = bufferedAmount;
        if (queued > highWaterMark && !behind) {
            behind = true;
            ConnectionEvents.behind(connection, queued);
        }
        connection.config().counters().queued(queued);
        OutboundQueue queue = data();
        queue.markFrameEnd();
        if (done != null) {
            queue.completeWhenWritten(done);
        }
        markDirty();
    }

    /** A ping or pong of {@code bytes} was encoded into {@link #control()}. */
    void queueControl(long bytes, CompletableFuture<Void> done) {
        control.markFrameEnd();
        control.completeWhenWritten(done);
        markDirty();
    }

    /**
     * Writes the 101 at once rather than through the queue: the kernel takes it whole almost always,
     * and then the queue has never held anything and keeps no ring arrays (idle connections stay
     * small). Whatever the kernel leaves, or a failed write, goes to the queue as usual; its flush then
     * meets the same error and fails the connection the usual way.
     */
    void writeHttpHead(byte[] response) {
        ByteBuffer head = ByteBuffer.wrap(response);
        try {
            transport().write(head);
        } catch (IOException e) {
            // left to the queue's flush, see above
        }
        if (head.hasRemaining()) {
            unsentHttpBytes += head.remaining();
            data().addBuffer(head);
            data.markFrameEnd();
            markDirty();
        }
    }

    /** The data queue wrote {@code bytes}; an HTTP head is always at its front, so its bytes go first. */
    private void dataWritten(long bytes) {
        long http = Math.min(bytes, unsentHttpBytes);
        unsentHttpBytes -= http;
        add(http - bytes);
        bytesSent += bytes - http;
        connection.config().counters().bytesWritten(bytes - http);
    }

    private void controlWritten(long bytes) {
        add(-bytes);
        bytesSent += bytes;
        connection.config().counters().bytesWritten(bytes);
    }

    /** Frame bytes written to the transport so far (ws 0.4's {@code bytesSent} side). */
    long bytesSent() {
        return bytesSent;
    }

    long bufferedAmount() {
        return bufferedAmount;
    }

    /**
     * Counts {@code bytes} into bufferedAmount unless that would pass {@code limit} (0: none). An empty
     * queue takes one message of any size: a cap below a message's size must not make it unsendable.
     * Any thread.
     */
    boolean reserve(long bytes, long limit) {
        while (true) {
            long current = bufferedAmount;
            if (limit > 0 && current > 0 && current + bytes > limit) {
                return false;
            }
            if (BUFFERED_AMOUNT.compareAndSet(this, current, current + bytes)) {
                return true;
            }
        }
    }

    /** Counts {@code bytes} (negative: uncounts) into bufferedAmount. Any thread. */
    void add(long bytes) {
        // Cast to the handle's own return type, so the call links exactly, without an adapter.
        long unused = (long) BUFFERED_AMOUNT.getAndAdd(this, bytes);
    }

    /** Once everything queued is written, the connection closes or half-closes (see {@link Connection#flushedForClose}). */
    void closeWhenFlushed() {
        closeWhenFlushed = true;
        markDirty();
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            loop().markDirty(connection);
        }
    }

    void flushIfDirty() {
        if (dirty) {
            dirty = false;
            flush();
        }
    }

    void flush() {
        if (!transport().isOpen() || !transport().isConnected()) {
            return;
        }
        try {
            while (true) {
                if (controlWaiting() && unsentHttpBytes == 0 && (data == null || data.atFrameBoundary())) {
                    control.writeTo(transport(), loop().gather, false);
                    if (!control.isEmpty()) {
                        break; // the transport is full
                    }
                }
                if (!dataWaiting()) {
                    break;
                }
                // With pings or pongs waiting, stop at the end of the frame being written to let them pass.
                data.writeTo(transport(), loop().gather, controlWaiting());
                if (!controlWaiting() || !data.atFrameBoundary()) {
                    break; // all written, or the transport is full inside a frame
                }
            }
        } catch (IOException e) {
            connection.ioFailed(e);
            return;
        }
        if (behind && bufferedAmount <= connection.config().lowWaterMark()) {
            behind = false;
            connection.drained();
        }
        if (dataWaiting() || controlWaiting()) {
            transport().writeInterest(true);
            return;
        }
        transport().writeInterest(false);
        if (closeWhenFlushed) {
            closeWhenFlushed = false;
            connection.flushedForClose();
        }
    }

    /**
     * The connection is closing its transport: a last write for what is queued (a close frame),
     * unless the output is already shut, then every pending send fails.
     */
    void close(boolean outputShut) {
        // Not while a TCP connect is pending: write() would throw NotYetConnectedException.
        if (dataWaiting() && !outputShut && transport().isOpen() && transport().isConnected()) {
            try {
                data.writeTo(transport(), loop().gather, false);
            } catch (IOException ignored) {
                // the peer is gone; nothing left to tell it
            }
        }
        if (data != null) {
            data.fail(() -> new IOException("The WebSocket was closed before the data could be sent"));
        }
        if (control != null) {
            control.fail(() -> new IOException("The WebSocket was closed before the data could be sent"));
        }
    }
}
