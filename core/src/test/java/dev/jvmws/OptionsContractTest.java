package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the option builders promise on their own: each setter returns its builder (so a chain
 * compiles and builds what it says), the edges of each range, and the defaults derived from others.
 * That each option then does its job on a connection is {@link OptionWiringTest}'s part.
 */
class OptionsContractTest {

    @Test
    void aClientOptionsChainBuildsEverythingItSet() {
        ClientOptions options = ClientOptions.builder()
                .subprotocols("chat", "superchat")
                .header("X-Trace", "42")
                .origin("https://example.test")
                .protocolVersion(8)
                .handshakeTimeout(Duration.ofSeconds(3))
                .followRedirects(true)
                .maxRedirects(0)
                .maxHeaderBytes(4096)
                .maskGenerator(() -> 0x01020304)
                .skipUtf8Validation(true)
                .maxPayload(0)
                .maxFragments(0)
                .maxBufferedBytes(0)
                .build();
        assertThat(options.subprotocols()).containsExactly("chat", "superchat");
        assertThat(options.headers().first("X-Trace")).contains("42");
        assertThat(options.origin()).isEqualTo("https://example.test");
        assertThat(options.protocolVersion()).isEqualTo(8);
        assertThat(options.handshakeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.followRedirects()).isTrue();
        assertThat(options.maxRedirects()).isZero();
        assertThat(options.maxHeaderBytes()).isEqualTo(4096);
        assertThat(ClientOptions.builder().protocolVersion(13).build().protocolVersion()).isEqualTo(13);
        for (int unsupported : new int[] {0, 7, 9, 12, 14}) {
            assertThatThrownBy(() -> ClientOptions.builder().protocolVersion(unsupported))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8, 13");
        }
        assertThatThrownBy(() -> ClientOptions.builder().maxRedirects(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsTakeZeroForNoLimitAndRefuseNegatives() {
        assertThatThrownBy(() -> ClientOptions.builder().maxPayload(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().maxFragments(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientOptions.builder().maxBufferedBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServerOptionsChainBuildsEverythingItSet() {
        ServerOptions options = ServerOptions.builder()
                .host("127.0.0.1")
                .port(65535)
                .backlog(7)
                .messageMemoryBudget(1)
                .build();
        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(65535);
        assertThat(options.backlog()).isEqualTo(7);
        assertThat(options.noServer()).isFalse();
        assertThat(ServerOptions.builder().noServer(true).build().noServer()).isTrue();
        assertThat(ServerOptions.builder().port(0).build().port()).isZero();
        assertThatThrownBy(() -> ServerOptions.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().messageMemoryBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMessageMemoryBudgetDefaultsToAnEighthOfTheHeapAndAlwaysFitsTwoLargestMessages() {
        long eighth = Runtime.getRuntime().maxMemory() / 8;
        assertThat(ServerOptions.builder().port(0).maxPayload(0).build().messageMemoryBudget()).isEqualTo(eighth);
        assertThat(ServerOptions.builder().port(0).maxPayload(eighth).build().messageMemoryBudget()).isEqualTo(2 * eighth);
        assertThat(ServerOptions.builder().port(0).maxPayload(1).build().messageMemoryBudget()).isEqualTo(eighth);
        assertThat(ServerOptions.builder().port(0).maxPayload(1000).messageMemoryBudget(10).build().messageMemoryBudget())
                .isEqualTo(2000);
        assertThat(ServerOptions.builder().port(0).maxPayload(0).messageMemoryBudget(10).build().messageMemoryBudget())
                .isEqualTo(10);
    }

    @Test
    void sendOptionsChainBuildsWhatItSet() {
        SendOptions options = SendOptions.builder().binary(true).fin(false).compress(false).build();
        assertThat(options.type()).isEqualTo(SendOptions.Type.BINARY);
        assertThat(options.fin()).isFalse();
        assertThat(options.compress()).isFalse();
    }

    @Test
    void theDefaultFragmentsCallbackJoinsThePiecesInOrderIntoOneBinaryMessage() {
        List<ByteBuffer> seen = new ArrayList<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onBinary(WebSocket ws, ByteBuffer data) {
                seen.add(data);
            }
        };
        ByteBuffer first = ByteBuffer.wrap(new byte[] {1, 2});
        ByteBuffer second = ByteBuffer.wrap(new byte[] {3});
        listener.onBinaryFragments(null, List.of(first, second));
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(first.remaining()).as("the fragments are left as they were").isEqualTo(2);
    }
}
