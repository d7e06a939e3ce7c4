package dev.jvmws.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.ProxyException;
import dev.jvmws.handshake.ConnectRequest;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.internal.io.MemoryTransport;
import dev.jvmws.internal.io.TransportHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CONNECT tunnel over the in-memory transport, the test playing the proxy: what is asked, the
 * answer arriving split at every byte with the target's first bytes behind it, and each refusal.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ProxyTunnelTest {
    private static final InetSocketAddress PROXY = InetSocketAddress.createUnresolved("proxy.test", 3128);
    private final EventLoop loop = new ManualClock().newLoop("proxy-tunnel-test");

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    /** The layer above the tunnel: reads at most 4 bytes per readiness event, so leftovers must be announced again. */
    private static final class Above implements TransportHandler {
        final CompletableFuture<Void> connected = new CompletableFuture<>();
        final CompletableFuture<IOException> failed = new CompletableFuture<>();
        final AtomicInteger connects = new AtomicInteger();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** Loop thread only, as {@link #received}'s writes. */
        private CompletableFuture<String> receivedAll;
        private int expected = Integer.MAX_VALUE;
        ProxyTunnel tunnel;

        @Override
        public void onConnected() {
            connects.incrementAndGet();
            tunnel.readInterest(true);
            connected.complete(null);
        }

        @Override
        public void onConnectFailed(IOException error) {
            failed.complete(error);
        }

        @Override
        public void onReadable() {
            ByteBuffer into = ByteBuffer.allocate(4);
            try {
                int count = tunnel.read(into);
                received.write(into.array(), 0, Math.max(count, 0));
            } catch (IOException e) {
                failed.complete(e);
            }
            checkReceived();
        }

        private void checkReceived() {
            if (receivedAll != null && received.size() >= expected) {
                receivedAll.complete(received.toString(StandardCharsets.ISO_8859_1));
            }
        }

        @Override
        public void onWritable() {
        }

        @Override
        public void onLoopShutdown(Throwable cause) {
        }

        @Override
        public void onUnexpectedError(Throwable error) {
            failed.complete(new IOException(error));
        }

        /** Completes once {@code bytes} were received in all. */
        CompletableFuture<String> expect(EventLoop loop, int bytes) {
            CompletableFuture<String> all = new CompletableFuture<>();
            loop.execute(() -> {
                expected = bytes;
                receivedAll = all;
                checkReceived();
            });
            return all;
        }
    }

    /** A tunnel to example.com:443 whose socket has just connected; returns the proxy's end. */
    private MemoryTransport open(Above above, String credentials) throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1 << 16);
        ProxyTunnel tunnel = ProxyTunnel.client(loop, PROXY, "example.com", 443, credentials, 8192, above).over(pair[0]);
        above.tunnel = tunnel;
        run(() -> {
            pair[0].handler(tunnel);
            tunnel.onConnected();
        });
        return pair[1];
    }

    private void run(Runnable task) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            task.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /** Waits until the loop has run everything queued so far, including what that work put off. */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.defer(() -> done.complete(null)));
        done.get(5, TimeUnit.SECONDS);
    }

    private static String readAll(MemoryTransport end) throws IOException {
        ByteBuffer into = ByteBuffer.allocate(1024);
        int count = end.read(into);
        return count < 0 ? null : new String(into.array(), 0, count, StandardCharsets.ISO_8859_1);
    }

    private static void write(MemoryTransport end, String text) throws IOException {
        end.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void asksTheProxyForTheTargetWithTheCredentials() throws Exception {
        MemoryTransport proxy = open(new Above(), "alice:secret");
        assertThat(readAll(proxy)).isEqualTo(new String(ConnectRequest.encode("example.com", 443, "alice:secret"),
                StandardCharsets.ISO_8859_1));
    }

    @Test
    void opensOnceOnA2xxSplitAnywhereAndPassesTheBytesAfterItUp() throws Exception {
        String answer = "HTTP/1.1 200 Connection established\r\nProxy-Agent: test\r\n\r\n";
        String early = "first bytes of the target";
        String all = answer + early;
        for (int split = 1; split < all.length(); split++) {
            Above above = new Above();
            MemoryTransport proxy = open(above, null);
            readAll(proxy);
            write(proxy, all.substring(0, split));
            settle();
            if (split < answer.length()) {
                assertThat(above.connected).as("split at %d: not open before the head is complete", split).isNotDone();
            }
            write(proxy, all.substring(split));
            above.connected.get(5, TimeUnit.SECONDS);
            assertThat(above.expect(loop, early.length()).get(5, TimeUnit.SECONDS)).as("split at %d", split).isEqualTo(early);
            write(proxy, "+later");
            assertThat(above.connects.get()).isEqualTo(1);
            assertThat(above.expect(loop, early.length() + 6).get(5, TimeUnit.SECONDS)).isEqualTo(early + "+later");
            assertThat(above.failed).isNotDone();
        }
    }

    @Test
    void writesGoThroughOnlyOnceTheTunnelIsOpen() throws Exception {
        Above above = new Above();
        MemoryTransport proxy = open(above, null);
        readAll(proxy);
        CompletableFuture<Integer> early = new CompletableFuture<>();
        run(() -> {
            try {
                early.complete(above.tunnel.write(ByteBuffer.wrap(new byte[] {1})));
            } catch (IOException e) {
                early.completeExceptionally(e);
            }
        });
        assertThat(early.get()).as("nothing reaches the proxy before its answer").isZero();
        write(proxy, "HTTP/1.1 204 No Content\r\n\r\n");
        above.connected.get(5, TimeUnit.SECONDS);
        run(() -> {
            try {
                above.tunnel.write(ByteBuffer.wrap("to the target".getBytes(StandardCharsets.ISO_8859_1)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(readAll(proxy)).isEqualTo("to the target");
    }

    @Test
    void anyOtherStatusFailsWithAProxyExceptionAndClosesTheSocket() throws Exception {
        Above above = new Above();
        MemoryTransport proxy = open(above, null);
        readAll(proxy);
        write(proxy, "HTTP/1.1 403 Forbidden\r\nContent-Length: 3\r\n\r\nno!");
        IOException error = above.failed.get(5, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(ProxyException.class)
                .hasMessage("Proxy refused the tunnel to example.com:443: 403 Forbidden");
        assertThat(((ProxyException) error).statusCode()).isEqualTo(403);
        assertThat(above.connected).isNotDone();
        assertThat(proxy.read(ByteBuffer.allocate(1))).as("the tunnel hung up").isEqualTo(-1);
    }

    @Test
    void aStatusWithoutReasonPhraseIsReportedAsItCame() throws Exception {
        Above above = new Above();
        MemoryTransport proxy = open(above, null);
        readAll(proxy);
        write(proxy, "HTTP/1.1 503 \r\n\r\n");
        assertThat(above.failed.get(5, TimeUnit.SECONDS)).hasMessage("Proxy refused the tunnel to example.com:443: 503");
    }

    @Test
    void aProxyHangingUpOrAnsweringGarbageIsAClearError() throws Exception {
        Above hungUp = new Above();
        MemoryTransport proxy = open(hungUp, null);
        readAll(proxy);
        write(proxy, "HTTP/1.1 200 Conn");
        proxy.close();
        assertThat(hungUp.failed.get(5, TimeUnit.SECONDS)).isNotInstanceOf(ProxyException.class)
                .hasMessage("The proxy proxy.test:3128 closed the connection before answering the CONNECT to example.com:443");

        Above garbage = new Above();
        MemoryTransport other = open(garbage, null);
        readAll(other);
        write(other, "SSH-2.0-OpenSSH\r\n\r\n");
        assertThat(garbage.failed.get(5, TimeUnit.SECONDS)).hasMessageStartingWith("Invalid answer from the proxy proxy.test:3128: ");
    }
}
