package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingServerListener.Accepted;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An independent peer: the JDK's {@code java.net.http} WebSocket client against our server. The JDK
 * client checks the server side of the RFC strictly (handshake, framing, closing).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JdkClientInteropTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LoopbackServer loopback;
    private java.net.http.WebSocket jdk;

    @AfterEach
    void tearDown() throws Exception {
        if (jdk != null) {
            jdk.abort();
        }
    }

    private JdkRecorder connectJdk() throws Exception {
        JdkRecorder recorder = new JdkRecorder();
        jdk = HTTP.newWebSocketBuilder().buildAsync(loopback.uri(), recorder).get(5, TimeUnit.SECONDS);
        return recorder;
    }

    private void startEchoServer() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing()));
    }

    @Test
    void echoesText() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();

        jdk.sendText("hello from the JDK", true).get(5, TimeUnit.SECONDS);

        assertThat(client.next()).isEqualTo("hello from the JDK");
    }

    @Test
    void echoesBinary() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();

        jdk.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3, (byte) 0xFE}), true).get(5, TimeUnit.SECONDS);

        assertThat((byte[]) client.next()).containsExactly(1, 2, 3, 0xFE);
    }

    @Test
    void joinsTextTheJdkSendsInParts() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();

        jdk.sendText("part one, ", false).get(5, TimeUnit.SECONDS);
        jdk.sendText("part two, ", false).get(5, TimeUnit.SECONDS);
        jdk.sendText("the end", true).get(5, TimeUnit.SECONDS);

        Accepted server = loopback.events.nextConnection();
        assertThat(server.events().nextText()).isEqualTo("part one, part two, the end");
        assertThat(client.next()).isEqualTo("part one, part two, the end");
    }

    @Test
    void echoesA16MiBBinaryMessage() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();
        byte[] data = new byte[16 * 1024 * 1024];
        new Random(13).nextBytes(data);

        jdk.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);

        assertThat(Arrays.mismatch((byte[]) client.next(), data)).as("first differing byte").isEqualTo(-1);
    }

    @Test
    void answersTheJdkPingWithAPong() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();

        jdk.sendPing(ByteBuffer.wrap("ping!".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);

        assertThat(client.next()).isEqualTo(new Pong("ping!"));
    }

    @Test
    void jdkSeesTheServersCloseCodeAndReason() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();
        Accepted server = loopback.events.nextConnection();

        server.ws().close(4001, "bye");

        assertThat(client.next()).isEqualTo(new Closed(4001, "bye"));
        // The JDK echoes the code without the reason, and our onClose reports what the peer sent.
        assertThat(server.events().nextClose().code()).isEqualTo(4001);
    }

    @Test
    void serverSeesTheJdkCloseCode() throws Exception {
        startEchoServer();
        JdkRecorder client = connectJdk();
        Accepted server = loopback.events.nextConnection();

        jdk.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);

        server.events().assertNextClose(1000, "done");
        assertThat(client.next()).isEqualTo(new Closed(1000, "done")); // our server echoes code and reason
    }

    @Test
    void negotiatesTheSubprotocolTheServerSelects() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().handleProtocols((offered, request) -> "b"));

        jdk = HTTP.newWebSocketBuilder().subprotocols("a", "b")
                .buildAsync(loopback.uri(), new JdkRecorder()).get(5, TimeUnit.SECONDS);

        assertThat(jdk.getSubprotocol()).isEqualTo("b");
        Accepted server = loopback.events.nextConnection();
        assertThat(server.request().requestedSubprotocols()).containsExactly("a", "b");
        assertThat(server.ws().protocol()).isEqualTo("b");
    }

    record Pong(String payload) {}

    record Closed(int code, String reason) {}

    /**
     * Queues whole messages (String or byte[]), pongs, the close and errors, joining the parts the
     * JDK delivers; requests the next event after each.
     */
    static final class JdkRecorder implements java.net.http.WebSocket.Listener {
        private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(java.net.http.WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                events.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(java.net.http.WebSocket ws, ByteBuffer message) {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            events.add(new Pong(new String(bytes, StandardCharsets.UTF_8)));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(java.net.http.WebSocket ws, int statusCode, String reason) {
            events.add(new Closed(statusCode, reason));
            return CompletableFuture.completedFuture(null); // the JDK then answers the close
        }

        @Override
        public void onError(java.net.http.WebSocket ws, Throwable error) {
            events.add(error);
        }

        Object next() throws InterruptedException {
            Object event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("JDK client event").isNotNull();
            return event;
        }
    }
}
