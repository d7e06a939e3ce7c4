package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocketServer.BroadcastResult;
import dev.jvmws.WebSocketServer.SlowReceivers;
import dev.jvmws.extension.PerMessageDeflateOptions;
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
        assertThat(deflating.nextText()).as("below the threshold: sent plain, RSV1 clear").isEqualTo("to all");
        byte[] bytes = {1, 2, 3};
        ByteBuffer data = ByteBuffer.wrap(bytes);
        assertThat(loopback.server.broadcast(data).queued()).isEqualTo(2);
        bytes[0] = 9; // copied once at the call: the caller may reuse its buffer at once
        assertThat(plain.nextBinary()).containsExactly(1, 2, 3);
        assertThat(deflating.nextBinary()).containsExactly(1, 2, 3);
    }

    @Test
    void aMessageAtTheThresholdIsCompressedOncePerWindowAndEveryReceiversContextTakesItIn() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().perMessageDeflate(true), server);
        RecordingListener wide = new RecordingListener();
        RecordingListener narrow = new RecordingListener();
        RecordingListener plain = new RecordingListener();
        List<WebSocket> clients = List.of(
                loopback.connect(ClientOptions.builder().build(), wide),
                loopback.connect(ClientOptions.builder()
                        .perMessageDeflate(PerMessageDeflateOptions.builder().serverMaxWindowBits(9).build()).build(),
                        narrow),
                loopback.connect(ClientOptions.builder().perMessageDeflate(false).build(), plain));
        List<RecordingListener> receivers = List.of(wide, narrow, plain);
        for (RecordingListener receiver : receivers) {
            receiver.nextOpen();
            server.nextConnection();
        }
        // Each connection first sends a message of its own: its compression context now holds it.
        String own = "a message of the connection's own, to be referred to later; ".repeat(3);
        for (WebSocket serverSide : loopback.server.clients()) {
            serverSide.send(own).get(5, TimeUnit.SECONDS);
        }
        long[] before = new long[receivers.size()];
        for (int i = 0; i < receivers.size(); i++) {
            assertThat(receivers.get(i).nextText()).isEqualTo(own);
            before[i] = clients.get(i).bytesReceived();
        }

        String news = "the same news for everybody, ".repeat(400); // 11,600 bytes, above the 1,024 threshold
        assertThat(loopback.server.broadcast(news).queued()).isEqualTo(3);
        for (RecordingListener receiver : receivers) {
            assertThat(receiver.nextText()).isEqualTo(news);
        }
        assertThat(clients.get(0).bytesReceived() - before[0]).as("compressed, 15-bit window").isLessThan(1_000);
        assertThat(clients.get(1).bytesReceived() - before[1]).as("compressed, 9-bit window").isLessThan(2_000);
        assertThat(clients.get(2).bytesReceived() - before[2]).as("plain").isGreaterThan(news.length());

        // A connection's next message may refer back to anything in its peer's window, which now ends
        // with the broadcast: had the shared frame not joined the sender's context, the back-references
        // to the earlier message would land in the broadcast's bytes.
        for (WebSocket serverSide : loopback.server.clients()) {
            serverSide.send(own).get(5, TimeUnit.SECONDS);
            serverSide.send(news.substring(0, 3_000) + own).get(5, TimeUnit.SECONDS);
        }
        for (RecordingListener receiver : receivers) {
            assertThat(receiver.nextText()).isEqualTo(own);
            assertThat(receiver.nextText()).isEqualTo(news.substring(0, 3_000) + own);
        }
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
