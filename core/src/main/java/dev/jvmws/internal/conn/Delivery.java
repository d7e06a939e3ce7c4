package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.Failures;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one path of a connection's events from its codec to the {@link ConnectionListener} above, in
 * wire order, with the exception rule in one place: a listener callback that throws fails the
 * connection with 1011 and is reported through {@code onError}; one thrown from {@code onError} or
 * {@code onClosed} is logged and ignored; fatal errors (see {@link Failures#isFatal}) go on up. The
 * protocol's own answers (pongs, the close handshake, failing on a violation) are the connection's,
 * asked for on the way.
 *
 * <p>Callbacks run on the connection's loop, or, with a {@code callbackExecutor}, on that executor,
 * one at a time and in order (a serial queue per connection). A consumer slower than its peer then
 * holds the connection's reading once {@value #HOLD_AT} events wait, and releases it at
 * {@value #RELEASE_AT}: the queue stays bounded and the peer meets TCP backpressure.
 *
 * <p>Loop thread, except the executor's drain.
 */
final class Delivery implements MessageAssembler.Listener {
    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());
    static final int HOLD_AT = 256;
    static final int RELEASE_AT = 64;
    /** Callbacks one drain runs before it hands the executor's thread back. */
    private static final int DRAIN_BATCH = 64;

    private final Connection connection;
    private final ConnectionListener listener;
    /** Callbacks waiting for the listener's executor, in order; null when callbacks run on the loop. */
    private Queue<Runnable> queued;
    private AtomicInteger pending;
    /** A callback failed the connection: what else waits is dropped, but the error and close events. */
    private volatile boolean failedByListener;
    private boolean holding;
    private boolean errorReported;

    /** {@code withExecutor}: the callbacks run on the connection's {@code callbackExecutor}, not the loop. */
    Delivery(Connection connection, ConnectionListener listener, boolean withExecutor) {
        this.connection = connection;
        this.listener = listener;
        if (withExecutor) {
            queued = new ConcurrentLinkedQueue<>();
            pending = new AtomicInteger();
        }
    }

    @Override
    public void onText(String text) {
        connection.messageArrived();
        if (queued != null) {
            enqueue(() -> listener.onText(text), false);
            return;
        }
        try { // on the loop, as deliver() does, without a task per message
            listener.onText(text);
        } catch (Throwable e) {
            listenerThrew(e);
        }
    }

    @Override
    public void onBinary(ByteBuffer data) {
        connection.messageArrived();
        if (queued != null) {
            enqueue(() -> listener.onBinary(data), false);
            return;
        }
        try {
            listener.onBinary(data);
        } catch (Throwable e) {
            listenerThrew(e);
        }
    }

    @Override
    public void onBinaryFragments(List<ByteBuffer> fragments) {
        connection.messageArrived();
        deliver(() -> listener.onBinaryFragments(fragments));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        if (connection.answerPing(payload)) {
            deliver(() -> listener.onPing(payload));
        }
    }

    @Override
    public void onPong(ByteBuffer payload) {
        deliver(() -> listener.onPong(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        connection.closeReceived(code, reason);
    }

    @Override
    public void onViolation(WebSocketProtocolException error) {
        connection.fail(error.closeCode(), error);
    }

    @Override
    public void onHeldBytesChanged(long deltaBytes) {
        connection.heldBytesChanged(deltaBytes);
    }

    void opened() {
        deliver(listener::onOpen);
    }

    void drained() {
        deliver(listener::onDrain);
    }

    /** Runs {@code callback} now, on the loop, under the exception rule (the connection's wiring at open). */
    void runNow(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            listenerThrew(e);
        }
    }

    /** Delivers a listener callback under the exception rule, on the loop or through the executor. */
    void deliver(Runnable callback) {
        if (queued == null) {
            runNow(callback);
        } else {
            enqueue(callback, false);
        }
    }

    /** Reports {@code error} through {@code onError}: the first one only, at most once per connection. */
    void error(Throwable error) {
        if (errorReported || error == null) {
            return;
        }
        errorReported = true;
        Runnable report = () -> {
            try {
                listener.onError(error);
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                Failures.log(LOG, Level.WARNING, "Listener threw from onError; ignored", e);
            }
        };
        if (queued == null) {
            report.run();
        } else {
            enqueue(report, true);
        }
    }

    /** The last event: the connection is closed. */
    void closed(int code, String reason, boolean wasClean) {
        Runnable report = () -> {
            try {
                listener.onClosed(code, reason, wasClean);
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                Failures.log(LOG, Level.WARNING, "Listener threw from onClose; ignored", e);
            }
        };
        if (queued == null) {
            report.run();
        } else {
            enqueue(report, true);
        }
    }

    private void listenerThrew(Throwable e) {
        Failures.rethrowIfFatal(e);
        Failures.log(LOG, Level.DEBUG, "Listener threw; closing the connection with 1011", e);
        connection.failInternally(e);
    }

    // ---------------------------------------------------------------- the executor's serial queue

    private void enqueue(Runnable callback, boolean always) {
        queued.add(always ? new Always(callback) : callback);
        int waiting = pending.incrementAndGet();
        if (waiting >= HOLD_AT && !holding) {
            holding = true;
            connection.holdInput(true);
        }
        if (waiting == 1) {
            connection.config().callbackExecutor().execute(this::drain);
        }
    }

    /** On the executor: runs the waiting callbacks in order, a batch at a time. */
    private void drain() {
        for (int i = 0; i < DRAIN_BATCH; i++) {
            Runnable callback = queued.poll();
            if (callback instanceof Always) {
                callback.run();
            } else if (!failedByListener) {
                try {
                    callback.run();
                } catch (Throwable e) {
                    failedByListener = true;
                    connection.eventLoop().execute(() -> listenerThrew(e));
                }
            }
            int left = pending.decrementAndGet();
            if (left == RELEASE_AT) {
                connection.eventLoop().execute(this::release);
            }
            if (left == 0) {
                return;
            }
        }
        connection.config().callbackExecutor().execute(this::drain); // more waits: let the executor's other work in first
    }

    private void release() {
        if (holding && pending.get() <= RELEASE_AT) {
            holding = false;
            connection.holdInput(false);
        }
    }

    /** A callback that runs even after a listener failed the connection (the error and close events). */
    private record Always(Runnable callback) implements Runnable {
        @Override
        public void run() {
            callback.run();
        }
    }
}
