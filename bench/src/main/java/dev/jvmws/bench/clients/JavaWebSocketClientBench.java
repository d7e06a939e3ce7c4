package dev.jvmws.bench.clients;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/**
 * Workload C1 with Java-WebSocket (org.java-websocket 1.6.0): one {@link WebSocketClient} per
 * connection (each with its own read and write threads), no lost-connection pinger, TCP_NODELAY on as
 * the other clients have it.
 */
public final class JavaWebSocketClientBench {

    public static void main(String[] args) {
        ClientBench.run(args, (url, onEcho) -> {
            EchoClient client = new EchoClient(url, onEcho);
            client.setConnectionLostTimeout(0);
            client.setTcpNoDelay(true);
            if (!client.connectBlocking(ClientBench.OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("could not connect to " + url);
            }
            return new ClientBench.Connection(client::send, client::close);
        });
    }

    /** Java-WebSocket's client is an abstract class: this one passes text messages on. */
    private static final class EchoClient extends WebSocketClient {
        private final Runnable onEcho;

        EchoClient(URI url, Runnable onEcho) {
            super(url);
            this.onEcho = onEcho;
        }

        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String message) {
            onEcho.run();
        }

        @Override
        public void onMessage(ByteBuffer bytes) {}

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception error) {}
    }
}
