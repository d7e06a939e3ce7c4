package dev.jvmws.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A {@link MessageAssembler.Listener} that queues what it receives, with {@code assertNext…} helpers
 * and an {@link #assertExhausted} check (after OkHttp's {@code WebSocketRecorder}).
 */
final class EventRecorder implements MessageAssembler.Listener {

    /** One received event. Payloads are copied out of the listener's buffers. */
    static final class Event {
        final String kind;
        final int code;
        final String text;
        final List<byte[]> data;

        Event(String kind, int code, String text, List<byte[]> data) {
            this.kind = kind;
            this.code = code;
            this.text = text;
            this.data = data;
        }

        byte[] bytes() {
            return data.get(0);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Event)) {
                return false;
            }
            Event e = (Event) o;
            if (!kind.equals(e.kind) || code != e.code || !Objects.equals(text, e.text)
                    || data.size() != e.data.size()) {
                return false;
            }
            for (int i = 0; i < data.size(); i++) {
                if (!Arrays.equals(data.get(i), e.data.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, code, text);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(kind);
            if (code != 0) {
                s.append(' ').append(code);
            }
            if (text != null) {
                s.append(" \"").append(text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text)
                        .append('"');
            }
            for (byte[] d : data) {
                s.append(' ').append(describe(d));
            }
            return s.toString();
        }

        private static String describe(byte[] d) {
            if (d.length <= 40) {
                return "[" + TestFrames.hex(d) + "]";
            }
            CRC32 crc = new CRC32();
            crc.update(d);
            return "[" + d.length + " bytes, crc " + Long.toHexString(crc.getValue()) + "]";
        }
    }

    private final Deque<Event> events = new ArrayDeque<>();
    private final List<Event> all = new ArrayList<>();
    /** Run after each event is queued; lets a test act from inside a callback (e.g. suspend). */
    Runnable afterEvent = () -> {};

    @Override
    public void onText(String text) {
        add(new Event("text", 0, text, List.of()));
    }

    @Override
    public void onBinary(ByteBuffer data) {
        add(new Event("binary", 0, null, List.of(bytes(data))));
    }

    @Override
    public void onBinaryFragments(List<ByteBuffer> fragments) {
        List<byte[]> copies = new ArrayList<>();
        for (ByteBuffer fragment : fragments) {
            copies.add(bytes(fragment));
        }
        add(new Event("binaryFragments", 0, null, copies));
    }

    @Override
    public void onPing(ByteBuffer payload) {
        add(new Event("ping", 0, null, List.of(bytes(payload))));
    }

    @Override
    public void onPong(ByteBuffer payload) {
        add(new Event("pong", 0, null, List.of(bytes(payload))));
    }

    @Override
    public void onClose(int code, String reason) {
        add(new Event("close", code, reason, List.of()));
    }

    @Override
    public void onViolation(WebSocketProtocolException error) {
        add(new Event("violation", error.closeCode(), error.getMessage(), List.of()));
    }

    private void add(Event event) {
        events.add(event);
        all.add(event);
        afterEvent.run();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    /** Every event received so far, including those already taken by {@code assertNext…}. */
    List<Event> all() {
        return List.copyOf(all);
    }

    int pending() {
        return events.size();
    }

    private Event next(String kind) {
        assertThat(events).as("events: expected a %s next", kind).isNotEmpty();
        Event event = events.poll();
        assertThat(event.kind).as("next event %s", event).isEqualTo(kind);
        return event;
    }

    EventRecorder assertNextText(String expected) {
        Event event = next("text");
        assertThat(event.text).as("text").isEqualTo(expected);
        return this;
    }

    EventRecorder assertNextBinary(byte[] expected) {
        Event event = next("binary");
        assertThat(event.bytes()).as("binary %s", event).isEqualTo(expected);
        return this;
    }

    EventRecorder assertNextBinary(String expectedHex) {
        return assertNextBinary(TestFrames.hex(expectedHex));
    }

    EventRecorder assertNextBinaryFragments(byte[]... expected) {
        Event event = next("binaryFragments");
        assertThat(event.data).as("fragments %s", event).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(event.data.get(i)).as("fragment %d", i).isEqualTo(expected[i]);
        }
        return this;
    }

    EventRecorder assertNextPing(byte[] expected) {
        assertThat(next("ping").bytes()).as("ping payload").isEqualTo(expected);
        return this;
    }

    EventRecorder assertNextPong(byte[] expected) {
        assertThat(next("pong").bytes()).as("pong payload").isEqualTo(expected);
        return this;
    }

    EventRecorder assertNextClose(int code, String reason) {
        Event event = next("close");
        assertThat(event.code).as("close code").isEqualTo(code);
        assertThat(event.text).as("close reason").isEqualTo(reason);
        return this;
    }

    EventRecorder assertNextViolation(int closeCode) {
        Event event = next("violation");
        assertThat(event.code).as("violation close code (%s)", event.text).isEqualTo(closeCode);
        return this;
    }

    EventRecorder assertNextViolation(int closeCode, String messageContains) {
        Event event = next("violation");
        assertThat(event.code).as("violation close code (%s)", event.text).isEqualTo(closeCode);
        assertThat(event.text).containsIgnoringCase(messageContains);
        return this;
    }

    void assertExhausted() {
        assertThat(events).as("unexpected events").isEmpty();
    }
}
