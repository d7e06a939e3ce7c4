package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code server.metrics()}: every counter observed moving for what it counts. */
@Timeout(30)
class ServerMetricsTest {

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            Thread.sleep(5); // polls state the server's loops update; the assertion is on the state, not the time
        }
    }

    @Test
    void handshakesMessagesBytesFailuresAndCloseCodesAreCounted() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder(), server);
        WebSocketServer ws = loopback.server;
        assertThat(ws.metrics()).isEqualTo(new ServerMetrics(0, 0, Map.of(), 0, 0, 0, 0, Map.of(), Map.of(), 0));

        RecordingListener client = new RecordingListener();
        WebSocket socket = loopback.connect(ClientOptions.builder().perMessageDeflate(false).build(), client);
        client.nextOpen();
        RecordingServerListener.Accepted accepted = server.nextConnection();
        socket.send("hello");                          // 2 + 4 (mask) + 5 = 11 bytes
        socket.send("hello");
        accepted.events().nextText();
        accepted.events().nextText();
        accepted.ws().send("world!").get(5, TimeUnit.SECONDS);   // 2 + 6 = 8 bytes
        client.nextText();

        ServerMetrics open = ws.metrics();
        assertThat(open.openConnections()).isEqualTo(1);
        assertThat(open.handshakesAccepted()).isEqualTo(1);
        assertThat(open.messagesReceived()).isEqualTo(2);
        assertThat(open.messagesSent()).isEqualTo(1);
        assertThat(open.bytesReceived()).isEqualTo(22);
        assertThat(open.bytesSent()).isEqualTo(8);
        assertThat(open.peakBufferedBytes()).isEqualTo(8);

        try (RawSocket plain = RawSocket.connect(loopback.address())) {
            plain.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(plain.readResponse().status()).isEqualTo(426);
        }
        try (RawSocket rude = RawSocket.connect(loopback.address())) {
            rude.upgrade("/");
            rude.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // unmasked from a client: 1002
            assertThat(rude.readToEnd()).isNotEmpty();
        }
        socket.close(1000, "bye").get(5, TimeUnit.SECONDS);
        await(() -> ws.metrics().openConnections() == 0 && ws.metrics().closeCodes().size() == 2);

        ServerMetrics after = ws.metrics();
        assertThat(after.handshakesAccepted()).isEqualTo(2);
        assertThat(after.handshakesRejected()).isEqualTo(Map.of(426, 1L));
        assertThat(after.failures()).isEqualTo(Map.of(1002, 1L));
        assertThat(after.protocolErrors()).isEqualTo(1);
        assertThat(after.closeCodes()).isEqualTo(Map.of(1000, 1L, 1006, 1L));
        server.nextClientError();
        server.nextConnection().events().nextError();
    }
}
