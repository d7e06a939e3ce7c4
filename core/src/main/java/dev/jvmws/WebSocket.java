package dev.jvmws;

import dev.jvmws.event.CloseEvent;
import dev.jvmws.event.ErrorEvent;
import dev.jvmws.event.Event;
import dev.jvmws.event.EventListener;
import dev.jvmws.event.EventTarget;
import dev.jvmws.event.MessageEvent;
import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.PerMessageDeflate;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.internal.client.ClientConnector;
import dev.jvmws.internal.client.ClientSocket;
import dev.jvmws.internal.conn.Connection;
import dev.jvmws.internal.conn.ConnectionListener;
import dev.jvmws.internal.conn.SharedMessage;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One WebSocket connection, client or server side (as ws's {@code WebSocket}).
 *
 * <p><b>Threads.</b> Every method is safe to call from any thread. Sends from one thread go out in the
 * order they were made; frames of different messages never interleave. All {@link Listener} callbacks of
 * one connection run on that connection's event loop thread, one at a time, in wire order, and
 * {@link Listener#onClose} is always the last. A callback that blocks stalls every connection on its
 * loop: hand slow work to an executor.
 *
 * <p><b>Listener exceptions.</b> If a callback throws, the connection is closed with 1011 (internal
 * error) and the exception is passed to {@link Listener#onError}; other connections are unaffected. An
 * exception thrown by {@code onError} or {@code onClose} itself is logged and ignored.
 *
 * <p><b>Sends</b> never block: the returned future completes when the frame has been handed to the
 * kernel, or fails (with {@link IllegalStateException} when the socket is not open, {@link IOException}
 * when the connection closed first, {@link SendBufferFullException} when the queue already holds
 * {@code maxBufferedBytes}). {@link #bufferedAmount()} tells how much is queued. A large
 * {@code ByteBuffer} is sent without copying: don't change its bytes until the future completes.
 */
public final class WebSocket implements EventTarget {

    /**
     * Receives a connection's events; every method has a no-op default, so partial implementations
     * work. See {@link WebSocket} for the threading rules.
     *
     * <p>The three client hooks ({@link #onUpgrade}, {@link #onUnexpectedResponse}, {@link #onRedirect})
     * stay on this one interface rather than a client-only subtype: one listener then serves either
     * end (an echo, a relay, a logger is written once), as ws's one {@code WebSocket} class does.
     * Server-side sockets never call them.
     *
     * <p>Not a functional interface (it has many events): for lambdas, {@link #onText(BiConsumer)}
     * when text messages are all that matter, or {@link #builder()} for several events.
     */
    public interface Listener {
        /** A listener from lambdas, one per event: {@code Listener.builder().onText(…).onClose(…).build()}. */
        static ListenerBuilder builder() {
            return new ListenerBuilder();
        }

        /** A listener for text messages only: {@code ws.setListener(Listener.onText((ws, text) -> ws.send(text)))}. */
        static Listener onText(BiConsumer<WebSocket, String> handler) {
            return builder().onText(handler).build();
        }


        /** The connection is open (clients; server-side sockets are born open, see WebSocketServer). */
        default void onOpen(WebSocket ws) {}

        default void onText(WebSocket ws, String text) {}

        /** A binary message; the buffer belongs to the listener. */
        default void onBinary(WebSocket ws, ByteBuffer data) {}

        /** A binary message as its frames' payloads, with {@link BinaryType#FRAGMENTS}. */
        default void onBinaryFragments(WebSocket ws, List<ByteBuffer> fragments) {
            int total = 0;
            for (ByteBuffer fragment : fragments) {
                total += fragment.remaining();
            }
            ByteBuffer all = ByteBuffer.allocate(total);
            fragments.forEach(fragment -> all.put(fragment.duplicate()));
            onBinary(ws, all.flip());
        }

        /** A ping arrived; with {@code autoPong} (the default) the pong has already been queued. */
        default void onPing(WebSocket ws, ByteBuffer data) {}

        default void onPong(WebSocket ws, ByteBuffer data) {}

        /**
         * The connection is closed. {@code code} is the peer's close code (1005 when its close frame had
         * none) or 1006 when no close frame arrived (lost connection, terminate, failure).
         */
        default void onClose(WebSocket ws, int code, String reason) {}

        /**
         * The connection is closed, and whether cleanly: {@code wasClean} (the W3C
         * {@code CloseEvent.wasClean}) is true when both close frames passed before the socket closed.
         * The default calls {@link #onClose(WebSocket, int, String)}; override one of the two.
         */
        default void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
            onClose(ws, code, reason);
        }

        /**
         * What was queued for sending came down to the {@code lowWaterMark} after being above the
         * {@code highWaterMark} (the options of {@link ClientOptions} and {@link ServerOptions};
         * uWebSockets' {@code drain}, Netty's writability): a producer that paused when
         * {@link WebSocket#bufferedAmount()} passed the high-water mark goes on here.
         */
        default void onDrain(WebSocket ws) {}

        /** Something went wrong (protocol violation, failed handshake, I/O error); at most once. */
        default void onError(WebSocket ws, Throwable error) {}

        /** Client: the server's 101 response, before it is validated (read cookies here). */
        default void onUpgrade(WebSocket ws, HttpHead response) {}

        /**
         * Client: the server answered something other than 101. Return true to take it as handled (no
         * error event); the connection then closes with 1006.
         */
        default boolean onUnexpectedResponse(WebSocket ws, HttpHead response, byte[] body) {
            return false;
        }

        /**
         * Client: about to follow a redirect to {@code location}. {@code requestHeaders} are the user
         * headers of the next request (credentials already removed when the redirect leaves the host
         * or downgrades from wss); change them as needed. Calling {@link WebSocket#close} aborts.
         */
        default void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {}
    }

    private final boolean client;
    /*
     * whenOpen() and whenClosed() futures are made on first request: most server-side sockets are
     * never asked, and an idle connection should hold as little as it can. A future made after the
     * fact is settled from the flags below; the flag is written before the field is read, and the
     * field before the flag, so one side or the other always completes it (both may: harmless).
     */
    private volatile CompletableFuture<WebSocket> opened;
    private volatile CompletableFuture<Void> closed;
    /** Whether the socket opened; server-side sockets are open from creation. */
    private volatile boolean wasOpened;
    /** Whether the socket is closed and its close reported. */
    private volatile boolean ended;
    /** The server that accepted this socket and counts it among its clients until it closes. */
    private volatile WebSocketServer server;
    private static final VarHandle OPENED;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OPENED = lookup.findVarHandle(WebSocket.class, "opened", CompletableFuture.class);
            CLOSED = lookup.findVarHandle(WebSocket.class, "closed", CompletableFuture.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The listener the connection calls, made when the connection is: it keeps nothing but this socket,
     * so no idle socket holds one in a field.
     */
    ConnectionListener newEvents() {
        return new Events();
    }

    private volatile Listener listener;
    private volatile Connection connection;
    private volatile URI url;
    private volatile String protocol = "";
    private volatile DeflateParameters deflate;
    private volatile BinaryType binaryType = BinaryType.BYTE_BUFFER;
    private volatile ClientConnector connector;
    private volatile Object attachment;
    /** The W3C listeners; null until the W3C interface is first used. */
    private volatile EventListeners w3c;
    private boolean closeReported;
    /**
     * Why the connection could not be established; whenOpen fails with it. Written on the loop
     * before {@link #ended}, read by a late whenOpen() after it.
     */
    private volatile Throwable openFailure;

    private WebSocket(boolean client, Listener listener) {
        this.client = client;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /**
     * Connects to {@code url} (ws, wss, http, https or ws+unix) with default options, as ws's
     * {@code new WebSocket(url)}.
     *
     * @throws IllegalArgumentException for a URL that is not a valid URI
     */
    public static WebSocket connect(String url, Listener listener) {
        return connect(URI.create(url), listener);
    }

    /** {@link #connect(URI, ClientOptions, Listener)} with the URL as a String. */
    public static WebSocket connect(String url, ClientOptions options, Listener listener) {
        return connect(URI.create(url), options, listener);
    }

    /** Connects to {@code uri} (ws, wss, http, https or ws+unix) with default options. */
    public static WebSocket connect(URI uri, Listener listener) {
        return connect(uri, ClientOptions.DEFAULTS, listener);
    }

    /**
     * Starts connecting to {@code uri} and returns at once, in state CONNECTING (like ws's
     * constructor). Events go to {@code listener}; {@link #whenOpen()} completes when open.
     *
     * <p>{@code ws+unix:///path/to.sock} and {@code ws+unix:///path/to.sock:/request/path} connect to
     * a Unix domain socket, with ws's syntax and {@code Host} header (see
     * {@link dev.jvmws.handshake.ClientHandshake#unixSocketPath}).
     *
     * @throws IllegalArgumentException for an invalid URL or subprotocol list
     */
    public static WebSocket connect(URI uri, ClientOptions options, Listener listener) {
        return connect(uri, options, ws -> ws.setListener(listener));
    }

    /**
     * Connects to {@code url} as {@link #connect(URI, ClientOptions, Consumer)} does, with default options.
     */
    public static WebSocket connect(String url, Consumer<? super WebSocket> setUp) {
        return connect(URI.create(url), ClientOptions.DEFAULTS, setUp);
    }

    /** {@link #connect(URI, ClientOptions, Consumer)} with the URL as a String. */
    public static WebSocket connect(String url, ClientOptions options, Consumer<? super WebSocket> setUp) {
        return connect(URI.create(url), options, setUp);
    }

    /**
     * Like {@link #connect(URI, ClientOptions, Listener)}, handing the new socket to {@code setUp}
     * before it starts connecting: the place to add W3C listeners ({@link #addEventListener},
     * {@link #setOnopen} …) or {@linkplain #setListener set the listener} so that none misses an
     * event. (A browser holds a socket's events until the running script returns; a Java thread has
     * no such turn, and the connection may open before {@code connect} returns.) {@code setUp} runs
     * on the calling thread; if it throws, nothing is connected and the exception propagates.
     */
    public static WebSocket connect(URI uri, ClientOptions options, Consumer<? super WebSocket> setUp) {
        WebSocket ws = new WebSocket(true, null);
        setUp.accept(ws);
        ClientConnector connector = new ClientConnector(ws.new ClientSide(), options.toSettings());
        ws.connector = connector;
        connector.start(uri);
        return ws;
    }

    /**
     * A server-side socket. The upgrade request is not kept (it is handed to {@code onConnection}):
     * its headers would cost more than the rest of an idle connection.
     */
    static WebSocket forServer(String protocol, DeflateParameters deflate) {
        WebSocket ws = new WebSocket(false, null);
        ws.protocol = protocol == null ? "" : protocol;
        ws.deflate = deflate;
        // Open as soon as it exists (there is no open event on the server side, as in ws). Being open
        // now also spares every close an exception made only to fail a future nobody waits on.
        ws.wasOpened = true;
        return ws;
    }

    // ---------------------------------------------------------------- properties

    /**
     * Keeps {@code value} with this socket (user state: a session, a user id), read back with
     * {@link #attachment()}; replaces what was attached. Any thread.
     */
    public void attach(Object value) {
        this.attachment = value;
    }

    /** What was last {@linkplain #attach attached}, or null. Any thread. */
    @SuppressWarnings("unchecked")
    public <T> T attachment() {
        return (T) attachment;
    }

    /** Replaces the listener; for server-side sockets, set it in {@code onConnection}. */
    public void setListener(Listener listener) {
        this.listener = listener == null ? new Listener() {} : listener;
    }

    // ---------------------------------------------------------------- the W3C interface (ws's EventTarget)

    @Override
    public void addEventListener(String type, EventListener listener, boolean once) {
        w3c().add(type, listener, once);
    }

    @Override
    public void removeEventListener(String type, EventListener listener) {
        EventListeners current = w3c;
        if (current != null) {
            current.remove(type, listener);
        }
    }

    /** ws's {@code ws.onopen = handler}: replaces the previous {@code onopen} only; null removes it. */
    public void setOnopen(EventListener handler) {
        w3c().setHandler(Event.OPEN, handler);
    }

    public EventListener getOnopen() {
        return handler(Event.OPEN);
    }

    /** ws's {@code ws.onmessage}; the event is a {@link MessageEvent}. */
    public void setOnmessage(EventListener handler) {
        w3c().setHandler(Event.MESSAGE, handler);
    }

    public EventListener getOnmessage() {
        return handler(Event.MESSAGE);
    }

    /** ws's {@code ws.onclose}; the event is a {@link CloseEvent}. */
    public void setOnclose(EventListener handler) {
        w3c().setHandler(Event.CLOSE, handler);
    }

    public EventListener getOnclose() {
        return handler(Event.CLOSE);
    }

    /** ws's {@code ws.onerror}; the event is an {@link ErrorEvent}. */
    public void setOnerror(EventListener handler) {
        w3c().setHandler(Event.ERROR, handler);
    }

    public EventListener getOnerror() {
        return handler(Event.ERROR);
    }

    private EventListener handler(String type) {
        EventListeners current = w3c;
        return current == null ? null : current.handler(type);
    }

    private EventListeners w3c() {
        EventListeners current = w3c;
        if (current == null) {
            synchronized (this) {
                current = w3c;
                if (current == null) {
                    current = new EventListeners();
                    w3c = current;
                }
            }
        }
        return current;
    }

    /** After the listener's callback (even if it threw): the W3C listeners, when there are any. */
    private void dispatch(Event event) {
        EventListeners current = w3c;
        if (current != null) {
            current.dispatch(event);
        }
    }

    private boolean hasW3cListeners() {
        return w3c != null;
    }

    public ReadyState readyState() {
        Connection current = connection;
        if (current == null) {
            return ended ? ReadyState.CLOSED : ReadyState.CONNECTING;
        }
        return ReadyState.of(current.readyState());
    }

    /**
     * Server side: the server that accepted this connection (to broadcast from {@code onConnection}
     * or a message handler: {@code ws.server().clients()}); client side: null.
     */
    public WebSocketServer server() {
        return server;
    }

    /** Client: the URL connected to (after redirects); server: null. */
    public URI url() {
        return url;
    }

    /** The subprotocol the server selected, "" if none. */
    public String protocol() {
        return protocol;
    }

    /** Names of the negotiated extensions, as ws: {@code "permessage-deflate"} or "" if none. */
    public String extensions() {
        return deflate != null ? PerMessageDeflate.NAME : "";
    }

    /** The permessage-deflate agreement, empty when the connection does not compress. */
    public Optional<DeflateParameters> perMessageDeflate() {
        return Optional.ofNullable(deflate);
    }

    public boolean isClient() {
        return client;
    }

    /**
     * The peer's IP address; null before the connection opens, over a Unix domain socket (which has no
     * peer address) and for a stream handed to {@link WebSocketServer#handleUpgrade(
     * dev.jvmws.handshake.HandshakeRequest, java.nio.channels.ByteChannel, ByteBuffer)}.
     */
    public InetSocketAddress remoteAddress() {
        Connection current = connection;
        return current == null ? null : current.remoteAddress();
    }

    /**
     * Bytes of frames received on this connection since it opened (ws 0.4's {@code bytesReceived}; the
     * frames' plaintext over TLS); 0 before. Any thread: a recent value.
     */
    public long bytesReceived() {
        Connection current = connection;
        return current == null ? 0 : current.bytesReceived();
    }

    /** Bytes of frames written to the network since the connection opened (queued ones not yet); any thread. */
    public long bytesSent() {
        Connection current = connection;
        return current == null ? 0 : current.bytesSent();
    }

    /** Bytes queued but not yet written to the kernel, framing included. */
    public long bufferedAmount() {
        Connection current = connection;
        return current == null ? 0 : current.bufferedAmount();
    }

    public BinaryType binaryType() {
        return binaryType;
    }

    /** How following binary messages are delivered (default {@link BinaryType#BYTE_BUFFER}). */
    public void binaryType(BinaryType type) {
        this.binaryType = type;
        Connection current = connection;
        if (current != null) {
            current.keepFragments(type == BinaryType.FRAGMENTS);
        }
    }

    public boolean isPaused() {
        Connection current = connection;
        return current != null && current.isPaused();
    }

    /** Completes with this socket when it opens (at once for server-side sockets); fails if the handshake fails. */
    public CompletableFuture<WebSocket> whenOpen() {
        CompletableFuture<WebSocket> future = opened;
        if (future == null) {
            future = new CompletableFuture<>();
            if (OPENED.compareAndSet(this, null, future)) {
                settleOpened(future);
            } else {
                future = opened;
            }
        }
        return future;
    }

    private void settleOpened(CompletableFuture<WebSocket> future) {
        if (wasOpened) {
            future.complete(this);
        } else if (ended) {
            future.completeExceptionally(openFailure);
        }
    }

    /** Completes when the socket is closed (after {@link Listener#onClose}). */
    public CompletableFuture<Void> whenClosed() {
        CompletableFuture<Void> future = closed;
        if (future == null) {
            future = new CompletableFuture<>();
            if (CLOSED.compareAndSet(this, null, future)) {
                if (ended) {
                    future.complete(null);
                }
            } else {
                future = closed;
            }
        }
        return future;
    }

    // ---------------------------------------------------------------- sending

    public CompletableFuture<Void> send(String text) {
        return send(text, SendOptions.DEFAULT);
    }

    public CompletableFuture<Void> send(String text, SendOptions options) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return send(ByteBuffer.wrap(bytes), options.type() == SendOptions.Type.BINARY ? Opcode.BINARY : Opcode.TEXT, options);
    }

    public CompletableFuture<Void> send(ByteBuffer data) {
        return send(data, SendOptions.DEFAULT);
    }

    public CompletableFuture<Void> send(ByteBuffer data, SendOptions options) {
        return send(data, options.type() == SendOptions.Type.TEXT ? Opcode.TEXT : Opcode.BINARY, options);
    }

    public CompletableFuture<Void> send(byte[] data) {
        return send(ByteBuffer.wrap(data), SendOptions.DEFAULT);
    }

    public CompletableFuture<Void> send(byte[] data, SendOptions options) {
        return send(ByteBuffer.wrap(data), options);
    }

    /**
     * Starts a message to be sent in parts through the returned writer ({@code type} TEXT or BINARY).
     * Unlike {@link SendOptions#fin} sends, its parts may come from any thread: the writer, not the
     * thread, owns the message. Compressed when permessage-deflate was negotiated.
     *
     * @throws IllegalArgumentException for {@link SendOptions.Type#AS_DATA}
     */
    public MessageWriter newMessage(SendOptions.Type type) {
        if (type == SendOptions.Type.AS_DATA) {
            throw new IllegalArgumentException("A message in parts is TEXT or BINARY");
        }
        return new MessageWriter(this, type, true);
    }

    CompletableFuture<Void> sendPart(ByteBuffer data, SendOptions.Type type, boolean fin, boolean compress,
            Object sender) {
        return send(data, type == SendOptions.Type.TEXT ? Opcode.TEXT : Opcode.BINARY, fin, compress, null, sender);
    }

    private CompletableFuture<Void> send(ByteBuffer data, int opcode, SendOptions options) {
        Boolean mask = switch (options.masking()) {
            case BY_ROLE -> null;
            case MASKED -> Boolean.TRUE;
            case UNMASKED -> Boolean.FALSE;
        };
        // ws's fin(false): the calling thread's next sends continue the message
        return send(data, opcode, options.fin(), options.compress(), mask, Thread.currentThread());
    }

    private CompletableFuture<Void> send(ByteBuffer data, int opcode, boolean fin, boolean compress, Boolean mask,
            Object sender) {
        Connection open = requireStarted();
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!open.sends().send(opcode, data, fin, compress, mask, sender, done)) {
            done.completeExceptionally(new SendBufferFullException(open.bufferedAmount(), data.remaining(),
                    open.maxBufferedBytes()));
        }
        return done;
    }

    /** A broadcast's message, framed once and shared (see {@link WebSocketServer#broadcast}); false when the queue is full. */
    boolean sendShared(SharedMessage message, CompletableFuture<Void> done) {
        Connection current = connection;
        if (current == null) {
            done.completeExceptionally(new IllegalStateException("WebSocket is not open"));
            return true;
        }
        return current.sends().sendShared(message, done);
    }

    /** Whether more than {@code highWaterMark} waits to be written to this connection's peer. */
    boolean isBehind() {
        Connection current = connection;
        return current != null && current.sends().isBehind();
    }

    /** Sends an empty ping. */
    public CompletableFuture<Void> ping() {
        return ping(ByteBuffer.allocate(0));
    }

    /** @throws IllegalArgumentException if {@code data} exceeds 125 bytes */
    public CompletableFuture<Void> ping(ByteBuffer data) {
        return control(Opcode.PING, data);
    }

    /** A ping carrying {@code data} as UTF-8 (ws's {@code ping('text')}). @throws IllegalArgumentException past 125 bytes */
    public CompletableFuture<Void> ping(String data) {
        return ping(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** @throws IllegalArgumentException if {@code data} exceeds 125 bytes */
    public CompletableFuture<Void> ping(byte[] data) {
        return ping(ByteBuffer.wrap(data));
    }

    public CompletableFuture<Void> pong() {
        return pong(ByteBuffer.allocate(0));
    }

    /** An unsolicited pong works as a one-way heartbeat (RFC 6455 §5.5.3). */
    public CompletableFuture<Void> pong(ByteBuffer data) {
        return control(Opcode.PONG, data);
    }

    /** A pong carrying {@code data} as UTF-8. @throws IllegalArgumentException past 125 bytes */
    public CompletableFuture<Void> pong(String data) {
        return pong(ByteBuffer.wrap(data.getBytes(StandardCharsets.UTF_8)));
    }

    /** @throws IllegalArgumentException if {@code data} exceeds 125 bytes */
    public CompletableFuture<Void> pong(byte[] data) {
        return pong(ByteBuffer.wrap(data));
    }

    private CompletableFuture<Void> control(int opcode, ByteBuffer data) {
        if (data.remaining() > Opcode.MAX_CONTROL_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("The data size must not be greater than 125 bytes");
        }
        Connection open = requireStarted();
        CompletableFuture<Void> done = new CompletableFuture<>();
        open.sends().sendControl(opcode, data, null, done);
        return done;
    }

    private Connection requireStarted() {
        Connection current = connection;
        if (current == null) {
            throw new IllegalStateException(ended
                    ? "WebSocket is not open: readyState 3 (CLOSED)"
                    : "WebSocket is not open: readyState 0 (CONNECTING)");
        }
        return current;
    }

    // ---------------------------------------------------------------- closing and flow control

    /** Starts the closing handshake without a status code (the peer sees 1005). */
    public CompletableFuture<Void> close() {
        return closeWith(ByteBuffer.allocate(0));
    }

    public CompletableFuture<Void> close(int code) {
        return close(code, "");
    }

    /**
     * Starts the closing handshake; while connecting, aborts the connection. The future completes when
     * the socket is closed.
     *
     * @throws IllegalArgumentException if the code may not be sent (valid: 1000–1003, 1007–1014,
     *     3000–4999) or the reason exceeds 123 UTF-8 bytes
     */
    public CompletableFuture<Void> close(int code, String reason) {
        if (!CloseCode.isValidOnWire(code)) {
            // closePayload(1005, "") means "no status"; here 1005 is a code the caller asked to send.
            throw new IllegalArgumentException("Invalid close code " + code
                    + ": must be 1000-1003, 1007-1014 or 3000-4999");
        }
        return closeWith(FrameWriter.closePayload(code, reason));
    }

    private CompletableFuture<Void> closeWith(ByteBuffer payload) {
        Connection current = connection;
        if (current == null) {
            abortConnecting();
        } else {
            current.close(payload);
        }
        return whenClosed();
    }

    /** Closes the socket at once, without a closing handshake (the close event reports 1006). */
    public void terminate() {
        Connection current = connection;
        if (current == null) {
            abortConnecting();
        } else {
            current.terminate();
        }
    }

    /** Closing before the connection opened (including between the hops of a redirect) aborts it. */
    private void abortConnecting() {
        ClientConnector pending = connector;
        if (pending != null) {
            pending.abort(closedBeforeEstablished());
        }
    }

    static IOException closedBeforeEstablished() {
        return ClientConnector.closedBeforeEstablished();
    }

    /** Stops reading from the socket (messages already read may still arrive); no-op unless open. */
    public void pause() {
        Connection current = connection;
        if (current != null) {
            current.pause();
        }
    }

    public void resume() {
        Connection current = connection;
        if (current != null) {
            current.resume();
        }
    }

    @Override
    public String toString() {
        return "WebSocket[" + (client ? "client " + url : "server " + remoteAddress()) + ", " + readyState() + "]";
    }

    // ---------------------------------------------------------------- wiring (package-private)

    void connectTo(Connection attached) {
        this.connection = attached;
        if (binaryType == BinaryType.FRAGMENTS) {
            attached.keepFragments(true);
        }
    }


    /** What the internal connector sees of a client socket (see {@link ClientSocket}). */
    private final class ClientSide implements ClientSocket {
        @Override
        public void useUrl(URI location) {
            url = location;
        }

        @Override
        public void failedToOpen(Throwable error, boolean report) {
            WebSocket.this.failedToOpen(error, report);
        }

        @Override
        public void opened(Connection opened, String selectedProtocol, DeflateParameters agreement) {
            connectTo(opened);
            protocol = selectedProtocol;
            deflate = agreement;
            connector = null;
        }

        @Override
        public ConnectionListener events() {
            return newEvents();
        }

        @Override
        public void onUpgrade(HttpHead response) {
            listener.onUpgrade(WebSocket.this, response);
        }

        @Override
        public boolean onUnexpectedResponse(HttpHead response, byte[] body) {
            return listener.onUnexpectedResponse(WebSocket.this, response, body);
        }

        @Override
        public void onRedirect(URI location, HttpHeaders.Builder requestHeaders) {
            listener.onRedirect(WebSocket.this, location, requestHeaders);
        }
    }

    /** Called by {@code server} when it starts counting this socket; loop thread. */
    void trackedBy(WebSocketServer trackingServer) {
        this.server = trackingServer;
    }


    /** The connection could not be established: error, then close 1006 (as ws). Loop thread. */
    void failedToOpen(Throwable error, boolean reportError) {
        if (closeReported) {
            return;
        }
        connector = null;
        openFailure = error;
        if (reportError) {
            safely(() -> listener.onError(this, error));
            safely(() -> dispatch(new ErrorEvent(this, error)));
        }
        newEvents().onClosed(1006, "", false);
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            dev.jvmws.internal.io.Failures.rethrowIfFatal(e);
            System.getLogger(WebSocket.class.getName()).log(System.Logger.Level.WARNING,
                    "Listener threw; ignored", e);
        }
    }

    /** Adapts transport events to the user's listener. */
    private final class Events implements ConnectionListener {
        @Override
        public void onOpen() {
            if (!client) {
                return; // server-side sockets are born open: no open event (as ws)
            }
            try {
                try {
                    listener.onOpen(WebSocket.this);
                } finally {
                    dispatch(new Event(Event.OPEN, WebSocket.this));
                }
            } finally {
                wasOpened = true;
                CompletableFuture<WebSocket> future = opened;
                if (future != null) {
                    future.complete(WebSocket.this);
                }
            }
        }

        @Override
        public void onText(String text) {
            try {
                listener.onText(WebSocket.this, text);
            } finally {
                if (hasW3cListeners()) {
                    dispatch(new MessageEvent(WebSocket.this, text));
                }
            }
        }

        @Override
        public void onBinary(ByteBuffer data) {
            ByteBuffer unread = hasW3cListeners() ? data.duplicate() : null; // the listener may consume data
            try {
                listener.onBinary(WebSocket.this, data);
            } finally {
                if (unread != null) {
                    dispatch(new MessageEvent(WebSocket.this, unread));
                }
            }
        }

        @Override
        public void onBinaryFragments(List<ByteBuffer> fragments) {
            List<ByteBuffer> unread = hasW3cListeners() ? fragments.stream().map(ByteBuffer::duplicate).toList() : null;
            try {
                listener.onBinaryFragments(WebSocket.this, fragments);
            } finally {
                if (unread != null) {
                    dispatch(new MessageEvent(WebSocket.this, unread));
                }
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            listener.onPing(WebSocket.this, payload);
        }

        @Override
        public void onPong(ByteBuffer payload) {
            listener.onPong(WebSocket.this, payload);
        }

        @Override
        public void onDrain() {
            listener.onDrain(WebSocket.this);
        }

        @Override
        public void onError(Throwable error) {
            try {
                listener.onError(WebSocket.this, error);
            } finally {
                dispatch(new ErrorEvent(WebSocket.this, error));
            }
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
            if (closeReported) {
                return;
            }
            closeReported = true;
            try {
                try {
                    listener.onClose(WebSocket.this, code, reason, wasClean);
                } finally {
                    dispatch(new CloseEvent(WebSocket.this, code, reason, wasClean));
                }
            } finally {
                if (!wasOpened && openFailure == null) {
                    openFailure = new IOException("WebSocket closed with " + code);
                }
                ended = true;
                CompletableFuture<Void> closedFuture = closed;
                if (closedFuture != null) {
                    closedFuture.complete(null);
                }
                CompletableFuture<WebSocket> openedFuture = opened;
                if (openedFuture != null && !wasOpened) {
                    openedFuture.completeExceptionally(openFailure);
                }
                if (server != null) {
                    server.untrack(WebSocket.this, code, wasClean);
                }
            }
        }
    }
}
