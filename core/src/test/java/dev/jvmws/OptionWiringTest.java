package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.extension.WindowCheckingInflater;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each option observed doing its job end to end, on the wire or through an independent peer, and
 * the properties only an outside observer can see (fresh keys and masks). Issue 9 planted a one-line
 * bug for each of these and no test failed; each test here names the bug it catches.
 */
class OptionWiringTest {
    private LoopbackServer loopback;

    // ---------------------------------------------------------------- what the client puts on the wire

    @Test
    void clientMaskKeysAreDrawnFreshForEveryFrameAndAreNeverZero() throws Exception { // bug: mask key always 0
        try (RawServerPeer peer = new RawServerPeer()) {
            WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + peer.port()), new WebSocket.Listener() {});
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            ws.whenOpen().get(5, TimeUnit.SECONDS);
            Set<Integer> keys = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                ws.send("message " + i);
                RawServerPeer.Frame frame = peer.readFrame();
                assertThat(frame.masked()).isTrue();
                assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("message " + i);
                keys.add(frame.maskKey());
            }
            assertThat(keys).doesNotContain(0).hasSizeGreaterThan(195); // 32 random bits: collisions are rare
            ws.terminate();
        }
    }

    @Test
    void sendOptionsMaskOverridesTheRoleInBothDirections() throws Exception { // bug: SendOptions.mask ignored
        try (RawServerPeer peer = new RawServerPeer()) {
            WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + peer.port()), new WebSocket.Listener() {});
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            ws.whenOpen().get(5, TimeUnit.SECONDS);
            ws.send("plain", SendOptions.builder().mask(false).build());
            RawServerPeer.Frame frame = peer.readFrame();
            assertThat(frame.masked()).as("client frame sent with mask(false)").isFalse();
            assertThat(new String(frame.payload(), StandardCharsets.UTF_8)).isEqualTo("plain");
            ws.terminate();
        }
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder(), server);
        try (RawSocket client = RawSocket.connect(loopback.address())) {
            client.upgrade("/");
            server.nextConnection().ws().send("masked", SendOptions.builder().mask(true).build());
            byte[] head = client.readExactly(2);
            assertThat(head[1] & 0x80).as("server frame sent with mask(true)").isEqualTo(0x80);
            byte[] key = client.readExactly(4);
            byte[] payload = client.readExactly(head[1] & 0x7F);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("masked");
        }
    }

    @Test
    void everyClientHandshakeSendsAFreshRandomKey() throws Exception { // bug: a fixed Sec-WebSocket-Key
        Set<String> keys = new HashSet<>();
        try (RawServerPeer peer = new RawServerPeer()) {
            for (int i = 0; i < 20; i++) {
                WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + peer.port()), new WebSocket.Listener() {});
                Map<String, String> request = peer.acceptRequest();
                String key = request.get("sec-websocket-key");
                assertThat(Base64.getDecoder().decode(key)).hasSize(16); // RFC 6455 §4.1: a 16-byte nonce
                keys.add(key);
                peer.accept(key);
                ws.whenOpen().get(5, TimeUnit.SECONDS);
                ws.terminate();
            }
        }
        assertThat(keys).hasSize(20);
    }

    @Test
    void controlFramesOver125BytesAreRefusedOnSend() throws Exception { // bug: 126-byte control frame sent
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder(), server);
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        assertThatThrownBy(() -> ws.ping(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.pong(ByteBuffer.allocate(126))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.close(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        ws.ping(ByteBuffer.allocate(125)).get(5, TimeUnit.SECONDS); // the limit itself is fine
        RecordingListener serverSide = server.nextConnection().events();
        assertThat(serverSide.next(RecordingListener.Ping.class).data()).hasSize(125);
        assertThat(client.next(RecordingListener.Pong.class).data()).as("the automatic answer").hasSize(125);
    }

    // ---------------------------------------------------------------- options, observed doing their job

    @Test
    void autoPongOffSendsNoPongAndOnAnswersAtOnce() throws Exception { // bug: autoPong option ignored
        for (boolean autoPong : new boolean[] {false, true}) {
            loopback = LoopbackServer.start(ServerOptions.builder().autoPong(autoPong),
                    new RecordingServerListener().connectionListeners(() -> new RecordingListener().echoing()));
            try (RawSocket client = RawSocket.connect(loopback.address())) {
                client.upgrade("/");
                client.write(RawSocket.concat(RawSocket.maskedFrame(0x9, "hi".getBytes(StandardCharsets.UTF_8)),
                        RawSocket.maskedFrame(0x1, "after".getBytes(StandardCharsets.UTF_8))));
                // The echo of the text that followed the ping is the marker: a pong must come before it.
                byte[] first = PerMessageDeflateTest.readServerFrame(client);
                assertThat(first[0] & 0x0F).as("autoPong " + autoPong).isEqualTo(autoPong ? 0xA : 0x1);
            }
            loopback.close();
            loopback = null;
        }
    }

    // closeTimeout and handshakeTimeout: TimeoutTest, on a clock the test moves.

    @Test
    void clientTrackingOffKeepsNoClients() throws Exception { // bug: clientTracking ignored
        for (boolean tracking : new boolean[] {false, true}) {
            RecordingServerListener server = new RecordingServerListener();
            loopback = LoopbackServer.start(ServerOptions.builder().clientTracking(tracking), server);
            loopback.connectOpen(new RecordingListener());
            WebSocket serverSide = server.nextConnection().ws();
            assertThat(loopback.server.clients()).as("clientTracking " + tracking)
                    .isEqualTo(tracking ? Set.of(serverSide) : Set.of());
            loopback.close();
            loopback = null;
        }
    }

    @Test
    void maxFragmentsOptionReachesTheAssemblerOnBothRoles() throws Exception { // bug: maxFragments not passed
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder().maxFragments(3), server);
        try (RawSocket client = RawSocket.connect(loopback.address())) {
            client.upgrade("/");
            byte[] start = RawSocket.maskedFrame(0x1, new byte[0]);
            start[0] = 0x01; // not final
            byte[] more = RawSocket.maskedFrame(0x0, new byte[0]);
            more[0] = 0x00;
            client.write(RawSocket.concat(RawSocket.concat(start, more), RawSocket.concat(more, more)));
            Throwable error = server.nextConnection().events().nextError();
            assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
        }
        try (RawServerPeer peer = new RawServerPeer()) {
            RecordingListener events = new RecordingListener();
            WebSocket ws = WebSocket.connect(URI.create("ws://127.0.0.1:" + peer.port()),
                    ClientOptions.builder().maxFragments(3).build(), events);
            peer.accept(peer.acceptRequest().get("sec-websocket-key"));
            ws.whenOpen().get(5, TimeUnit.SECONDS);
            peer.write(new byte[] {0x01, 0, 0x00, 0, 0x00, 0, 0x00, 0});
            Throwable error = events.nextSkippingUpgrade() instanceof RecordingListener.Open
                    ? events.nextError() : null;
            assertThat(error).isInstanceOf(WebSocketProtocolException.class);
            assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
        }
    }

    // ---------------------------------------------------------------- permessage-deflate wiring

    @Test
    void theServerCompressesWithItsOwnWindowNotThePeers() throws Exception { // bug: deflater given the peer's window
        loopback = LoopbackServer.start(ServerOptions.builder().perMessageDeflate(PerMessageDeflateOptions.builder()
                        .threshold(0).build()),
                new RecordingServerListener().connectionListeners(() -> new RecordingListener().echoing()));
        try (RawSocket client = RawSocket.connect(loopback.address())) {
            // We ask the server for a 1 KiB window and leave our own at 15 (asymmetric on purpose).
            client.write(RawSocket.upgradeRequest("/",
                    "Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=10"));
            assertThat(client.readHead().header("Sec-WebSocket-Extensions")).contains("server_max_window_bits=10");
            byte[] text = repeatsAtDistance(3000, 6000);
            client.write(PerMessageDeflateTest.clientFrame(0x81, text));
            byte[] echo = PerMessageDeflateTest.readServerFrame(client);
            assertThat(echo[0] & 0xFF).isEqualTo(0xC1);
            WindowCheckingInflater inflater = new WindowCheckingInflater(10);
            byte[] payload = Arrays.copyOfRange(echo, 1, echo.length + 4); // RFC 7692 §7.2.2: append 00 00 ff ff
            payload[payload.length - 2] = (byte) 0xFF;
            payload[payload.length - 1] = (byte) 0xFF;
            byte[] decoded = inflater.inflate(payload); // throws on a distance past 1 KiB
            assertThat(decoded).isEqualTo(text);
            assertThat(inflater.maxDistanceSeen()).isPositive().isLessThanOrEqualTo(1024);
        }
    }

    @Test
    void concurrencyLimitPermitsAreTakenForCompression() throws Exception { // bug: permits never taken
        ServerOptions.Builder builder = ServerOptions.builder().perMessageDeflate(PerMessageDeflateOptions.builder()
                .threshold(0).concurrencyLimit(1).build());
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(builder, server);
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        WebSocket serverSide = server.nextConnection().ws();
        Semaphore permits = loopback.server.options().settings.zlibPermits;
        permits.acquire(); // hold the only permit: compression must wait for it
        try {
            serverSide.send("waits for the permit");
            serverSide.pong(ByteBuffer.wrap("marker".getBytes(StandardCharsets.UTF_8)));
            // Same loop, queued after the send: nothing can pass the blocked compression.
            client.assertNoEventWithin(Duration.ofMillis(300));
        } finally {
            permits.release();
        }
        // The pong may pass the text (control frames go first at a frame boundary): both arrive.
        List<RecordingListener.Event> events = List.of(client.next(), client.next());
        assertThat(events).hasAtLeastOneElementOfType(RecordingListener.Text.class)
                .hasAtLeastOneElementOfType(RecordingListener.Pong.class);
    }

    /** Random text whose second half repeats its first at {@code distance} bytes: compressible only far back. */
    private static byte[] repeatsAtDistance(int distance, int length) {
        byte[] data = new byte[length];
        Random random = new Random(9);
        for (int i = 0; i < length; i++) {
            data[i] = i < distance ? (byte) ('a' + random.nextInt(26)) : data[i - distance];
        }
        return data;
    }

}
