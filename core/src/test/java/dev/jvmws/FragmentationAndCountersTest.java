package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code fragmentSize} (WebSocket-Node's outgoing fragmentation) and {@code bytesReceived}/{@code bytesSent}. */
@Timeout(30)
class FragmentationAndCountersTest {

    @Test
    void aMessageLargerThanTheFragmentSizeLeavesAsFramesOfThatSize() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().fragmentSize(1_000), server);
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.upgrade("/");
            WebSocket ws = server.nextConnection().ws();
            ws.send(new byte[2_500]).get(5, TimeUnit.SECONDS);
            ws.send(new byte[1_000]).get(5, TimeUnit.SECONDS);

            byte[] first = PerMessageDeflateTest.readServerFrame(peer);
            assertThat(first[0] & 0xFF).as("BINARY, not FIN").isEqualTo(0x02);
            assertThat(first.length - 1).isEqualTo(1_000);
            byte[] second = PerMessageDeflateTest.readServerFrame(peer);
            assertThat(second[0] & 0xFF).as("CONTINUATION").isEqualTo(0x00);
            assertThat(second.length - 1).isEqualTo(1_000);
            byte[] last = PerMessageDeflateTest.readServerFrame(peer);
            assertThat(last[0] & 0xFF).as("CONTINUATION + FIN").isEqualTo(0x80);
            assertThat(last.length - 1).isEqualTo(500);
            byte[] whole = PerMessageDeflateTest.readServerFrame(peer);
            assertThat(whole[0] & 0xFF).as("exactly the size: one frame").isEqualTo(0x82);
        }
    }

    @Test
    void aCompressedMessageIsCompressedOnceThenCutAndArrivesWhole() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder().fragmentSize(64).perMessageDeflate(true), server);
        RecordingListener client = new RecordingListener();
        loopback.connect(ClientOptions.builder().fragmentSize(100).build(), client);
        client.nextOpen();
        WebSocket serverSide = server.nextConnection().ws();
        assertThat(serverSide.perMessageDeflate()).isPresent();
        byte[] noise = new byte[20_000];
        new java.util.Random(7).nextBytes(noise); // incompressible: many fragments after compression
        serverSide.send(noise).get(5, TimeUnit.SECONDS);
        assertThat(Arrays.equals(client.nextBinary(), noise)).isTrue();
        assertThat(serverSide.bytesSent()).as("20,000 bytes in frames of at most 64: a header per frame")
                .isGreaterThan(20_000 + 2 * (20_000 / 64));
    }

    @Test
    void bothEndsCountTheFrameBytesTheySentAndReceived() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connect(ClientOptions.builder().perMessageDeflate(false).build(), client);
        client.nextOpen();
        RecordingServerListener.Accepted accepted = server.nextConnection();
        assertThat(ws.bytesReceived()).isZero();

        ws.send("hello").get(5, TimeUnit.SECONDS);           // 2 header + 4 mask + 5
        assertThat(accepted.events().nextText()).isEqualTo("hello");
        accepted.ws().send("world!").get(5, TimeUnit.SECONDS); // 2 header + 6, unmasked
        assertThat(client.nextText()).isEqualTo("world!");

        assertThat(ws.bytesSent()).isEqualTo(11);
        assertThat(accepted.ws().bytesReceived()).isEqualTo(11);
        assertThat(accepted.ws().bytesSent()).isEqualTo(8);
        assertThat(ws.bytesReceived()).isEqualTo(8);
    }
}
