package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Attack A6 of issue 8 against the testee's echo: a client that sends without reading its echoes
 * can't grow the server's queue (it stops being read), and nothing it sent is lost once it reads.
 */
class TesteeEchoBackpressureTest {
    private static final int MESSAGE_BYTES = 64 * 1024;
    private static final int MESSAGES = 256; // 16 MiB

    @Test
    void echoServerStopsReadingAClientThatDoesNotReadAndLosesNothing() throws Exception {
        CompletableFuture<WebSocket> serverSide = new CompletableFuture<>();
        WebSocketServer server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).threads(1).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        ws.setListener(new Testee.Echo());
                        serverSide.complete(ws);
                    }
                }).get(5, TimeUnit.SECONDS);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", server.address().getPort()), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            skipResponseHead(in);
            WebSocket ws = serverSide.get(5, TimeUnit.SECONDS);

            byte[] frame = maskedBinaryFrame(MESSAGE_BYTES);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < MESSAGES; i++) {
                        out.write(frame);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!ws.isPaused() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ws.isPaused()).as("the echo server pauses a connection whose echoes pile up").isTrue();
            long maxBuffered = 0;
            for (int i = 0; i < 50; i++) { // the writer is blocked by now: the queue must not grow
                maxBuffered = Math.max(maxBuffered, ws.bufferedAmount());
                Thread.sleep(2);
            }
            assertThat(maxBuffered).isLessThanOrEqualTo(Testee.HIGH_WATER_BYTES + 2L * (MESSAGE_BYTES + 14));
            assertThat(writer).isNotDone();

            long echoed = 0;
            while (echoed < (long) MESSAGES * MESSAGE_BYTES) {
                echoed += readFramePayloadLength(in);
            }
            writer.get(10, TimeUnit.SECONDS);
            assertThat(echoed).isEqualTo((long) MESSAGES * MESSAGE_BYTES);
        } finally {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(5, TimeUnit.SECONDS);
        }
    }

    private static void skipResponseHead(DataInputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in the response head");
            }
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** Reads one unmasked server frame and returns its payload length. */
    private static long readFramePayloadLength(DataInputStream in) throws IOException {
        in.readUnsignedByte();
        int length7 = in.readUnsignedByte() & 0x7F;
        long length = length7 == 126 ? in.readUnsignedShort() : length7 == 127 ? in.readLong() : length7;
        in.skipNBytes(length);
        return length;
    }

    private static byte[] maskedBinaryFrame(int length) {
        byte[] frame = new byte[14 + length]; // zero mask key, zero payload
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) (((long) length) >>> (56 - 8 * i));
        }
        return frame;
    }
}
