package dev.jvmws.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UpgradeResponseReaderTest {
    private static final String ACCEPTED = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "sec-websocket-accept:  " + UpgradeRequest.EXPECTED_ACCEPT + "\r\n"
            + "\r\n";
    /** A server may send its first frame in the same segment as the response. */
    private static final byte[] FRAME_AFTER = {(byte) 0x81, 0x02, 'h', 'i'};

    @Test
    void acceptsAtEverySplitPointAndLeavesTheFrameThatFollows() {
        byte[] head = ACCEPTED.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(head, head.length + FRAME_AFTER.length);
        System.arraycopy(FRAME_AFTER, 0, input, head.length, FRAME_AFTER.length);
        for (int split = 0; split <= input.length; split++) {
            UpgradeResponseReader reader = new UpgradeResponseReader();
            ByteBuffer first = ByteBuffer.wrap(input, 0, split);
            boolean done = reader.consume(first);
            ByteBuffer rest = ByteBuffer.wrap(input, first.position(), input.length - first.position());
            if (!done) {
                assertThat(split).as("complete only once the blank line is in").isLessThan(head.length);
                assertThat(first.hasRemaining()).isFalse();
                assertThat(reader.consume(rest)).as("split at %d", split).isTrue();
            }
            assertThat(reader.rejection()).as("split at %d", split).isNull();
            assertThat(rest.remaining()).as("frame bytes left, split at %d", split).isEqualTo(FRAME_AFTER.length);
        }
    }

    @Test
    void rejectsAnotherStatus() {
        UpgradeResponseReader reader = reader("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");

        assertThat(reader.rejection()).isEqualTo("expected 101, got: HTTP/1.1 400 Bad Request");
    }

    @Test
    void rejectsAWrongOrMissingAccept() {
        assertThat(reader("HTTP/1.1 101 Switching Protocols\r\nSec-WebSocket-Accept: nope\r\n\r\n").rejection())
                .isEqualTo("wrong Sec-WebSocket-Accept: nope");
        assertThat(reader("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n").rejection())
                .isEqualTo("101 without Sec-WebSocket-Accept");
    }

    @Test
    void anAcceptedDeflateOfferPassesAndADeclinedOneFails() {
        String accepted = acceptedWith("sec-websocket-extensions: permessage-deflate; client_no_context_takeover");

        UpgradeResponseReader reader = reader(accepted, true);
        assertThat(reader.rejection()).isNull();
        assertThat(reader.extensions()).isEqualTo("permessage-deflate; client_no_context_takeover");
        assertThat(reader(ACCEPTED, true).rejection()).startsWith("server declined permessage-deflate");
    }

    @Test
    void repeatedExtensionHeaderLinesFormOneList() {
        String twoLines = acceptedWith("Sec-WebSocket-Extensions: permessage-deflate",
                "Sec-WebSocket-Extensions: x-other");

        assertThat(reader(twoLines, true).rejection()).startsWith("server accepted 2 extensions");
    }

    @Test
    void anExtensionWeDidNotOfferFailsTheHandshake() {
        String unasked = acceptedWith("Sec-WebSocket-Extensions: permessage-deflate");

        assertThat(reader(unasked).rejection()).isEqualTo("server accepted extensions we did not offer: permessage-deflate");
    }

    @Test
    void aLoneCarriageReturnDoesNotEndTheHead() {
        UpgradeResponseReader reader = new UpgradeResponseReader();

        assertThat(reader.consume(ascii("HTTP/1.1 101 OK\r\nX: a\r\r\n"))).isFalse();
        assertThat(reader.consume(ascii("\r\n"))).isTrue();
    }

    @Test
    void refusesAnEndlessHead() {
        UpgradeResponseReader reader = new UpgradeResponseReader();
        ByteBuffer endless = ByteBuffer.wrap(new byte[UpgradeResponseReader.MAX_RESPONSE_BYTES + 1]);

        assertThatThrownBy(() -> reader.consume(endless)).isInstanceOf(IllegalStateException.class);
    }

    private static UpgradeResponseReader reader(String response) {
        return reader(response, false);
    }

    private static UpgradeResponseReader reader(String response, boolean deflateOffered) {
        UpgradeResponseReader reader = new UpgradeResponseReader(deflateOffered);
        assertThat(reader.consume(ascii(response))).isTrue();
        return reader;
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A 101 with the right accept value and {@code lines} after it. */
    private static String acceptedWith(String... lines) {
        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Sec-WebSocket-Accept: ").append(UpgradeRequest.EXPECTED_ACCEPT).append("\r\n");
        for (String line : lines) {
            response.append(line).append("\r\n");
        }
        return response.append("\r\n").toString();
    }
}
