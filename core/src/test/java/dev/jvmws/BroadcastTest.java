package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocketServer.BroadcastResult;
import dev.jvmws.WebSocketServer.SlowReceivers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code server.broadcast}: one frame for every receiver, and a slow receiver never holds up the others. */
@Timeout(60)
class BroadcastTest {

    @Test
    void everyOpenConnectionGetsTheMessageCompressedOrNot() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().perMessageDeflate(true), server);
        RecordingListener plain = new RecordingListener();
        RecordingListener deflating = new RecordingListener();
        loopback.connect(ClientOptions.builder().perMessageDeflate(false).build(), plain);
        loopback.connect(ClientOptions.builder().build(), deflating);
        plain.nextOpen();
        deflating.nextOpen();
        server.nextConnection();
        assertThat(server.nextConnection().ws().perMessageDeflate().isPresent()
                || loopback.server.clients().stream().anyMatch(ws -> ws.perMessageDeflate().isPresent())).isTrue();

        assertThat(loopback.server.broadcast("to all")).isEqualTo(new BroadcastResult(2, 0, 0));
        assertThat(plain.nextText()).isEqualTo("to all");
        assertThat(deflating.nextText()).as("sent uncompressed: RSV1 clear is fine on a deflate connection").isEqualTo("to all");
        byte[] bytes = {1, 2, 3};
        ByteBuffer data = ByteBuffer.wrap(bytes);
        assertThat(loopback.server.broadcast(data).queued()).isEqualTo(2);
        bytes[0] = 9; // copied once at the call: the caller may reuse its buffer at once
        assertThat(plain.nextBinary()).containsExactly(1, 2, 3);
        assertThat(deflating.nextBinary()).containsExactly(1, 2, 3);
    }

    @Test
    void aBroadcastWaitsBehindAMessageAnotherSenderLeftUnfinished() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        WebSocket serverSide = server.nextConnection().ws();

        serverSide.send("part one, ", SendOptions.builder().fin(false).build());
        loopback.server.broadcast("broadcast");
        serverSide.send("part two", SendOptions.builder().fin(true).build()).get(5, TimeUnit.SECONDS);
        assertThat(client.nextText()).isEqualTo("part one, part two");
        assertThat(client.nextText()).isEqualTo("broadcast");
    }

    @Test
    void aReceiverThatDoesNotReadIsSkippedOrClosedAndTheOthersGetEveryMessage() throws Exception {
        for (SlowReceivers policy : List.of(SlowReceivers.SKIP, SlowReceivers.CLOSE)) {
            RecordingServerListener server = new RecordingServerListener();
            LoopbackServer loopback = LoopbackServer.start(
                    ServerOptions.builder().highWaterMark(256 * 1024).lowWaterMark(128 * 1024), server);
            RecordingListener fast = new RecordingListener();
            loopback.connectOpen(fast);
            server.nextConnection();
            try (RawSocket stalled = RawSocket.connect(loopback.address())) {
                stalled.upgrade("/"); // and then reads nothing
                RecordingListener stalledSide = server.nextConnection().events();
                // Smaller than the high-water mark: one message in flight does not make the reader "behind".
                ByteBuffer message = ByteBuffer.allocate(64 * 1024);
                BroadcastResult result = null;
                int sent = 0;
                // Until the stalled peer's kernel buffers are full and its queue passes the high-water mark.
                while (sent < 2_000) {
                    result = loopback.server.broadcast(loopback.server.clients(), message, policy);
                    sent++;
                    assertThat(fast.nextBinary()).as("the reading client gets message %d", sent).hasSize(64 * 1024);
                    if (result.skipped() + result.closed() > 0) {
                        break;
                    }
                }
                assertThat(result.queued()).as(policy + ": the reader still got it").isEqualTo(1);
                if (policy == SlowReceivers.SKIP) {
                    assertThat(result.skipped()).isEqualTo(1);
                    assertThat(stalledSide.poll(java.time.Duration.ZERO)).as("skipped, still open").isNull();
                } else {
                    assertThat(result.closed()).isEqualTo(1);
                    stalled.close(); // a peer that never reads: its close ends by the close timeout or the reset
                    assertThat(stalledSide.nextClose().code()).isIn(1006, 1008);
                }
            }
            loopback.close();
        }
    }
}
