package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.InputBytes;
import dev.jvmws.internal.io.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * What one connection reads and when: bytes from the transport into the codec, stopping while the
 * user has paused the connection or the server's message memory is spent, handing work that yielded
 * over to the loop's next turn, and after the closing handshake or a failure only draining to the
 * peer's end of stream.
 *
 * <p>Loop thread only, except {@link #isPaused}.
 */
final class Inbound {
    private final Connection connection;
    /** The server's budget for unfinished messages; null for clients. */
    private final MessageMemoryBudget budget;
    /** This connection's place under the budget, made when it first holds or waits for message memory. */
    private MessageMemoryGate memory;
    /** Not reading on the user's request; read from any thread. */
    private volatile boolean paused;
    /** Written on the loop only; volatile so other threads read a whole, recent value. */
    private volatile long bytesReceived;
    /** Not reading because the listener's executor is behind (see {@link Delivery}). */
    private boolean held;
    /** Bytes read but not yet decoded: early frames behind the HTTP head, or input left while paused. */
    private ByteBuffer pending;
    /** Input left by a slice of work that yielded waits for {@link #continueInput} on the next turn. */
    private boolean continuing;
    /** After the closing handshake or a failure: input is read only to see the peer's end of stream. */
    private boolean draining;

    Inbound(Connection connection, MessageMemoryBudget budget) {
        this.connection = connection;
        this.budget = budget;
    }

    // The transport and codec are the connection's: one reference here rather than three per connection.
    /** Bytes read from the transport since the upgrade (frames, after TLS decryption). */
    long bytesReceived() {
        return bytesReceived;
    }

    private Transport transport() {
        return connection.transport();
    }

    private WireCodec codec() {
        return connection.codec();
    }

    /** Starts reading, after decoding {@code early} (bytes that followed the HTTP head; may be null). */
    void start(ByteBuffer early) {
        if (early != null && early.hasRemaining() && !draining) {
            bytesReceived = early.remaining();
            connection.config().counters().bytesRead(bytesReceived);
            if (stopped()) {
                pending = early;
            } else {
                decode(early);
            }
        }
        if (!connection.isChannelClosed()) {
            // Early frames may have ended the connection already (a close frame right behind the
            // 101): keep reading anyway, to see the peer's end of stream.
            transport().readInterest(draining || (!stopped() && !continuing));
        }
    }

    boolean isPaused() {
        return paused;
    }

    /** Whether reading stops: paused by the user, or held for a listener that is behind. */
    private boolean stopped() {
        return paused || held;
    }

    void pause() {
        if (paused) {
            return;
        }
        paused = true;
        stop();
    }

    void resume() {
        if (!paused) {
            return;
        }
        paused = false;
        go();
    }

    /** Holds reading while the listener's executor is behind, or lets it go on. */
    void hold(boolean hold) {
        if (hold == held) {
            return;
        }
        held = hold;
        if (hold) {
            stop();
        } else {
            go();
        }
    }

    private void stop() {
        codec().suspend(true);
        if (!draining) {
            transport().readInterest(false);
        }
    }

    private void go() {
        if (stopped()) {
            return;
        }
        codec().suspend(false);
        if (pending != null) {
            // On the next turn, not now: resume() may be called from inside a callback of this
            // connection (a send's completion, a message), which must not re-enter the parser.
            continueLater();
        } else if (!connection.isChannelClosed() && !isWaitingForMemory()) {
            transport().readInterest(true);
        }
    }

    /** From now on only the peer's end of stream matters: read regardless of pauses and waits. */
    void drain() {
        draining = true;
        pending = null;
        if (memory != null) {
            memory.stopWaiting();
        }
    }

    /** The output is shut after a close: read on to the end of stream even when paused. */
    void readToEnd() {
        if (!connection.isChannelClosed()) {
            transport().readInterest(true);
        }
    }

    void onReadable() {
        if (mustWaitForMemory()) {
            memory.await();
            return;
        }
        ByteBuffer buffer = connection.eventLoop().readBuffer;
        buffer.clear();
        int count;
        try {
            count = transport().read(buffer);
        } catch (IOException e) {
            connection.ioFailed(e);
            return;
        }
        if (count < 0) {
            connection.closeChannel(null);
            return;
        }
        bytesReceived += count;
        connection.config().counters().bytesRead(count);
        buffer.flip();
        if (draining) {
            buffer.position(buffer.limit()); // the closing handshake is over: only the end of stream matters
        } else {
            decode(buffer);
        }
    }

    private void decode(ByteBuffer input) {
        codec().decode(input);
        if (input.hasRemaining() && !codec().isFinished() && !connection.isChannelClosed() && !draining) {
            if (stopped()) {
                pending = InputBytes.copyOf(input);
            } else if (codec().hasYielded()) {
                pending = InputBytes.copyOf(input);
                continueLater();
            }
        }
        input.position(input.limit());
    }

    /**
     * Decodes {@link #pending} on the next turn of the loop, not reading the transport until it is
     * consumed: the other connections of the loop are served in between.
     */
    private void continueLater() {
        transport().readInterest(false);
        if (!continuing) {
            continuing = true;
            connection.eventLoop().defer(this::continueInput);
        }
    }

    private void continueInput() {
        continuing = false;
        if (connection.isChannelClosed() || stopped()) {
            return; // resume() continues
        }
        if (mustWaitForMemory()) {
            // A message inflating from input already read grows without reading: it waits for the
            // budget too (measured: 20 decompression bombs inflating side by side held 3.5 GiB).
            memory.await();
            return;
        }
        ByteBuffer input = pending;
        pending = null;
        if (input != null && !draining) {
            decode(input);
        }
        if (!connection.isChannelClosed() && !stopped() && !continuing && !isWaitingForMemory()) {
            transport().readInterest(true);
        }
    }

    private boolean isWaitingForMemory() {
        return memory != null && memory.isWaiting();
    }

    /** Whether to stop reading now: the budget is spent and the connection is in the middle of a message. */
    private boolean mustWaitForMemory() {
        return budget != null && !draining && codec().isInsideMessage() && gate().mustWait(true);
    }

    /** The connection's held bytes changed by {@code deltaBytes}: the budget counts them. */
    void heldBytesChanged(long deltaBytes) {
        if (budget != null) {
            gate().heldBytesChanged(deltaBytes, codec().heldBytes());
        }
    }

    private MessageMemoryGate gate() {
        if (memory == null) {
            memory = new MessageMemoryGate(connection, connection.eventLoop(), budget, codec());
            memory.readingThrough(this);
        }
        return memory;
    }

    /** The message memory budget is spent: stop reading until it lets this connection go on. */
    void stopForMemory() {
        transport().readInterest(false);
    }

    /** The message memory budget let this connection go on. */
    void readOnAfterMemory() {
        if (stopped() || continuing) {
            return;
        }
        if (pending != null) {
            continueLater();
        } else {
            transport().readInterest(true);
        }
    }

    /** The connection closed: nothing is kept, and it leads no more under the budget. */
    void release() {
        pending = null;
        if (memory != null) {
            memory.release();
        }
    }
}
