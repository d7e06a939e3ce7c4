package dev.jvmws.examples;

import dev.jvmws.ClientOptions;
import dev.jvmws.WebSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client that reconnects whenever its connection closes or fails to open, waiting longer after
 * each failure in a row (exponential backoff: {@code initialDelay}, twice that, four times…, never
 * more than {@code maxDelay}) and starting over from {@code initialDelay} once a connection opens.
 * Only {@link #close()} stops it. The listener is used for every connection, so it sees each
 * {@code onOpen} and {@code onClose} in turn; {@link #current()} is the latest socket.
 *
 * <p>Run (with {@link EchoServer} on 8080; stop and restart the server to watch it reconnect):
 * {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.ReconnectingClient ws://localhost:8080}.
 *
 * <p>Many clients of one server should add random jitter to the delay so they don't all come back
 * in the same instant after the server restarts; this one stays deterministic to be easy to read
 * and test. Thread-safe.
 */
public final class ReconnectingClient implements AutoCloseable {

    private final URI uri;
    private final ClientOptions options;
    private final WebSocket.Listener listener;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "reconnect-timer");
        thread.setDaemon(true);
        return thread;
    });
    private int failuresInARow; // guarded by this
    private boolean closed; // guarded by this
    private WebSocket current; // guarded by this

    public ReconnectingClient(URI uri, ClientOptions options, WebSocket.Listener listener,
            Duration initialDelay, Duration maxDelay) {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("Need 0 < initialDelay <= maxDelay");
        }
        this.uri = uri;
        this.options = options;
        this.listener = listener;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
    }

    /** Connects now; later connections follow by themselves. */
    public synchronized ReconnectingClient start() {
        if (current == null && !closed) {
            connect();
        }
        return this;
    }

    /** The delay before the next attempt after {@code failures} failures in a row (0 = after a drop). */
    public Duration delayAfter(int failures) {
        Duration delay = initialDelay;
        for (int i = 0; i < failures && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private synchronized void connect() {
        if (closed) {
            return;
        }
        WebSocket ws = WebSocket.connect(uri, options, listener);
        current = ws;
        ws.whenOpen().thenRun(this::opened);
        ws.whenClosed().thenRun(this::scheduleNext);
    }

    private synchronized void opened() {
        failuresInARow = 0;
    }

    private synchronized void scheduleNext() {
        if (closed) {
            return;
        }
        Duration delay = delayAfter(failuresInARow);
        failuresInARow++;
        timer.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The latest socket (connecting, open, or closed while the next attempt waits); null before start. */
    public synchronized WebSocket current() {
        return current;
    }

    /** Stops reconnecting and closes the current connection with 1000. */
    @Override
    public void close() {
        WebSocket last;
        synchronized (this) {
            closed = true;
            last = current;
        }
        timer.shutdownNow();
        if (last != null) {
            last.close(1000, "").handle((done, error) -> null).join(); // already closed is fine
        }
    }

    public static void main(String[] args) throws InterruptedException {
        URI uri = URI.create(args.length > 0 ? args[0] : "ws://localhost:8080");
        ReconnectingClient client = new ReconnectingClient(uri, ClientOptions.builder().build(), new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket ws) {
                System.out.println("connected to " + ws.url());
                ws.send("hello again");
            }

            @Override
            public void onText(WebSocket ws, String text) {
                System.out.println("received: " + text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                System.out.println("closed (" + code + "), reconnecting…");
            }
        }, Duration.ofMillis(500), Duration.ofSeconds(30)).start();
        Thread.currentThread().join(); // runs until the process is stopped; client.close() would end it
    }
}
