package dev.jvmws;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link WebSocketServer} on 127.0.0.1, port 0, with a {@link RecordingServerListener}, plus the
 * clients a test opened against it. {@link #close} (called by {@link LoopbackTeardown} after each test) tears everything down: clients and server-side
 * sockets are terminated (a paused socket would never notice its peer leaving), including server
 * sides whose handshake is still finishing, then the server is closed and its loop threads stop.
 */
final class LoopbackServer {
    static final long WAIT_SECONDS = 5;

    final WebSocketServer server;
    final RecordingServerListener events;
    private final List<WebSocket> clients = new CopyOnWriteArrayList<>();
    private boolean closed;

    private LoopbackServer(WebSocketServer server, RecordingServerListener events) {
        this.server = server;
        this.events = events;
    }

    static LoopbackServer start() throws Exception {
        return start(ServerOptions.builder(), new RecordingServerListener());
    }

    static LoopbackServer start(ServerOptions.Builder options) throws Exception {
        return start(options, new RecordingServerListener());
    }

    static LoopbackServer start(RecordingServerListener events) throws Exception {
        return start(ServerOptions.builder(), events);
    }

    /** A server on 127.0.0.1, a free port and two loops (so tests see connections on different loops). */
    static LoopbackServer start(ServerOptions.Builder options, RecordingServerListener events) throws Exception {
        return start(options.host("127.0.0.1").port(0).threads(2).build(), events);
    }

    /** A server with exactly {@code built}'s options. */
    static LoopbackServer start(ServerOptions built, RecordingServerListener events) throws Exception {
        WebSocketServer server = WebSocketServer.start(built, events).get(WAIT_SECONDS, TimeUnit.SECONDS);
        LoopbackServer loopback = new LoopbackServer(server, events);
        LoopbackTeardown.started(loopback);
        return loopback;
    }

    InetSocketAddress address() {
        return server.address();
    }

    int port() {
        return server.address().getPort();
    }

    URI uri() {
        return uri("/");
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port() + path);
    }

    /** Starts connecting a client (state CONNECTING) and remembers it for teardown. */
    WebSocket connect(RecordingListener listener) {
        return connect(ClientOptions.builder().build(), listener);
    }

    WebSocket connect(ClientOptions options, RecordingListener listener) {
        return track(WebSocket.connect(uri(), options, listener));
    }

    /** Connects and waits until the client is open and its {@code onOpen} was recorded. */
    WebSocket connectOpen(RecordingListener listener) throws Exception {
        WebSocket ws = connect(listener);
        ws.whenOpen().get(WAIT_SECONDS, TimeUnit.SECONDS);
        listener.nextOpen();
        return ws;
    }

    /**
     * Waits for {@code ws.whenOpen()} to fail and returns the cause. (It fails just after
     * {@code onClose} returns, so a test that has seen the close must still wait for it.)
     */
    static Throwable openFailure(WebSocket ws) throws InterruptedException, TimeoutException {
        try {
            ws.whenOpen().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("whenOpen completed normally: " + ws);
    }

    /** Remembers a client opened elsewhere, for teardown. */
    WebSocket track(WebSocket client) {
        clients.add(client);
        return client;
    }

    /** The test closed the server itself (and saw how): teardown leaves it alone. */
    void closedByTheTest() {
        closed = true;
    }

    /** Tears down; idempotent ({@link LoopbackTeardown} calls it after every test). */
    void close() throws InterruptedException, ExecutionException, TimeoutException {
        if (closed) {
            return;
        }
        closed = true;
        clients.forEach(WebSocket::terminate);
        // Before reading clients(): a server connection not tracked yet (its 101 was written, its
        // onConnection is still to run) is then terminated by the listener instead. The flag is
        // volatile and clients() a concurrent set: either we see the connection or it sees the flag.
        events.terminateNewConnections();
        server.clients().forEach(WebSocket::terminate);
        server.close().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
