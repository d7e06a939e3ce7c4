package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingListener.Fragments;
import dev.jvmws.RecordingListener.Ping;
import dev.jvmws.RecordingListener.Pong;
import dev.jvmws.RecordingServerListener.Accepted;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages between our client and our server over loopback. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ServerClientTest {
    private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

    private LoopbackServer loopback;

    @Test
    void aHeadersHookEditsThe101AndOthersGetTheStandardOne() throws Exception {
        // Servers without the hook write the 101 without building headers; one with it sends its additions.
        loopback = LoopbackServer.start(ServerOptions.builder()
                .responseHeaders((headers, request) -> headers.add("X-Hook", request.path())));
        RecordingListener hooked = new RecordingListener();
        loopback.connect(hooked);
        RecordingListener.Upgrade upgrade = hooked.next(RecordingListener.Upgrade.class);
        assertThat(upgrade.response().headers().first("X-Hook")).contains("/");
        assertThat(upgrade.response().headers().first("Sec-WebSocket-Accept")).isPresent();
        hooked.nextOpen();
        loopback.close();

        loopback = LoopbackServer.start();
        RecordingListener plain = new RecordingListener();
        loopback.connect(plain);
        RecordingListener.Upgrade standard = plain.next(RecordingListener.Upgrade.class);
        assertThat(standard.response().headers().size()).isEqualTo(3);
        assertThat(standard.response().headers().first("Upgrade")).contains("websocket");
        plain.nextOpen();
    }

    @Test
    void deliversATextMessageToTheServer() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        client.send("hello").get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextText()).isEqualTo("hello");
    }

    @Test
    void deliversATextMessageToTheClient() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        server.ws().send("from the server").get(5, TimeUnit.SECONDS);

        assertThat(client.nextText()).isEqualTo("from the server");
    }

    @Test
    void deliversABinaryMessageBothWays() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing()));
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();

        ws.send(new byte[] {0, 1, 2, (byte) 0xFF}).get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextBinary()).containsExactly(0, 1, 2, 0xFF);
        assertThat(client.nextBinary()).containsExactly(0, 1, 2, 0xFF);
    }

    @Test
    void joinsFragmentsSentWithFinFalseIntoOneTextMessage() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        client.send("frag", SendOptions.MORE_FRAGMENTS);
        client.send("men", SendOptions.MORE_FRAGMENTS);
        client.send("ted", SendOptions.DEFAULT).get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextText()).isEqualTo("fragmented");
    }

    @Test
    void joinsFragmentsSentWithFinFalseIntoOneBinaryMessage() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        client.send(ByteBuffer.wrap(new byte[] {1, 2}), SendOptions.MORE_FRAGMENTS);
        client.send(ByteBuffer.wrap(new byte[] {3}), SendOptions.DEFAULT).get(5, TimeUnit.SECONDS);

        assertThat(server.events().nextBinary()).containsExactly(1, 2, 3);
    }

    @Test
    void aMessageBegunWithFinFalseOnOneThreadIsNotContinuedByAnotherThreadsSend() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            client.send("frag", SendOptions.MORE_FRAGMENTS).get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> whole = other.submit(() -> client.send("whole")).get(5, TimeUnit.SECONDS);
            client.send("men", SendOptions.MORE_FRAGMENTS).get(5, TimeUnit.SECONDS);
            assertThat(whole).as("waits for the unfinished message to end").isNotDone();
            client.send("ted").get(5, TimeUnit.SECONDS);
            whole.get(5, TimeUnit.SECONDS);
        } finally {
            other.shutdown();
        }
        assertThat(server.events().nextText()).isEqualTo("fragmented");
        assertThat(server.events().nextText()).isEqualTo("whole");
    }

    @Test
    void aMessageWriterOwnsItsMessageWhicheverThreadWritesItsParts() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            MessageWriter message = client.newMessage(SendOptions.Type.BINARY);
            message.write(ByteBuffer.wrap(new byte[] {1, 2})).get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> meanwhile = client.send(ByteBuffer.wrap(new byte[] {9}));
            other.submit(() -> message.write(ByteBuffer.wrap(new byte[] {3}))).get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
            assertThat(meanwhile).as("a send on the socket waits for the writer's message").isNotDone();
            message.finish(ByteBuffer.wrap(new byte[] {4})).get(5, TimeUnit.SECONDS);
            meanwhile.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(() -> message.write(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class);
        } finally {
            other.shutdown();
        }
        assertThat(server.events().nextBinary()).containsExactly(1, 2, 3, 4);
        assertThat(server.events().nextBinary()).containsExactly(9);
    }

    @Test
    void sendsWaitingBehindAnUnfinishedMessageFailWhenTheSocketCloses() throws Exception {
        loopback = LoopbackServer.start();
        WebSocket client = loopback.connectOpen(new RecordingListener());
        MessageWriter message = client.newMessage(SendOptions.Type.TEXT);
        message.write("never finished").get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> waiting = client.send("behind it");
        client.terminate();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void transfersA16MiBTextMessageBothWays() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing()));
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();
        char[] chars = new char[SIXTEEN_MIB];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + i % 26);
        }
        String text = new String(chars);

        ws.send(text).get(10, TimeUnit.SECONDS);

        assertThat(server.events().nextText()).isEqualTo(text);
        assertThat(client.nextText()).isEqualTo(text);
    }

    @Test
    void transfersA16MiBBinaryMessageBothWays() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing()));
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();
        byte[] data = new byte[SIXTEEN_MIB];
        new Random(6455).nextBytes(data);

        ws.send(data).get(10, TimeUnit.SECONDS);

        assertThat(Arrays.mismatch(server.events().nextBinary(), data)).as("first differing byte").isEqualTo(-1);
        assertThat(Arrays.mismatch(client.nextBinary(), data)).as("first differing byte").isEqualTo(-1);
    }

    @Test
    void answersAPingWithAPongCarryingTheSamePayload() throws Exception {
        loopback = LoopbackServer.start();
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        Accepted server = loopback.events.nextConnection();
        byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);

        ws.ping(ByteBuffer.wrap(payload)).get(5, TimeUnit.SECONDS);

        assertThat(server.events().next(Ping.class).data()).isEqualTo(payload);
        assertThat(client.next(Pong.class).data()).isEqualTo(payload);
    }

    @Test
    void deliversABinaryMessageAsItsFragmentsWithBinaryTypeFragments() throws Exception {
        loopback = LoopbackServer.start(new RecordingServerListener()
                .onEachConnection(ws -> ws.binaryType(BinaryType.FRAGMENTS)));
        WebSocket client = loopback.connectOpen(new RecordingListener());
        Accepted server = loopback.events.nextConnection();

        client.send(ByteBuffer.wrap(new byte[] {1}), SendOptions.MORE_FRAGMENTS);
        client.send(ByteBuffer.wrap(new byte[] {2, 2}), SendOptions.MORE_FRAGMENTS);
        client.send(ByteBuffer.wrap(new byte[] {3, 3, 3}), SendOptions.DEFAULT).get(5, TimeUnit.SECONDS);

        Fragments fragments = server.events().next(Fragments.class);
        assertThat(fragments.fragments()).hasSize(3);
        assertThat(fragments.fragments().get(0)).containsExactly(1);
        assertThat(fragments.fragments().get(1)).containsExactly(2, 2);
        assertThat(fragments.fragments().get(2)).containsExactly(3, 3, 3);
    }

    @Test
    void reportsTheSubprotocolTheServerSelected() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().handleProtocols((offered, request) -> "b"));
        WebSocket client = loopback.connect(ClientOptions.builder().subprotocols("a", "b").build(),
                new RecordingListener());
        client.whenOpen().get(5, TimeUnit.SECONDS);

        assertThat(client.protocol()).isEqualTo("b");
        assertThat(loopback.events.nextConnection().ws().protocol()).isEqualTo("b");
    }
}
