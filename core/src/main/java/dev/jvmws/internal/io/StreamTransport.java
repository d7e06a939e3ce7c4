package dev.jvmws.internal.io;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Transport} over a blocking {@link ByteChannel} that no selector can watch: a servlet
 * container's upgraded streams, a pipe, a channel a user built. One thread of its own reads into a
 * buffer the loop then takes; another writes what the loop queued; the loop sees the same
 * non-blocking transport as over a socket. The threads are virtual on JDK 21 and later.
 *
 * <p>Bounded on both sides: the reader reads one chunk ahead and waits until the loop has taken it
 * (so pausing the connection stops reading the channel); {@link #write} takes at most
 * {@value #OUTPUT_BYTES} bytes not yet written and reports the rest as not taken, as a full socket
 * does, until the writer has room again.
 *
 * <p>A {@code ByteChannel} has no half-close: {@link #shutdownOutput} only stops writing; the output
 * ends when the channel is closed. {@link #close} lets the writer finish what it has (for at most
 * {@value #CLOSE_FLUSH_MILLIS} ms) before it closes the channel, which also ends a blocked read.
 *
 * <p>Loop thread, as every transport, except the two threads' own work, which hands over to the loop.
 */
public final class StreamTransport implements Transport, EventLoop.IoHandler {
    private static final System.Logger LOG = System.getLogger(StreamTransport.class.getName());
    static final int INPUT_BYTES = 16 * 1024;
    static final int OUTPUT_BYTES = 64 * 1024;
    static final long CLOSE_FLUSH_MILLIS = 10_000;
    private static final ThreadFactory THREADS = Threads.virtualOrDaemon("jvmws-stream-");

    private final EventLoop loop;
    private final ByteChannel channel;
    private TransportHandler handler;
    private boolean readInterest;
    private boolean writeInterest;
    /** A readiness event is queued on the loop: one is enough. */
    private boolean readableQueued;
    private boolean closing;

    // Shared with the threads, under the lock (a ReentrantLock: a virtual thread waiting in a
    // synchronized block would pin its carrier on JDK 21).
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the loop took all the input, or output was queued, or the transport closed. */
    private final Condition changed = lock.newCondition();
    /** Read and not yet taken by the loop; null when the reader may read again. */
    private ByteBuffer input;
    /** The end of the channel's input (or the error that ended it), once the reader saw it. */
    private boolean inputEnded;
    private IOException inputError;
    /** Bytes the loop wrote and the writer has not yet written (write mode). */
    private ByteBuffer output = ByteBuffer.allocate(OUTPUT_BYTES);
    private IOException outputError;
    private boolean outputShut;
    private boolean closed;

    private StreamTransport(EventLoop loop, ByteChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /**
     * Takes {@code channel} (blocking, already past its HTTP upgrade) onto {@code loop} and starts its
     * reader and writer threads; set the {@linkplain #handler handler} before asking for events. Loop
     * thread.
     */
    public static StreamTransport adopt(EventLoop loop, ByteChannel channel) {
        StreamTransport transport = new StreamTransport(loop, channel);
        loop.addUnselected(transport);
        THREADS.newThread(transport::readUntilEnd).start();
        THREADS.newThread(transport::writeUntilClosed).start();
        return transport;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void handler(TransportHandler next) {
        this.handler = next;
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(ByteBuffer into) throws IOException {
        lock.lock();
        try {
            if (input != null) {
                int count = InputBytes.move(input, into);
                if (!input.hasRemaining()) {
                    input = null;
                    changed.signalAll(); // the reader may read the next chunk
                }
                return count;
            }
            if (inputError != null) {
                throw inputError;
            }
            if (closed) {
                throw new ClosedChannelException();
            }
            return inputEnded ? -1 : 0;
        } finally {
            lock.unlock();
        }
    }

    /** The reader thread: one chunk at a time, each handed to the loop before the next is read. */
    private void readUntilEnd() {
        ByteBuffer chunk = ByteBuffer.allocate(INPUT_BYTES);
        try {
            while (true) {
                lock.lock();
                try {
                    while (input != null && !closed) {
                        changed.await();
                    }
                    if (closed) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                chunk.clear();
                int count = channel.read(chunk);
                lock.lock();
                try {
                    if (count < 0) {
                        inputEnded = true;
                    } else if (count > 0) {
                        input = chunk.flip();
                    }
                } finally {
                    lock.unlock();
                }
                loop.execute(this::readable);
                if (count < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                if (!closed) {
                    inputError = e;
                }
            } finally {
                lock.unlock();
            }
            loop.execute(this::readable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the loop: input (or its end) is there; tell the handler while it wants to read. */
    private void readable() {
        readableQueued = false;
        if (!readInterest || closing || !inputWaiting()) {
            return;
        }
        try {
            handler.onReadable();
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            handler.onUnexpectedError(e);
        }
        if (readInterest && !closing && inputWaiting()) {
            queueReadable(); // level-triggered, as a selector: what the handler left is offered again
        }
    }

    private boolean inputWaiting() {
        lock.lock();
        try {
            return input != null || inputEnded || inputError != null;
        } finally {
            lock.unlock();
        }
    }

    private void queueReadable() {
        if (!readableQueued) {
            readableQueued = true;
            loop.defer(this::readable);
        }
    }

    @Override
    public void readInterest(boolean on) {
        readInterest = on;
        if (on && inputWaiting()) {
            queueReadable();
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        lock.lock();
        try {
            if (outputError != null) {
                throw outputError;
            }
            if (closed || outputShut) {
                throw new ClosedChannelException();
            }
            long taken = 0;
            for (int i = offset; i < offset + length && output.hasRemaining(); i++) {
                taken += InputBytes.move(sources[i], output);
            }
            if (taken > 0) {
                changed.signalAll();
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: writes what the loop queued, blocking on the channel, until closed. */
    private void writeUntilClosed() {
        ByteBuffer writing = ByteBuffer.allocate(OUTPUT_BYTES);
        try {
            while (true) {
                lock.lock();
                try {
                    while (output.position() == 0 && !closed) {
                        changed.await();
                    }
                    if (output.position() == 0) {
                        break; // closed, and everything written
                    }
                    ByteBuffer full = output; // swap: the loop fills the other buffer meanwhile
                    output = writing.clear();
                    writing = full.flip();
                } finally {
                    lock.unlock();
                }
                while (writing.hasRemaining()) {
                    channel.write(writing);
                }
                loop.execute(this::writable);
            }
        } catch (IOException e) {
            lock.lock();
            try {
                outputError = e;
            } finally {
                lock.unlock();
            }
            loop.execute(this::writable); // the handler's next write sees the error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeChannel();
    }

    /** On the loop: the writer has room again. */
    private void writable() {
        if (writeInterest && !closing) {
            try {
                handler.onWritable();
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                handler.onUnexpectedError(e);
            }
        }
    }

    @Override
    public void writeInterest(boolean on) {
        writeInterest = on;
    }

    @Override
    public void shutdownOutput() throws IOException {
        lock.lock();
        try {
            if (outputError != null) {
                throw outputError;
            }
            outputShut = true;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        loop.removeUnselected(this);
        lock.lock();
        try {
            closed = true;
            input = null;
            changed.signalAll(); // the writer finishes what it has, then closes the channel
        } finally {
            lock.unlock();
        }
        loop.schedule(this::closeChannel, CLOSE_FLUSH_MILLIS * 1_000_000);
    }

    /** Closes the channel (ending a blocked read or write); from the writer when done, or the close timer. */
    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            Failures.log(LOG, Level.DEBUG, "Error closing a stream channel", e);
        }
    }

    @Override
    public boolean isOpen() {
        return !closing;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return null;
    }

    // ---------------------------------------------------------------- the loop's end

    @Override
    public void onReady(SelectionKey key) {
        // never registered with a selector
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        handler.onLoopShutdown(cause);
        close();
        closeChannel(); // no loop left to run the close timer
    }
}
