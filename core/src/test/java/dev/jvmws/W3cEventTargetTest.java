package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingServerListener.Accepted;
import dev.jvmws.event.CloseEvent;
import dev.jvmws.event.ErrorEvent;
import dev.jvmws.event.Event;
import dev.jvmws.event.EventListener;
import dev.jvmws.event.MessageEvent;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** ws's W3C interface on our sockets: addEventListener, the on… handlers, the event classes, both ends. */
@Timeout(30)
@ExtendWith(LoopbackTeardown.class)
class W3cEventTargetTest {

    /** Events as "type:detail" strings, in the order any listener saw them. */
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    private EventListener recorder(String name) {
        return event -> seen.add(name + ":" + describe(event));
    }

    private static String describe(Event event) {
        if (event instanceof MessageEvent message) {
            if (message.isText()) {
                return message.text();
            }
            ByteBuffer binary = message.binary();
            byte[] bytes = new byte[binary.remaining()];
            binary.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8) + "/" + (message.data() instanceof List ? "List" : "ByteBuffer");
        }
        if (event instanceof CloseEvent close) {
            return close.type() + " " + close.code() + " " + close.reason() + " " + close.wasClean();
        }
        if (event instanceof ErrorEvent error) {
            return error.type() + " " + error.message();
        }
        return event.type();
    }

    private String next() throws InterruptedException {
        String event = seen.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event").isNotNull();
        return event;
    }

    @Test
    void listenersRunInInsertionOrderAndAnOnHandlerIsReplacedAtTheEnd() {
        EventListeners listeners = new EventListeners();
        List<String> calls = new CopyOnWriteArrayList<>();
        EventListener a = e -> calls.add("a");
        EventListener b = e -> calls.add("b");
        EventListener once = e -> calls.add("once");
        listeners.setHandler(Event.MESSAGE, e -> calls.add("handler1"));
        listeners.add(Event.MESSAGE, a, false);
        listeners.add(Event.MESSAGE, a, false); // the same listener is not added twice
        listeners.add(Event.MESSAGE, once, true);
        listeners.add(Event.MESSAGE, b, false);
        listeners.add("frame", e -> calls.add("unknown type"), false); // ignored, as ws does
        listeners.add(Event.CLOSE, e -> calls.add("close"), false);

        listeners.dispatch(new MessageEvent(null, "1"));
        assertThat(calls).containsExactly("handler1", "a", "once", "b");
        calls.clear();
        listeners.setHandler(Event.MESSAGE, e -> calls.add("handler2")); // replaces handler1, goes last
        listeners.remove(Event.MESSAGE, b);
        listeners.dispatch(new MessageEvent(null, "2"));
        assertThat(calls).as("once removed after its call; b removed").containsExactly("a", "handler2");
        calls.clear();
        listeners.remove(Event.MESSAGE, listeners.handler(Event.MESSAGE)); // removeEventListener spares on… handlers
        listeners.setHandler(Event.CLOSE, null);
        listeners.dispatch(new MessageEvent(null, "3"));
        listeners.dispatch(new CloseEvent(null, 1000, "", true));
        assertThat(calls).containsExactly("a", "handler2", "close");
        listeners.setHandler(Event.MESSAGE, null);
        assertThat(listeners.handler(Event.MESSAGE)).isNull();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthersAndItsExceptionGoesOn() {
        EventListeners listeners = new EventListeners();
        List<String> calls = new CopyOnWriteArrayList<>();
        listeners.add(Event.MESSAGE, e -> {
            throw new IllegalStateException("first");
        }, false);
        listeners.add(Event.MESSAGE, e -> calls.add("second"), false);
        listeners.add(Event.MESSAGE, e -> {
            throw new IllegalArgumentException("third");
        }, false);
        assertThatThrownBy(() -> listeners.dispatch(new MessageEvent(null, "x")))
                .isInstanceOf(IllegalStateException.class).hasMessage("first")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
        assertThat(calls).containsExactly("second");
    }

    @Test
    void aClientSeesOpenMessagesAndCloseWithTheListenerFirst() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        WebSocket client = loopback.track(WebSocket.connect(loopback.uri(), ClientOptions.DEFAULTS, ws -> {
            ws.setListener(new WebSocket.Listener() {
                @Override
                public void onText(WebSocket socket, String text) {
                    seen.add("listener:" + text);
                }

                @Override
                public void onBinary(WebSocket socket, ByteBuffer data) {
                    data.position(data.limit()); // consumes its buffer: the W3C listeners still get every byte
                }
            });
            ws.setOnopen(recorder("onopen"));
            ws.addEventListener(Event.OPEN, recorder("open"));
            ws.addEventListener(Event.MESSAGE, recorder("message"));
            ws.addEventListener(Event.CLOSE, recorder("close"));
            ws.setOnmessage(recorder("onmessage"));
        }));
        assertThat(client.getOnmessage()).isNotNull();
        assertThat(next()).isEqualTo("onopen:open");
        assertThat(next()).isEqualTo("open:open");
        WebSocket serverSide = server.nextConnection().ws();

        serverSide.send("hello");
        assertThat(next()).isEqualTo("listener:hello");
        assertThat(next()).isEqualTo("message:hello");
        assertThat(next()).isEqualTo("onmessage:hello");
        serverSide.send("bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(next()).isEqualTo("message:bytes/ByteBuffer");
        assertThat(next()).isEqualTo("onmessage:bytes/ByteBuffer");
        client.binaryType(BinaryType.FRAGMENTS);
        serverSide.send("parts".getBytes(StandardCharsets.UTF_8));
        assertThat(next()).as("the FRAGMENTS binary type: a list of buffers").isEqualTo("message:parts/List");
        seen.clear();

        serverSide.close(4000, "done");
        assertThat(next()).isEqualTo("close:close 4000 done true");
        assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).as("close is the last event").isNull();
    }

    @Test
    void aServerSideConnectionTakesListenersInOnConnection() throws Exception {
        RecordingServerListener server = new RecordingServerListener().onEachConnection(ws -> {
            ws.addEventListener(Event.MESSAGE, recorder("server"), true);
            ws.setOnclose(recorder("server"));
        });
        LoopbackServer loopback = LoopbackServer.start(server);
        RecordingListener clientEvents = new RecordingListener();
        WebSocket client = loopback.connectOpen(clientEvents);
        client.send("one");
        client.send("two");
        assertThat(next()).isEqualTo("server:one");
        client.close(1000, "bye");
        assertThat(next()).as("the once listener heard only the first message").isEqualTo("server:close 1000 bye true");
    }

    @Test
    void aThrowingListenerClosesTheConnectionWith1011AndTheErrorEventFollows() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        RecordingListener clientEvents = new RecordingListener();
        WebSocket client = loopback.connectOpen(clientEvents);
        client.addEventListener(Event.MESSAGE, e -> {
            throw new IllegalStateException("listener bug");
        });
        client.addEventListener(Event.MESSAGE, recorder("after"));
        client.setOnerror(recorder("onerror"));
        client.setOnclose(recorder("onclose"));
        Accepted serverSide = server.nextConnection();
        serverSide.ws().send("boom");
        assertThat(next()).isEqualTo("after:boom");
        assertThat(next()).isEqualTo("onerror:error listener bug");
        assertThat(next()).as("we failed the connection: no close frame came back").isEqualTo("onclose:close 1006  false");
        assertThat(serverSide.events().nextClose().code()).as("the peer is told why").isEqualTo(1011);
        assertThat(clientEvents.nextText()).isEqualTo("boom");
        assertThat(clientEvents.nextError()).hasMessage("listener bug");
        assertThat(clientEvents.nextClose().code()).isEqualTo(1006);
    }

    @Test
    void aFailedConnectSendsErrorThenClose1006() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        WebSocket.connect("ws://127.0.0.1:" + port, ClientOptions.builder().build(), ws -> {
            ws.setOnerror(recorder("onerror"));
            ws.setOnclose(recorder("onclose"));
        });
        assertThat(next()).startsWith("onerror:error ");
        assertThat(next()).isEqualTo("onclose:close 1006  false");
    }
}
