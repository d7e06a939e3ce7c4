package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client listener that queues what it sees as lines ("open", "text: …", "close: 1000"); waits are bounded. */
final class Recorder implements WebSocket.Listener {
    static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Override
    public void onOpen(WebSocket ws) {
        events.add("open");
    }

    @Override
    public void onText(WebSocket ws, String text) {
        events.add("text: " + text);
    }

    @Override
    public void onBinary(WebSocket ws, ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        events.add(bytes);
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        events.add("close: " + code);
    }

    /** The next event, waiting at most {@link #WAIT_SECONDS}. */
    Object next() throws InterruptedException {
        Object event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(event).as("an event within %d s", WAIT_SECONDS).isNotNull();
        return event;
    }

    /** The next text message's content. */
    String nextText() throws InterruptedException {
        Object event = next();
        assertThat(event).isInstanceOf(String.class).asString().startsWith("text: ");
        return ((String) event).substring("text: ".length());
    }

    void assertNext(String expected) throws InterruptedException {
        assertThat(next()).isEqualTo(expected);
    }
}
