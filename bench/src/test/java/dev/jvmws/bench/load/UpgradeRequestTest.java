package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.AcceptKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {
    @Test
    void isAnRfc6455OpeningHandshake() {
        String request = new String(ClientFramesTest.bytes(UpgradeRequest.build("127.0.0.1", 9001, "/broadcast")),
                StandardCharsets.US_ASCII);

        assertThat(request).startsWith("GET /broadcast HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:9001\r\n", "\r\nUpgrade: websocket\r\n", "\r\nConnection: Upgrade\r\n",
                        "\r\nSec-WebSocket-Key: " + UpgradeRequest.KEY + "\r\n", "\r\nSec-WebSocket-Version: 13\r\n")
                .endsWith("\r\n\r\n")
                .doesNotContain("Sec-WebSocket-Extensions");
    }

    @Test
    void aCompressedTargetOffersPermessageDeflateWithoutClientContextTakeover() {
        Target target = Target.webSocket("127.0.0.1", 9001, "/").withPerMessageDeflate();
        String request = new String(ClientFramesTest.bytes(target.newUpgradeRequestView()), StandardCharsets.US_ASCII);

        assertThat(request).contains("\r\nSec-WebSocket-Extensions: permessage-deflate; client_no_context_takeover\r\n")
                .endsWith("\r\n\r\n");
        assertThat(target.withPath("/x").offersPerMessageDeflate()).isTrue();
    }

    @Test
    void expectedAcceptIsWhatTheKeyImplies() {
        assertThat(UpgradeRequest.EXPECTED_ACCEPT).isEqualTo(AcceptKey.compute(UpgradeRequest.KEY));
    }
}
