package dev.jvmws.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EchoServerTest {

    private WebSocketServer server;

    @AfterEach
    void stop() throws Exception {
        server.clients().forEach(WebSocket::terminate);
        server.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void echoesTextAndBinaryMessagesToTheirSender() throws Exception {
        server = EchoServer.start(0).get(10, TimeUnit.SECONDS);
        Recorder client = new Recorder();
        WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + server.address().getPort()), client);
        client.assertNext("open");

        ws.send("hello, echo");
        assertThat(client.nextText()).isEqualTo("hello, echo");
        ws.send(new byte[] {1, 2, 3, (byte) 0xff});
        assertThat(client.next()).isEqualTo(new byte[] {1, 2, 3, (byte) 0xff});

        ws.close(1000, "done").get(10, TimeUnit.SECONDS);
        client.assertNext("close: 1000");
    }
}
