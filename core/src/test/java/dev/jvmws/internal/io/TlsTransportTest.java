package dev.jvmws.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.TlsFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS over the in-memory transport pair, with no socket: records cut at every byte boundary, data both
 * ways, the end of the input by close_notify or by a bare end of stream, and garbage refused.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TlsTransportTest {
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = clock.newLoop("tls-transport-test");

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    /** One end's handler: records what it reads, writes what it is given, hears connect and end. */
    private final class Side implements TransportHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<Integer> ended = new CompletableFuture<>();
        final CompletableFuture<IOException> failed = new CompletableFuture<>();
        private final ArrayDeque<ByteBuffer> toSend = new ArrayDeque<>();
        Transport transport;
        private int expected = -1;
        private CompletableFuture<byte[]> receivedAll;

        @Override
        public void onConnected() {
            connected.complete(null);
        }

        @Override
        public void onConnectFailed(IOException error) {
            failed.complete(error);
        }

        @Override
        public void onReadable() {
            ByteBuffer into = ByteBuffer.allocate(300); // smaller than a record: plaintext kept between reads
            try {
                int count;
                while ((count = transport.read(into.clear())) > 0) {
                    received.write(into.array(), 0, count);
                }
                if (count < 0) {
                    transport.readInterest(false);
                    ended.complete(received.size());
                }
            } catch (IOException e) {
                transport.readInterest(false);
                failed.complete(e);
            }
            if (receivedAll != null && received.size() >= expected) {
                receivedAll.complete(received.toByteArray());
            }
        }

        @Override
        public void onWritable() {
            try {
                while (!toSend.isEmpty()) {
                    ByteBuffer next = toSend.peek();
                    transport.write(next);
                    if (next.hasRemaining()) {
                        transport.writeInterest(true);
                        return;
                    }
                    toSend.poll();
                }
                transport.writeInterest(false);
            } catch (IOException e) {
                failed.complete(e);
            }
        }

        void send(byte[] bytes) {
            loop.execute(() -> {
                toSend.add(ByteBuffer.wrap(bytes));
                onWritable();
            });
        }

        CompletableFuture<byte[]> expect(int bytes) {
            CompletableFuture<byte[]> all = new CompletableFuture<>();
            loop.execute(() -> {
                expected = bytes;
                receivedAll = all;
                onReadable();
            });
            return all;
        }

        @Override
        public void onLoopShutdown(Throwable cause) {}

        @Override
        public void onUnexpectedError(Throwable error) {
            failed.complete(new IOException(error));
        }
    }

    /**
     * One end of the memory pair, optionally handing over at most one byte per read (every record
     * arrives cut at every byte boundary) or never sending its FIN (so only close_notify can end the
     * peer's input).
     */
    private static final class TestEnd implements Transport {
        private final Transport inner;
        private final boolean oneByteReads;
        private final boolean withoutFin;

        TestEnd(Transport inner, boolean oneByteReads, boolean withoutFin) {
            this.inner = inner;
            this.oneByteReads = oneByteReads;
            this.withoutFin = withoutFin;
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            if (!oneByteReads) {
                return inner.read(into);
            }
            if (!into.hasRemaining()) {
                return 0;
            }
            ByteBuffer one = into.slice().limit(1);
            int count = inner.read(one);
            if (count > 0) {
                into.position(into.position() + count);
            }
            return count;
        }

        @Override public EventLoop loop() { return inner.loop(); }
        @Override public void handler(TransportHandler handler) { inner.handler(handler); }
        @Override public long write(ByteBuffer[] sources, int offset, int length) throws IOException { return inner.write(sources, offset, length); }
        @Override
        public void shutdownOutput() throws IOException {
            if (!withoutFin) {
                inner.shutdownOutput();
            }
        }

        @Override public void close() { inner.close(); }
        @Override public boolean isOpen() { return inner.isOpen(); }
        @Override public boolean isConnected() { return inner.isConnected(); }
        @Override public void readInterest(boolean on) { inner.readInterest(on); }
        @Override public void writeInterest(boolean on) { inner.writeInterest(on); }
        @Override public InetSocketAddress remoteAddress() { return inner.remoteAddress(); }
    }

    private static SSLEngine clientEngine(String protocol) {
        SSLEngine engine = TlsFixtures.trustingTestCa().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {protocol});
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLEngine serverEngine() {
        SSLEngine engine = TlsFixtures.serverContext("server").createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    private final Side client = new Side();
    private final Side server = new Side();
    /** The client's end of the memory pair, under its TLS. */
    private Transport clientSocket;

    /** Connects a TLS client and server over the memory pair (see {@link TestEnd}). */
    private void connect(String protocol, boolean oneByteReads, boolean clientWithoutFin) throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1 << 16);
        Transport clientEnd = new TestEnd(pair[0], oneByteReads, clientWithoutFin);
        Transport serverEnd = new TestEnd(pair[1], oneByteReads, false);
        clientSocket = pair[0];
        CompletableFuture<Void> started = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                TlsTransport tlsServer = TlsTransport.server(serverEnd, serverEngine());
                tlsServer.handler(server);
                server.transport = tlsServer;
                tlsServer.readInterest(true);
                TlsTransport tlsClient = TlsTransport.client(loop, clientEngine(protocol), client).over(clientEnd);
                clientEnd.handler(tlsClient);
                client.transport = tlsClient;
                tlsClient.onConnected(); // the memory pair is connected from the start
                started.complete(null);
            } catch (SSLException e) {
                started.completeExceptionally(e);
            }
        });
        started.get(5, TimeUnit.SECONDS);
        client.connected.get(10, TimeUnit.SECONDS);
        loop.execute(() -> client.transport.readInterest(true));
    }

    private static byte[] random(int bytes) {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return data;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void recordsCutAtEveryByteBoundaryStillDecrypt(String protocol) throws Exception {
        connect(protocol, true, false);
        byte[] request = random(3_000);
        client.send(request);
        assertThat(server.expect(request.length).get(10, TimeUnit.SECONDS)).isEqualTo(request);
        byte[] answer = random(5_000);
        server.send(answer);
        assertThat(client.expect(answer.length).get(10, TimeUnit.SECONDS)).isEqualTo(answer);
    }

    @Test
    void largeWritesGoOutAsTheMemoryPairTakesThem() throws Exception {
        connect("TLSv1.3", false, false);
        byte[] big = random(3 << 20); // far beyond the pair's 64 KiB: the sender meets backpressure
        client.send(big);
        assertThat(server.expect(big.length).get(10, TimeUnit.SECONDS)).isEqualTo(big);
    }

    @Test
    void closeNotifyAloneEndsThePeersInput() throws Exception {
        connect("TLSv1.3", false, true);
        client.send("last".getBytes());
        assertThat(server.expect(4).get(10, TimeUnit.SECONDS)).isEqualTo("last".getBytes());
        loop.execute(() -> {
            try {
                client.transport.shutdownOutput(); // close_notify; this end sends no FIN
            } catch (IOException e) {
                client.failed.complete(e);
            }
        });
        assertThat(server.ended.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        assertThat(server.failed).isNotDone();
    }

    @Test
    void anEndOfStreamWithoutCloseNotifyEndsTheInputToo() throws Exception {
        connect("TLSv1.3", false, false);
        client.send("cut".getBytes());
        assertThat(server.expect(3).get(10, TimeUnit.SECONDS)).isEqualTo("cut".getBytes());
        loop.execute(() -> clientSocket.close()); // TCP gone, no close_notify: the connection reads it as 1006
        assertThat(server.ended.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void garbageInsteadOfAClientHelloFailsTheServerSide() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1 << 16);
        loop.execute(() -> {
            try {
                TlsTransport tlsServer = TlsTransport.server(pair[1], serverEngine());
                tlsServer.handler(server);
                server.transport = tlsServer;
                tlsServer.readInterest(true);
                pair[0].write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes()));
            } catch (IOException e) {
                server.failed.complete(e);
            }
        });
        assertThat(server.failed.get(10, TimeUnit.SECONDS)).isInstanceOf(SSLException.class);
    }
}
