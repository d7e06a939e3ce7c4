package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeadParser;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ws's {@code noServer} mode: the application accepts the socket and reads the request itself (its
 * own HTTP front), then hands both to {@link WebSocketServer#handleUpgrade}.
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

    @Test
    void anUpgradeReadElsewhereIsCompletedByHandleUpgrade() throws Exception {
        RecordingServerListener events = new RecordingServerListener();
        WebSocketServer server = WebSocketServer.start(ServerOptions.builder().noServer(true).build(), events)
                .get(5, TimeUnit.SECONDS);
        try (ServerSocketChannel front = ServerSocketChannel.open()) {
            front.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = (InetSocketAddress) front.getLocalAddress();
            RecordingListener client = new RecordingListener();
            WebSocket ws = WebSocket.connect(java.net.URI.create("ws://127.0.0.1:" + address.getPort() + "/chat"),
                    ClientOptions.builder().build(), client);
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
        } finally {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(5, TimeUnit.SECONDS);
        }
    }
}
