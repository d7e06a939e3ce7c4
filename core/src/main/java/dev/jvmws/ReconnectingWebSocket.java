package dev.jvmws;

import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * A client that connects again when its connection ends, as the reconnecting wrappers around ws and
 * OkHttp do: exponential backoff with full jitter (a random delay between 0 and
 * {@code min(maxDelay, initialDelay × 2^(failures in a row))}, so many clients of a restarted server
 * don't all come back at the same instant), a maximum number of attempts in a row, a per-close-code
 * decision, and a choice for sends made while disconnected. It never reconnects after {@link #close}.
 *
 * <pre>{@code
 * ReconnectingWebSocket ws = ReconnectingWebSocket.builder(URI.create("wss://example.com/feed"))
 *         .listener(WebSocket.Listener.onText((socket, text) -> System.out.println(text)))
 *         .maxDelay(Duration.ofSeconds(30))
 *         .bufferWhileDisconnected(1 << 20)
 *         .connect();
 * ws.send("subscribe");   // buffered until the first connection opens
 * }</pre>
 *
 * <p>The {@link WebSocket.Listener} hears every connection in turn (each {@code onOpen} …
 * {@code onClose}); {@link Events} hears the reconnecting itself. Both run on the connection's event
 * loop, except {@code onReconnecting} and {@code onGiveUp}, which may run on the thread that saw the
 * connection end. All methods are thread-safe.
 */
public final class ReconnectingWebSocket {

    /** What the reconnecting does; every method has a no-op default. */
    public interface Events {
        /**
         * Attempt {@code attempt} starts after {@code delay}: 1 for the first after a connection ended,
         * counting up while attempts fail in a row; {@code closeCode} ended the last one (1006 when it
         * never opened).
         */
        default void onReconnecting(int attempt, Duration delay, int closeCode) {}

        /** A connection opened, on attempt {@code attempt} of the current run (0: the first connection). */
        default void onConnected(WebSocket ws, int attempt) {}

        /** No more attempts: {@code maxAttempts} failed in a row, or {@code reconnectIf} said no. */
        default void onGiveUp(int closeCode) {}
    }

    /** Decides, from the close code that ended a connection (1006 when it never opened), whether to try again. */
    @FunctionalInterface
    public interface ReconnectPolicy {
        boolean shouldReconnect(int closeCode);
    }

    /** Where the delays between attempts are waited; tests give their own clock. */
    interface Delays {
        void after(Duration delay, Runnable task);
    }

    private static final Delays DEFAULT_DELAYS = (delay, task) ->
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task);

    private final URI uri;
    private final ClientOptions options;
    private final WebSocket.Listener listener;
    private final Events events;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final int maxAttempts;
    private final ReconnectPolicy policy;
    private final long bufferLimit;
    private final Delays delays;
    private final DoubleSupplier random;

    // guarded by this
    private WebSocket current;
    private boolean open;
    private boolean closed;
    private int failuresInARow;
    private long bufferedBytes;
    private final ArrayDeque<PendingSend> buffered = new ArrayDeque<>();

    /** A send made while disconnected: {@code text} or {@code data} (a copy), and its future. */
    private record PendingSend(String text, ByteBuffer data, CompletableFuture<Void> done) {
        long bytes() {
            return text != null ? text.getBytes(StandardCharsets.UTF_8).length : data.remaining(); // only while disconnected
        }

        CompletableFuture<Void> sendOn(WebSocket ws) {
            return text != null ? ws.send(text) : ws.send(data);
        }
    }

    private ReconnectingWebSocket(Builder builder) {
        this.uri = builder.uri;
        this.options = builder.options;
        this.listener = builder.listener;
        this.events = builder.events;
        this.initialDelay = builder.initialDelay;
        this.maxDelay = builder.maxDelay;
        this.maxAttempts = builder.maxAttempts;
        this.policy = builder.policy;
        this.bufferLimit = builder.bufferLimit;
        this.delays = builder.delays;
        this.random = builder.random;
    }

    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** The current connection (open or on its way), or null between connections. */
    public synchronized WebSocket current() {
        return current;
    }

    /** Whether a connection is open now. */
    public synchronized boolean isOpen() {
        return open;
    }

    public CompletableFuture<Void> send(String text) {
        return send(new PendingSend(Objects.requireNonNull(text, "text"), null, null));
    }

    public CompletableFuture<Void> send(ByteBuffer data) {
        return send(new PendingSend(null, data, null));
    }

    /**
     * Sends on the open connection; while disconnected, buffers the message up to
     * {@code bufferWhileDisconnected} bytes (sent in order once the next connection opens) or, without
     * a buffer or past it, fails the future with {@link IllegalStateException}.
     */
    private CompletableFuture<Void> send(PendingSend message) {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("ReconnectingWebSocket is closed"));
            }
            if (!open) {
                long bytes = message.bytes();
                if (bufferedBytes + bytes > bufferLimit) {
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "Not connected, and " + (bufferLimit == 0 ? "sends are not buffered"
                                    : "the buffer for sends while disconnected (" + bufferLimit + " bytes) is full")));
                }
                PendingSend pending = new PendingSend(message.text(),
                        message.data() == null ? null : copy(message.data()), new CompletableFuture<>());
                buffered.add(pending);
                bufferedBytes += bytes;
                return pending.done();
            }
            ws = current;
        }
        return message.sendOn(ws);
    }

    private static ByteBuffer copy(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data.duplicate()).flip();
        return copy;
    }

    /** Closes the connection, if any, and stops reconnecting for good; buffered sends fail. */
    public CompletableFuture<Void> close(int code, String reason) {
        WebSocket ws;
        synchronized (this) {
            closed = true;
            failBuffered(new IllegalStateException("ReconnectingWebSocket closed"));
            ws = current;
        }
        return ws == null ? CompletableFuture.completedFuture(null) : ws.close(code, reason);
    }

    public CompletableFuture<Void> close() {
        return close(1000, "");
    }

    private void connect() {
        synchronized (this) {
            if (closed) {
                return;
            }
            current = WebSocket.connect(uri, options, new Forwarding());
        }
    }

    /** The backoff before attempt {@code failures} in a row (1-based): full jitter under the capped exponential. */
    Duration delayFor(int failures) {
        double cap = Math.min(maxDelay.toNanos(), initialDelay.toNanos() * Math.pow(2, failures - 1));
        return Duration.ofNanos((long) (cap * random.getAsDouble()));
    }

    private void opened(WebSocket ws) {
        int number;
        synchronized (this) {
            if (ws != current) {
                return;
            }
            open = true;
            number = failuresInARow;
            failuresInARow = 0;
            // The buffered messages go first, in order, before anything sent from now on.
            PendingSend pending;
            while ((pending = buffered.poll()) != null) {
                forward(pending.sendOn(ws), pending.done());
            }
            bufferedBytes = 0;
        }
        events.onConnected(ws, number);
    }

    private static void forward(CompletableFuture<Void> from, CompletableFuture<Void> to) {
        from.whenComplete((ignored, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(null);
            }
        });
    }

    private void ended(WebSocket ws, int code) {
        Duration delay;
        int next;
        synchronized (this) {
            if (ws != current) {
                return;
            }
            boolean wasOpen = open;
            open = false;
            current = null;
            if (closed) {
                return;
            }
            if (!wasOpen) {
                failuresInARow++;
            } else {
                failuresInARow = 1;
            }
            if (!policy.shouldReconnect(code) || (maxAttempts > 0 && failuresInARow > maxAttempts)) {
                closed = true;
                failBuffered(new IllegalStateException("ReconnectingWebSocket gave up after close code " + code));
                next = -1;
                delay = null;
            } else {
                next = failuresInARow;
                delay = delayFor(failuresInARow);
            }
        }
        if (next < 0) {
            events.onGiveUp(code);
            return;
        }
        events.onReconnecting(next, delay, code);
        delays.after(delay, this::connect);
    }

    private void failBuffered(Throwable why) {
        PendingSend pending;
        while ((pending = buffered.poll()) != null) {
            pending.done().completeExceptionally(why);
        }
        bufferedBytes = 0;
    }

    /** Each connection's listener: every event goes to the user's, plus the reconnecting. */
    private final class Forwarding implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            opened(ws);
            listener.onOpen(ws);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            listener.onText(ws, text);
        }

        @Override
        public void onBinary(WebSocket ws, ByteBuffer data) {
            listener.onBinary(ws, data);
        }

        @Override
        public void onPing(WebSocket ws, ByteBuffer data) {
            listener.onPing(ws, data);
        }

        @Override
        public void onPong(WebSocket ws, ByteBuffer data) {
            listener.onPong(ws, data);
        }

        @Override
        public void onDrain(WebSocket ws) {
            listener.onDrain(ws);
        }

        @Override
        public void onBinaryFragments(WebSocket ws, List<ByteBuffer> fragments) {
            listener.onBinaryFragments(ws, fragments);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            listener.onError(ws, error);
        }

        @Override
        public void onUpgrade(WebSocket ws, HttpHead response) {
            listener.onUpgrade(ws, response);
        }

        @Override
        public boolean onUnexpectedResponse(WebSocket ws, HttpHead response, byte[] body) {
            return listener.onUnexpectedResponse(ws, response, body);
        }

        @Override
        public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
            listener.onRedirect(ws, location, requestHeaders);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
            try {
                listener.onClose(ws, code, reason, wasClean);
            } finally {
                ended(ws, code);
            }
        }
    }

    /** Builds a {@link ReconnectingWebSocket}; not thread-safe. */
    public static final class Builder {
        private final URI uri;
        private ClientOptions options = ClientOptions.DEFAULTS;
        private WebSocket.Listener listener = new WebSocket.Listener() {};
        private Events events = new Events() {};
        private Duration initialDelay = Duration.ofSeconds(1);
        private Duration maxDelay = Duration.ofSeconds(30);
        private int maxAttempts;
        private ReconnectPolicy policy = code -> true;
        private long bufferLimit;
        private Delays delays = DEFAULT_DELAYS;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
        }

        public Builder options(ClientOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Hears every connection's events in turn. */
        public Builder listener(WebSocket.Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder events(Events events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** The backoff's base (default 1 s): the first retry waits up to this, each failure in a row doubles it. */
        public Builder initialDelay(Duration delay) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("initialDelay must be positive");
            }
            this.initialDelay = delay;
            return this;
        }

        /** The backoff's cap (default 30 s). */
        public Builder maxDelay(Duration delay) {
            if (delay.isNegative() || delay.isZero()) {
                throw new IllegalArgumentException("maxDelay must be positive");
            }
            this.maxDelay = delay;
            return this;
        }

        /** Retries in a row that fail to open a connection before giving up (default 0: never give up). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 0) {
                throw new IllegalArgumentException("maxAttempts must be >= 0");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** Whether a connection that ended with this close code is worth another (default: always). */
        public Builder reconnectIf(ReconnectPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Buffer sends made while disconnected, up to {@code bytes}, and send them in order when the next
         * connection opens (default 0: such sends fail at once with {@link IllegalStateException}).
         */
        public Builder bufferWhileDisconnected(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("bufferWhileDisconnected must be >= 0");
            }
            this.bufferLimit = bytes;
            return this;
        }

        Builder delays(Delays delays) {
            this.delays = delays;
            return this;
        }

        Builder random(DoubleSupplier random) {
            this.random = random;
            return this;
        }

        /** Starts the first connection and returns at once. */
        public ReconnectingWebSocket connect() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay must not be less than initialDelay");
            }
            ReconnectingWebSocket ws = new ReconnectingWebSocket(this);
            ws.connect();
            return ws;
        }
    }
}
