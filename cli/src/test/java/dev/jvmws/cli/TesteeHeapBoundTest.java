package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The testee as a separate process with a 64 MiB heap, and a client that sends it 1 GiB of messages
 * without reading the echoes: the testee stops reading that client (backpressure through TCP) instead
 * of queueing echoes, so its heap stays within the bound and it survives; once the client reads, every
 * byte is echoed. Without the pause, the echoes of the first 64 MiB would exhaust the heap (the testee
 * then exits with status 70).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TesteeHeapBoundTest {
    private static final int MESSAGE_BYTES = 256 * 1024;
    private static final long TOTAL_BYTES = 1L << 30;

    @Test
    void aClientSendingOneGibibyteWithoutReadingCannotGrowTheTesteesHeap() throws Exception {
        Process testee = TesteeProcesses.startServer(List.of("-Xmx64m"), "--no-compression");
        try (Socket socket = new Socket()) {
            int port = TesteeProcesses.portOf(testee);
            socket.setReceiveBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            skipResponseHead(in);

            byte[] frame = zeroMaskedBinaryFrame(MESSAGE_BYTES);
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    while (sent.get() < TOTAL_BYTES) {
                        out.write(frame);
                        sent.addAndGet(MESSAGE_BYTES);
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // Read nothing until the writer is stuck: the testee has stopped reading us. (Waiting for
            // an absence is the one real-time wait here; it bounds nothing the test asserts.)
            long before;
            do {
                before = sent.get();
                Thread.sleep(200);
            } while (sent.get() != before && !writer.isDone());
            assertThat(writer).as("the writer is blocked: the testee does not read a client that does not read").isNotDone();
            assertThat(sent.get()).as("sent before the testee stopped reading").isLessThan(64L << 20);
            assertThat(testee.isAlive()).isTrue();

            long echoed = 0;
            while (echoed < TOTAL_BYTES) {
                echoed += readFramePayloadLength(in);
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(echoed).isEqualTo(TOTAL_BYTES);
            assertThat(testee.isAlive()).as("the testee survived with its 64 MiB heap").isTrue();
        } finally {
            testee.destroy();
            testee.waitFor(10, TimeUnit.SECONDS);
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

    /** A binary frame masked with the key 0 (valid, and the payload needs no masking pass). */
    private static byte[] zeroMaskedBinaryFrame(int length) {
        byte[] frame = new byte[14 + length];
        frame[0] = (byte) 0x82;
        frame[1] = (byte) (0x80 | 127);
        for (int i = 0; i < 8; i++) {
            frame[2 + i] = (byte) (((long) length) >>> (56 - 8 * i));
        }
        return frame;
    }
}
