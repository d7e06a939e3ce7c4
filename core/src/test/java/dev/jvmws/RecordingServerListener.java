package dev.jvmws;

import static org.assertj.core.api.Assertions.fail;

import dev.jvmws.handshake.HandshakeException;
import dev.jvmws.handshake.HandshakeRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link WebSocketServer.Listener} that gives every new connection a fresh {@link RecordingListener}
 * and queues the server's events for the test thread.
 */
class RecordingServerListener implements WebSocketServer.Listener {

    /** A connection the server accepted, with the recorder of its events. */
    record Accepted(WebSocket ws, RecordingListener events, HandshakeRequest request) {}

    /** A rejected upgrade, as reported to {@code onClientError}. */
    record ClientError(HandshakeException error, HandshakeRequest request) {}

    private final BlockingQueue<Accepted> connections = new LinkedBlockingQueue<>();
    private final BlockingQueue<ClientError> clientErrors = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    private volatile Supplier<RecordingListener> listeners = RecordingListener::new;
    private volatile Consumer<WebSocket> onConnection = ws -> {};
    /** Set by {@link LoopbackServer#close}: connections that open from then on are terminated at once. */
    private volatile boolean terminatingNewConnections;

    /** The recorder each new connection gets (default: a plain {@link RecordingListener}). */
    RecordingServerListener connectionListeners(Supplier<RecordingListener> factory) {
        this.listeners = factory;
        return this;
    }

    /** Runs inside {@code onConnection}, on the connection's loop, after its listener was set. */
    RecordingServerListener onEachConnection(Consumer<WebSocket> action) {
        this.onConnection = action;
        return this;
    }

    @Override
    public void onConnection(WebSocket ws, HandshakeRequest request) {
        if (terminatingNewConnections) {
            ws.terminate(); // the test is over: see terminateNewConnections
            return;
        }
        RecordingListener events = listeners.get();
        ws.setListener(events);
        onConnection.accept(ws);
        connections.add(new Accepted(ws, events, request));
    }

    @Override
    public void onClientError(WebSocketServer server, HandshakeException error, HandshakeRequest request) {
        clientErrors.add(new ClientError(error, request));
    }

    @Override
    public void onError(WebSocketServer server, Throwable error) {
        errors.add(error);
    }

    /**
     * From now on, terminates every connection in {@code onConnection}, before any other action. For
     * teardown: the server writes the 101 before it tracks the connection and calls
     * {@code onConnection}, so a client can be open while {@link WebSocketServer#clients()} does not
     * list its server side yet; terminating that snapshot alone could miss it, and a connection
     * that is then paused would never see its client leave and would keep {@code close()} waiting.
     */
    void terminateNewConnections() {
        terminatingNewConnections = true;
    }

    Accepted nextConnection() {
        return poll(connections, "connection");
    }

    ClientError nextClientError() {
        return poll(clientErrors, "onClientError");
    }

    Throwable nextServerError() {
        return poll(errors, "server onError");
    }

    private static <T> T poll(BlockingQueue<T> queue, String what) {
        try {
            T item = queue.poll(RecordingListener.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                fail("No " + what + " within " + RecordingListener.DEFAULT_WAIT);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
