package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeadParser;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ws's {@code noServer} mode: the application accepts the socket and reads the request itself (its
 * own HTTP front), then hands both to {@link WebSocketServer#handleUpgrade} — as a
 * {@link SocketChannel}, or as any blocking {@link ByteChannel} (a servlet container's upgraded
 * stream), which the server drives with threads of its own.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class NoServerUpgradeTest {

    /** Reads the request head from {@code channel} as an application's HTTP front would. */
    private static HandshakeRequest readRequest(SocketChannel channel, ByteBuffer buffer) throws Exception {
        HttpHeadParser parser = HttpHeadParser.forRequests(8192);
        while (true) {
            if (channel.read(buffer) < 0) {
                throw new AssertionError("peer closed before its request ended");
            }
            buffer.flip();
            HttpHeadParser.Status status = parser.parse(buffer);
            buffer.compact();
            if (status == HttpHeadParser.Status.DONE) {
                buffer.flip(); // what follows the head: handed over with the socket
                return HandshakeRequest.of(parser.head(), (InetSocketAddress) channel.getRemoteAddress(), false);
            }
            assertThat(status).isEqualTo(HttpHeadParser.Status.NEED_MORE);
        }
    }

    private final RecordingServerListener events = new RecordingServerListener();
    private WebSocketServer server;
    private ServerSocketChannel front;

    @BeforeEach
    void startServerAndFront() throws Exception {
        server = WebSocketServer.start(ServerOptions.builder().noServer(true).build(), events).get(5, TimeUnit.SECONDS);
        front = ServerSocketChannel.open();
        front.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        server.clients().forEach(WebSocket::terminate);
        server.close().get(5, TimeUnit.SECONDS);
    }

    private WebSocket connect(RecordingListener client) {
        int port = ((InetSocketAddress) front.socket().getLocalSocketAddress()).getPort();
        return WebSocket.connect(URI.create("ws://127.0.0.1:" + port + "/chat"), ClientOptions.builder().build(), client);
    }

    @Test
    void anUpgradeReadElsewhereIsCompletedByHandleUpgrade() throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(client);
        try {
            SocketChannel accepted = front.accept();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            HandshakeRequest request = readRequest(accepted, buffer);
            assertThat(server.shouldHandle(request)).isTrue();
            WebSocket serverSide = server.handleUpgrade(request, accepted, buffer).get(5, TimeUnit.SECONDS);

            assertThat(client.nextOpen()).isSameAs(ws);
            RecordingServerListener.Accepted connection = events.nextConnection();
            assertThat(connection.ws()).isSameAs(serverSide);
            assertThat(connection.request().path()).isEqualTo("/chat");
            assertThat(server.clients()).containsExactly(serverSide);
            ws.send("through the front");
            assertThat(connection.events().nextText()).isEqualTo("through the front");
        } finally {
            ws.terminate();
        }
    }

    /**
     * A socket the server sees only as a blocking {@link ByteChannel}, as a servlet container's
     * upgraded stream: nothing it can put on a selector.
     */
    private static final class OpaqueChannel implements ByteChannel {
        private final SocketChannel socket;

        OpaqueChannel(SocketChannel socket) {
            this.socket = socket;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            return socket.read(into);
        }

        @Override
        public int write(ByteBuffer from) throws IOException {
            return socket.write(from);
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Upgrades a client's connection through an {@link OpaqueChannel}; returns the server's side. */
    private RecordingServerListener.Accepted upgradeOverAStream(RecordingListener client, WebSocket ws) throws Exception {
        SocketChannel accepted = front.accept(); // blocking, as a container's stream
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        HandshakeRequest request = readRequest(accepted, buffer);
        WebSocket serverSide = server.handleUpgrade(request, new OpaqueChannel(accepted), buffer).get(5, TimeUnit.SECONDS);
        assertThat(client.nextOpen()).isSameAs(ws);
        RecordingServerListener.Accepted connection = events.nextConnection();
        assertThat(connection.ws()).isSameAs(serverSide);
        return connection;
    }

    @Test
    void anyByteChannelCarriesAConnectionBothWaysAndClosesCleanly() throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(client);
        RecordingServerListener.Accepted connection = upgradeOverAStream(client, ws);
        WebSocket serverSide = connection.ws();
        assertThat(serverSide.remoteAddress()).isNull();

        // Larger than the transport's read chunk and its write buffer: both are cut and refilled.
        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(6455).nextBytes(big);
        ws.send(ByteBuffer.wrap(big));
        ws.send("after the big one");
        assertThat(connection.events().nextBinary()).isEqualTo(big);
        assertThat(connection.events().nextText()).isEqualTo("after the big one");
        serverSide.send(ByteBuffer.wrap(big));
        serverSide.send("and back");
        assertThat(client.nextBinary()).isEqualTo(big);
        assertThat(client.nextText()).isEqualTo("and back");

        ws.close(1000, "bye");
        connection.events().assertNextClose(1000, "bye");
        client.assertNextClose(1000, "bye");
    }

    @Test
    void theServersCloseFrameIsWrittenBeforeTheStreamCloses() throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(client);
        RecordingServerListener.Accepted connection = upgradeOverAStream(client, ws);

        connection.ws().send("last words");
        connection.ws().close(4000, "done");
        assertThat(client.nextText()).isEqualTo("last words");
        client.assertNextClose(4000, "done"); // 1006 if the stream closed before the writer wrote it
        connection.events().assertNextClose(4000, "done");
    }

    @Test
    void aPeerThatVanishesFromTheStreamIsReportedAs1006() throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(client);
        RecordingServerListener.Accepted connection = upgradeOverAStream(client, ws);

        ws.terminate();
        assertThat(connection.events().nextClose().code()).isEqualTo(1006);
        assertThat(client.nextClose().code()).isEqualTo(1006);
    }
}
