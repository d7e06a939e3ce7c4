package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingServerListener.Accepted;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hand-made frames on a raw socket: how the server fails a connection, and early data. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class RawClientTest {
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;

    private LoopbackServer loopback;

    /** The close frame a server sends to fail a connection with {@code code} and no reason. */
    private static byte[] serverCloseFrame(int code) {
        return new byte[] {(byte) 0x88, 0x02, (byte) (code >> 8), (byte) code};
    }

    /**
     * The server waits for the peer's end-of-stream after its close frame (RFC 6455 §7.1.1), and
     * reports the close only then.
     */
    private static void hangUp(RawSocket socket) throws Exception {
        socket.close();
    }

    /** The server failed the connection: onError with the close code's exception, then 1006. */
    private static void assertFailedWith(Accepted server, int code) {
        Throwable error = server.events().nextError();
        assertThat(error).isInstanceOf(WebSocketProtocolException.class);
        assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(code);
        server.events().assertNextClose(1006, ""); // no close frame came back
    }

    @Test
    void unmaskedFrameFailsTheConnectionWith1002() throws Exception {
        loopback = LoopbackServer.start();
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.upgrade("/");
            Accepted server = loopback.events.nextConnection();

            socket.write(new byte[] {(byte) 0x81, 0x02, 'h', 'i'}); // FIN, text, MASK clear

            assertThat(socket.readToEnd()).containsExactly(0x88, 0x02, 0x03, 0xEA);
            hangUp(socket);
            assertFailedWith(server, 1002);
        }
    }

    @Test
    void invalidUtf8TextFailsTheConnectionWith1007() throws Exception {
        loopback = LoopbackServer.start();
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.upgrade("/");
            Accepted server = loopback.events.nextConnection();

            socket.write(RawSocket.maskedFrame(TEXT, new byte[] {'o', 'k', (byte) 0xFF}));

            assertThat(socket.readToEnd()).isEqualTo(serverCloseFrame(1007));
            hangUp(socket);
            assertFailedWith(server, 1007);
        }
    }

    @Test
    void messageOverMaxPayloadFailsTheConnectionWith1009() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().maxPayload(10));
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.upgrade("/");
            Accepted server = loopback.events.nextConnection();

            socket.write(RawSocket.maskedFrame(BINARY, new byte[11]));

            assertThat(socket.readToEnd()).isEqualTo(serverCloseFrame(1009));
            hangUp(socket);
            assertFailedWith(server, 1009);
        }
    }

    @Test
    void deliversAFrameSentInTheSameWriteAsTheUpgradeRequest() throws Exception {
        loopback = LoopbackServer.start();
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            byte[] request = RawSocket.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1);
            byte[] frame = RawSocket.maskedFrame(TEXT, "early".getBytes(StandardCharsets.UTF_8));

            socket.write(RawSocket.concat(request, frame));

            assertThat(socket.readHead().status()).isEqualTo(101);
            assertThat(loopback.events.nextConnection().events().nextText()).isEqualTo("early");
        }
    }

    @Test
    void answersAMaskedCloseFrameWithTheSameCodeAndClosesWithoutWaitingForTheClient() throws Exception {
        // RFC 6455 §7.1.1: the server closes TCP first. With both close frames passed nothing but
        // the client's FIN can follow, so the server closes outright: its close is reported while
        // the client still holds its side open.
        loopback = LoopbackServer.start();
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.upgrade("/");
            Accepted server = loopback.events.nextConnection();

            socket.write(RawSocket.maskedFrame(0x8, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}));

            assertThat(socket.readToEnd()).containsExactly(0x88, 0x04, 0x03, 0xE8, 'o', 'k');
            server.events().assertNextClose(1000, "ok");
            assertThat(server.ws().whenClosed()).succeedsWithin(java.time.Duration.ofSeconds(5));
        }
    }
}
