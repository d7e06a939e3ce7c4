package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.Failures;
import dev.jvmws.protocol.MessageAssembler;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The one path of a connection's events from its codec to the {@link ConnectionListener} above, in
 * wire order, with the exception rule in one place: a listener callback that throws fails the
 * connection with 1011 and is reported through {@code onError}; one thrown from {@code onError} or
 * {@code onClosed} is logged and ignored; fatal errors (see {@link Failures#isFatal}) go on up to the
 * loop. The protocol's own answers (pongs, the close handshake, failing on a violation) are the
 * connection's, asked for on the way.
 *
 * <p>Loop thread only.
 */
final class Delivery implements MessageAssembler.Listener {
    private static final System.Logger LOG = System.getLogger(Delivery.class.getName());

    private final Connection connection;
    private final ConnectionListener listener;
    private boolean errorReported;

    Delivery(Connection connection, ConnectionListener listener) {
        this.connection = connection;
        this.listener = listener;
    }

    @Override
    public void onText(String text) {
        deliver(() -> listener.onText(text));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        deliver(() -> listener.onBinary(data));
    }

    @Override
    public void onBinaryFragments(List<ByteBuffer> fragments) {
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

    void drained() {
        deliver(listener::onDrain);
    }

    /** Runs a listener callback under the exception rule. */
    void deliver(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.DEBUG, "Listener threw; closing the connection with 1011", e);
            connection.failInternally(e);
        }
    }

    /** Reports {@code error} through {@code onError}: the first one only, at most once per connection. */
    void error(Throwable error) {
        if (errorReported || error == null) {
            return;
        }
        errorReported = true;
        try {
            listener.onError(error);
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.WARNING, "Listener threw from onError; ignored", e);
        }
    }

    /** The last event: the connection is closed. */
    void closed(int code, String reason, boolean wasClean) {
        try {
            listener.onClosed(code, reason, wasClean);
        } catch (Throwable e) {
            Failures.rethrowIfFatal(e);
            Failures.log(LOG, Level.WARNING, "Listener threw from onClose; ignored", e);
        }
    }
}
