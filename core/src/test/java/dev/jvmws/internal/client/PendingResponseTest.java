package dev.jvmws.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.HttpHead;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.internal.io.MemoryTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's reading of the server's answer, over the in-memory transport: the test decides which
 * bytes arrive in which read, with no socket and no pause.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PendingResponseTest {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private final EventLoop loop = new ManualClock().newLoop("pending-response-test");
    private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1 << 16);
    private final MemoryTransport server = pair[1];

    private record Response(HttpHead head, byte[] body) {}

    private final ClientHandshakeHandler handler = new ClientHandshakeHandler() {
        @Override
        public void onResponse(PendingResponse response, HttpHead head, byte[] body) {
            outcomes.add(new Response(head, body));
            response.discard();
        }

        @Override
        public void onFailure(PendingResponse response, Throwable error) {
            outcomes.add(error);
        }
    };

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    /** Waits until the loop has run everything queued so far, including what that work put off. */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.defer(() -> done.complete(null)));
        done.get(5, TimeUnit.SECONDS);
    }

    /** Writes {@code text} from the server's end and lets the client read it, in a read of its own. */
    private void arrive(String text) throws Exception {
        server.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
        settle();
    }

    private void start() throws Exception {
        loop.execute(() -> PendingResponse.over(pair[0], REQUEST, handler, 8192, 0));
        settle();
    }

    @Test
    void anUnexpectedResponseBodyArrivingInPiecesIsReadUpToItsContentLength() throws Exception {
        start();
        arrive("HTTP/1.1 503 Bu");
        arrive("sy\r\nContent-Length: 10\r\n\r\nhel");
        arrive("lo");
        assertThat(outcomes).isEmpty();
        // Bytes past the Content-Length are not part of the body; the stream stays open, so only the
        // length can end the body.
        arrive("worldTRAILING");

        Response response = (Response) outcomes.poll(5, TimeUnit.SECONDS);
        assertThat(response.head().statusCode()).isEqualTo(503);
        assertThat(new String(response.body(), StandardCharsets.ISO_8859_1)).isEqualTo("helloworld");
        assertThat(outcomes).isEmpty();
    }

    @Test
    void theRequestIsWrittenOnceTheTransportIsTaken() throws Exception {
        start();
        ByteBuffer written = ByteBuffer.allocate(REQUEST.length + 1);
        assertThat(server.read(written)).isEqualTo(REQUEST.length);
        assertThat(written.flip()).isEqualTo(ByteBuffer.wrap(REQUEST));
    }
}
