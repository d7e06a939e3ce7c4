package dev.jvmws.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ClientOptions;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WebSocketServerMetrics}: a real server's counts as Micrometer meters, with their names and tags. */
@Timeout(30)
class WebSocketServerMetricsTest {

    private WebSocketServer server;
    private final List<WebSocket> clients = new ArrayList<>();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void startEchoServer() throws Exception {
        server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).build(),
                WebSocketServer.Listener.onConnection((ws, request) ->
                        ws.setListener(WebSocket.Listener.onText((socket, text) -> socket.send(text)))))
                .get(5, TimeUnit.SECONDS);
    }

    @AfterEach
    void stopServer() throws Exception {
        clients.forEach(WebSocket::terminate);   // a failed test may leave one open, and close() waits for it
        server.close().get(5, TimeUnit.SECONDS);
    }

    /** Polls meters the server's loops move; the assertion is on their values, never on elapsed time. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within 5 s").isNegative();
            Thread.sleep(5);
        }
    }

    /** Reads every meter, as a registry's scrape or publish does: the reads register newly seen keys. */
    private MeterRegistry scraped() {
        registry.getMeters().forEach(meter -> meter.measure().forEach(Measurement::getValue));
        return registry;
    }

    private double gauge(String name) {
        return registry.get(name).tags("endpoint", "chat").gauge().value();
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags("endpoint", "chat").tags(tags).functionCounter().count();
    }

    private WebSocket connect() throws Exception {
        WebSocket client = WebSocket.connect("ws://127.0.0.1:" + server.address().getPort(),
                ClientOptions.builder().perMessageDeflate(false).build(), WebSocket.Listener.onText((ws, text) -> {}));
        clients.add(client);
        client.whenOpen().get(5, TimeUnit.SECONDS);
        return client;
    }

    private String plainGet() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
                statusLine.append((char) b);
            }
            return statusLine.toString();
        }
    }

    @Test
    void metersFollowConnectionsMessagesBytesHandshakesAndCloses() throws Exception {
        new WebSocketServerMetrics(server, Tags.of("endpoint", "chat")).bindTo(registry);
        assertThat(gauge("websocket.connections.open")).isZero();
        assertThat(counter("websocket.handshakes", "outcome", "accepted", "status", "101")).isZero();

        BlockingQueue<String> echoes = new LinkedBlockingQueue<>();
        WebSocket client = WebSocket.connect("ws://127.0.0.1:" + server.address().getPort(),
                ClientOptions.builder().perMessageDeflate(false).build(),
                WebSocket.Listener.onText((ws, text) -> echoes.add(text)));
        clients.add(client);
        client.whenOpen().get(5, TimeUnit.SECONDS);
        await("one open connection", () -> gauge("websocket.connections.open") == 1);
        assertThat(counter("websocket.handshakes", "outcome", "accepted", "status", "101")).isEqualTo(1);

        client.send("hello");                                  // 2 + 4 (mask) + 5 = 11 bytes in
        assertThat(echoes.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");   // 2 + 5 = 7 bytes out
        // Bytes out are counted once written, which may be just after the client has read them.
        await("the echo's 7 bytes counted", () -> counter("websocket.bytes", "direction", "sent") == 7);
        assertThat(counter("websocket.messages", "direction", "sent")).isEqualTo(1);
        assertThat(counter("websocket.messages", "direction", "received")).isEqualTo(1);
        assertThat(counter("websocket.bytes", "direction", "received")).isEqualTo(11);
        assertThat(registry.get("websocket.bytes").meter().getId().getBaseUnit()).isEqualTo(BaseUnits.BYTES);
        assertThat(gauge("websocket.send.queue.peak")).isGreaterThanOrEqualTo(7);

        client.close(1000, "done").get(5, TimeUnit.SECONDS);
        await("the connection closed", () -> gauge("websocket.connections.open") == 0);
        await("close 1000 registered and counted", () ->
                scraped().find("websocket.closes").tag("code", "1000").functionCounter() != null
                        && counter("websocket.closes", "code", "1000") == 1);

        assertThat(plainGet()).isEqualTo("HTTP/1.1 426 Upgrade Required");
        await("the 426 registered and counted", () ->
                scraped().find("websocket.handshakes").tag("status", "426").functionCounter() != null
                        && counter("websocket.handshakes", "outcome", "rejected", "status", "426") == 1);
        assertThat(counter("websocket.handshakes", "outcome", "accepted", "status", "101")).isEqualTo(1);
        assertThat(scraped().find("websocket.failures").meters()).as("no connection failed").isEmpty();
    }

    @Test
    void statusesSeenBeforeBindingAreBoundAtOnceAndLaterOnesOnTheNextRead() throws Exception {
        assertThat(plainGet()).startsWith("HTTP/1.1 426");
        WebSocketServerMetrics metrics = new WebSocketServerMetrics(server, Tags.of("endpoint", "chat"));
        await("the 426 counted", () -> server.metrics().handshakesRejected().getOrDefault(426, 0L) == 1);
        metrics.bindTo(registry);
        assertThat(counter("websocket.handshakes", "outcome", "rejected", "status", "426")).isEqualTo(1);

        WebSocket client = connect();
        client.close(4000, "app-defined").get(5, TimeUnit.SECONDS);
        await("close 4000 counted", () -> server.metrics().closeCodes().getOrDefault(4000, 0L) == 1);
        assertThat(registry.find("websocket.closes").meters()).as("no read since the close").isEmpty();
        metrics.refresh();
        assertThat(counter("websocket.closes", "code", "4000")).isEqualTo(1);
    }

    @Test
    void aConnectionTheServerFailsIsCountedByTheCodeItSent() throws Exception {
        new WebSocketServerMetrics(server, Tags.of("endpoint", "chat")).bindTo(registry);
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
                head += (char) in.read();
            }
            assertThat(head).startsWith("HTTP/1.1 101");
            out.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'});   // RFC 6455 §5.1: a client must mask
            await("failure 1002 registered and counted", () ->
                    scraped().find("websocket.failures").tag("code", "1002").functionCounter() != null
                            && counter("websocket.failures", "code", "1002") == 1);
        }
        assertThat(server.metrics().protocolErrors()).isEqualTo(1);
    }

    @Test
    void everyMeterOfOneNameHasTheSameTagKeysAndTheExtraTags() throws Exception {
        new WebSocketServerMetrics(server, Tags.of("endpoint", "chat")).bindTo(registry);
        connect().close().get(5, TimeUnit.SECONDS);
        plainGet();
        await("a rejected handshake registered", () ->
                scraped().find("websocket.handshakes").tag("outcome", "rejected").meter() != null);

        for (Meter meter : registry.getMeters()) {
            assertThat(meter.getId().getTag("endpoint")).as(meter.getId().toString()).isEqualTo("chat");
            assertThat(meter.getId().getName()).startsWith("websocket.");
            assertThat(registry.find(meter.getId().getName()).meters())
                    .allSatisfy(same -> assertThat(same.getId().getTags().stream().map(t -> t.getKey()))
                            .containsExactlyInAnyOrderElementsOf(
                                    meter.getId().getTags().stream().map(t -> t.getKey()).toList()));
        }
        assertThat(registry.find("websocket.handshakes").functionCounters()).hasSize(2);
        assertThat(registry.find("websocket.connections.open").gauges()).extracting(Gauge::value).containsExactly(0.0);
        assertThat(registry.find("websocket.messages").functionCounters()).extracting(FunctionCounter::count)
                .containsOnly(0.0);
    }
}
