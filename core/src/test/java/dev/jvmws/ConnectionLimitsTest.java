package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingServerListener.ClientError;
import dev.jvmws.handshake.HandshakeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code maxConnections} and {@code maxPendingHandshakes}: each answers 503 past its limit, and the others carry on. */
@Timeout(30)
class ConnectionLimitsTest {

    @Test
    void pastMaxConnectionsAnUpgradeIsAnswered503UntilOneCloses() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().maxConnections(2), server);
        WebSocket first = loopback.connectOpen(new RecordingListener());
        loopback.connectOpen(new RecordingListener());
        server.nextConnection();
        server.nextConnection();

        RecordingListener refused = new RecordingListener();
        WebSocket third = loopback.connect(refused);
        Throwable failure = LoopbackServer.openFailure(third);
        assertThat(failure).isInstanceOf(HandshakeException.class);
        assertThat(((HandshakeException) failure).statusCode()).isEqualTo(503);
        assertThat(refused.next()).isInstanceOf(RecordingListener.UnexpectedResponse.class);
        refused.nextError();
        refused.nextClose();
        ClientError reported = server.nextClientError();
        assertThat(reported.error().statusCode()).isEqualTo(503);
        assertThat(reported.error().getMessage()).contains("Too many connections");

        first.close().get(5, TimeUnit.SECONDS);
        awaitTrue(() -> loopback.server.clients().size() == 1);
        loopback.connectOpen(new RecordingListener());
        server.nextConnection();
    }

    @Test
    void pastMaxPendingHandshakesANewSocketIsAnswered503AtOnceAndThePendingOnesStillUpgrade() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().maxPendingHandshakes(2), server);
        try (RawSocket slow1 = RawSocket.connect(loopback.address());
                RawSocket slow2 = RawSocket.connect(loopback.address())) {
            slow1.write("GET / HTTP/1.1\r\n"); // requests begun, never finished (yet)
            slow2.write("GET / HTTP/1.1\r\n");
            awaitTrue(() -> loopback.server.pendingHandshakes() == 2);

            try (RawSocket third = RawSocket.connect(loopback.address())) {
                assertThat(third.readHead().status()).as("answered before it sent a byte").isEqualTo(503);
            }
            assertThat(server.nextClientError().error().statusCode()).isEqualTo(503);

            String rest = RawSocket.upgradeRequest("/").substring("GET / HTTP/1.1\r\n".length());
            slow1.write(rest);
            slow2.write(rest);
            assertThat(slow1.readHead().status()).isEqualTo(101);
            assertThat(slow2.readHead().status()).isEqualTo(101);
            server.nextConnection();
            server.nextConnection();
            awaitTrue(() -> loopback.server.pendingHandshakes() == 0);
            loopback.connectOpen(new RecordingListener());
            server.nextConnection();
        }
    }

    @Test
    void maxFrameSizeReachesTheConnectionOnBothRoles() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().maxFrameSize(1_000), server);
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connect(ClientOptions.builder().maxFrameSize(10).perMessageDeflate(false).build(), client);
        client.nextOpen();
        RecordingListener serverSide = server.nextConnection().events();

        ws.send(new byte[1_000]);
        assertThat(serverSide.nextBinary()).hasSize(1_000);
        ws.send(new byte[1_001]);
        assertThat(serverSide.nextError()).hasMessageContaining("Max frame size exceeded");
        assertThat(client.nextClose().code()).isEqualTo(1009);

        RecordingListener second = new RecordingListener();
        loopback.connect(ClientOptions.builder().maxFrameSize(10).perMessageDeflate(false).build(), second);
        second.nextOpen();
        server.nextConnection().ws().send(new byte[11]);
        assertThat(second.nextError()).as("the client's own limit").hasMessageContaining("Max frame size exceeded");
        assertThat(second.nextClose().code()).isEqualTo(1006);
    }

    @Test
    void theLimitsRefuseNegativeValuesAndDefaultToNoneAndTo1024() {
        ServerOptions defaults = ServerOptions.builder().port(0).build();
        assertThat(defaults.maxConnections()).isZero();
        assertThat(defaults.maxPendingHandshakes()).isEqualTo(1_024);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerOptions.builder().maxConnections(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServerOptions.builder().maxPendingHandshakes(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Polls a condition the server reaches on its own loop (bounded; the condition, not time, is asserted). */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS)).get();
        }
    }
}
