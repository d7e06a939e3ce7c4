package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WebSocket.Listener} that queues every event it receives, for tests to take one at a time
 * with bounded waits (after OkHttp's {@code WebSocketRecorder}). Callbacks run on the connection's
 * event loop; the test thread reads the queue, so the queue is the only shared state.
 *
 * <p>Subclass and override a callback (calling {@code super}) to add behaviour such as throwing.
 */
class RecordingListener implements WebSocket.Listener {
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(5);

    /** A recorded event. */
    interface Event {}

    record Open(WebSocket ws) implements Event {}

    record Text(String text) implements Event {}

    /** A binary message; {@code data} is a copy made on arrival. */
    record Binary(byte[] data) implements Event {}

    record Fragments(List<byte[]> fragments) implements Event {}

    record Ping(byte[] data) implements Event {}

    record Pong(byte[] data) implements Event {}

    record Close(int code, String reason) implements Event {}

    record Failure(Throwable error) implements Event {}

    record Upgrade(HttpHead response) implements Event {}

    record UnexpectedResponse(HttpHead response, byte[] body) implements Event {}

    record Redirect(URI location) implements Event {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean handleUnexpectedResponses;
    private volatile boolean echo;

    /** A recorder made on a test's thread is checked for unconsumed events after the test. */
    RecordingListener() {
        LoopbackTeardown.made(this);
    }

    /** Answers {@code true} from {@link #onUnexpectedResponse}: the response counts as handled. */
    RecordingListener handlingUnexpectedResponses() {
        this.handleUnexpectedResponses = true;
        return this;
    }

    /** Also sends every text and binary message back (after recording it). */
    RecordingListener echoing() {
        this.echo = true;
        return this;
    }

    // ---------------------------------------------------------------- callbacks (event loop)

    @Override
    public void onOpen(WebSocket ws) {
        events.add(new Open(ws));
    }

    @Override
    public void onText(WebSocket ws, String text) {
        events.add(new Text(text));
        if (echo) {
            ws.send(text);
        }
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        events.add(new Binary(bytesOf(data)));
        if (echo) {
            ws.send(data);
        }
    }

    @Override
    public void onBinaryFragments(WebSocket ws, List<ByteBuffer> fragments) {
        List<byte[]> copies = new ArrayList<>(fragments.size());
        fragments.forEach(fragment -> copies.add(bytesOf(fragment.duplicate())));
        events.add(new Fragments(copies));
    }

    @Override
    public void onPing(WebSocket ws, ByteBuffer data) {
        events.add(new Ping(bytesOf(data)));
    }

    @Override
    public void onPong(WebSocket ws, ByteBuffer data) {
        events.add(new Pong(bytesOf(data)));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        events.add(new Close(code, reason));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        events.add(new Failure(error));
    }

    @Override
    public void onUpgrade(WebSocket ws, HttpHead response) {
        events.add(new Upgrade(response));
    }

    @Override
    public boolean onUnexpectedResponse(WebSocket ws, HttpHead response, byte[] body) {
        events.add(new UnexpectedResponse(response, body.clone()));
        return handleUnexpectedResponses;
    }

    @Override
    public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
        events.add(new Redirect(location));
    }

    // ---------------------------------------------------------------- assertions (test thread)

    /** The next event, waiting at most {@link #DEFAULT_WAIT}. */
    Event next() {
        try {
            Event event = events.poll(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                fail("No event within " + DEFAULT_WAIT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for an event", e);
        }
    }

    /** The next event within {@code wait}, or null: for tests that watch several connections at once. */
    Event poll(Duration wait) {
        try {
            return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting for an event", e);
        }
    }

    /** The next event, which must be of {@code type}. */
    <T extends Event> T next(Class<T> type) {
        Event event = next();
        assertThat(event).as("next event").isInstanceOf(type);
        return type.cast(event);
    }

    /** Skips {@link Upgrade} events (clients only) and returns the next other event. */
    Event nextSkippingUpgrade() {
        Event event = next();
        while (event instanceof Upgrade) {
            event = next();
        }
        return event;
    }

    WebSocket nextOpen() {
        Event event = nextSkippingUpgrade();
        assertThat(event).as("next event").isInstanceOf(Open.class);
        return ((Open) event).ws();
    }

    String nextText() {
        return next(Text.class).text();
    }

    byte[] nextBinary() {
        return next(Binary.class).data();
    }

    Close nextClose() {
        return next(Close.class);
    }

    void assertNextClose(int code, String reason) {
        assertThat(nextClose()).isEqualTo(new Close(code, reason));
    }

    Throwable nextError() {
        return next(Failure.class).error();
    }

    /**
     * Asserts that no event arrives within {@code window}. The one bounded wait these tests allow:
     * absence can only be observed over time.
     */
    void assertNoEventWithin(Duration window) {
        try {
            Event event = events.poll(window.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("event within " + window).isNull();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }

    /** Asserts that every recorded event has been taken. */
    void assertExhausted() {
        assertThat(events).as("unconsumed events").isEmpty();
    }

    /**
     * What teardown checks: no message, ping, pong, error or redirect is left unconsumed (lifecycle
     * events, the upgrade, open and close, a test may leave when they are not its subject).
     */
    void assertNoUnexpectedEvents() {
        assertThat(events).as("unconsumed events").allMatch(
                event -> event instanceof Upgrade || event instanceof Open || event instanceof Close);
    }

    static byte[] bytesOf(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return bytes;
    }
}
