package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RawSocket.Response;
import dev.jvmws.RecordingListener.Close;
import dev.jvmws.RecordingListener.UnexpectedResponse;
import dev.jvmws.RecordingServerListener.ClientError;
import dev.jvmws.handshake.HandshakeException;
import dev.jvmws.handshake.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Upgrade requests the server refuses, sent by hand over raw sockets or by our client. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class UpgradeRejectionTest {
    private LoopbackServer loopback;

    private Response exchange(String request) throws Exception {
        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.write(request);
            return socket.readResponse();
        }
    }

    private static String requestWithout(String headerName) {
        StringBuilder kept = new StringBuilder();
        for (String line : RawSocket.upgradeRequest("/").split("\r\n")) {
            if (!line.startsWith(headerName + ":")) {
                kept.append(line).append("\r\n");
            }
        }
        return kept.append("\r\n").toString();
    }

    @Test
    void rejectsAMissingKeyWith400() throws Exception {
        loopback = LoopbackServer.start();

        Response response = exchange(requestWithout("Sec-WebSocket-Key"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Key header");
    }

    @Test
    void rejectsAKeyThatIsNot16Base64BytesWith400() throws Exception {
        loopback = LoopbackServer.start();

        Response response = exchange(requestWithout("Sec-WebSocket-Key").replace("\r\n\r\n",
                "\r\nSec-WebSocket-Key: dG9vIHNob3J0\r\n\r\n"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Missing or invalid Sec-WebSocket-Key header");
    }

    @Test
    void rejectsVersion7With426AndTheSupportedVersions() throws Exception {
        loopback = LoopbackServer.start();

        Response response = exchange(RawSocket.upgradeRequest("/")
                .replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 7"));

        assertThat(response.status()).isEqualTo(426);
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13, 8");
    }

    @Test
    void rejectsHeadersLargerThanMaxHeaderBytesWith431() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().maxHeaderBytes(1024));

        Response response = exchange(RawSocket.upgradeRequest("/", "X-Padding: " + "p".repeat(2000)));

        assertThat(response.status()).isEqualTo(431);
    }

    @Test
    void rejectsPostWith405() throws Exception {
        loopback = LoopbackServer.start();

        Response response = exchange(RawSocket.upgradeRequest("/").replaceFirst("GET", "POST"));

        assertThat(response.status()).isEqualTo(405);
    }

    @Test
    void rejectsAPathOtherThanTheConfiguredOneWith400() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().path("/chat"));

        Response response = exchange(RawSocket.upgradeRequest("/other"));

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void acceptsTheConfiguredPath() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().path("/chat"));

        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            Response response = socket.upgrade("/chat?room=1");

            assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void synchronousVerifierRefusalAnswers401() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(ClientVerifier.of(request -> false)));

        Response response = exchange(RawSocket.upgradeRequest("/"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 401 Unauthorized");
    }

    @Test
    void asynchronousVerifierRefusalAnswersItsStatusBodyAndHeaders() throws Exception {
        LinkedBlockingQueue<CompletableFuture<Verdict>> verdicts = new LinkedBlockingQueue<>();
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(request -> {
            CompletableFuture<Verdict> verdict = new CompletableFuture<>();
            verdicts.add(verdict);
            return verdict;
        }));

        try (RawSocket socket = RawSocket.connect(loopback.address())) {
            socket.write(RawSocket.upgradeRequest("/"));
            CompletableFuture<Verdict> pending = verdicts.poll(5, TimeUnit.SECONDS);
            assertThat(pending).as("verification started").isNotNull();
            // Decided later, on a thread that is not the server's.
            CompletableFuture.runAsync(() -> pending.complete(
                    Verdict.reject(403, "nope", HttpHeaders.builder().add("X-Reason", "policy").build())));
            Response response = socket.readResponse();

            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(response.body()).isEqualTo("nope");
            assertThat(response.header("X-Reason")).isEqualTo("policy");
        }
    }

    // --- a user callback that fails is the server's error, answered 500, never a hung handshake ---

    @Test
    void aSubprotocolSelectorThatThrowsAnswers500AndIsReported() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().handleProtocols((offered, request) -> {
            throw new IllegalStateException("selector broke");
        }));

        Response response = exchange(RawSocket.upgradeRequest("/", "Sec-WebSocket-Protocol: chat"));

        assertThat(response.statusLine()).isEqualTo("HTTP/1.1 500 Internal Server Error");
        assertThat(loopback.events.nextServerError()).hasMessage("selector broke");
    }

    @Test
    void aResponseHeadersHookThatThrowsOrAddsAnUnwritableValueAnswers500() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().responseHeaders((headers, request) -> {
            throw new IllegalStateException("hook broke");
        }));
        assertThat(exchange(RawSocket.upgradeRequest("/")).status()).isEqualTo(500);
        assertThat(loopback.events.nextServerError()).hasMessage("hook broke");
        loopback.close();

        loopback = LoopbackServer.start(ServerOptions.builder()
                .responseHeaders((headers, request) -> headers.add("X-Injected", "a\r\nSet-Cookie: evil")));
        assertThat(exchange(RawSocket.upgradeRequest("/")).status()).isEqualTo(500);
    }

    @Test
    void aVerifierThatThrowsAnswers500AndIsReported() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(request -> {
            throw new IllegalStateException("verifier broke");
        }));

        Response response = exchange(RawSocket.upgradeRequest("/"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(loopback.events.nextServerError()).hasMessage("verifier broke");
    }

    @Test
    void aVerdictThatFailsAnswers500AndIsReported() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(
                request -> CompletableFuture.failedFuture(new IllegalStateException("lookup failed"))));

        Response response = exchange(RawSocket.upgradeRequest("/"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(loopback.events.nextServerError()).hasMessage("lookup failed");
    }

    @Test
    void aNullVerdictAnswers500() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(
                request -> CompletableFuture.completedFuture(null)));

        assertThat(exchange(RawSocket.upgradeRequest("/")).status()).isEqualTo(500);
    }

    @Test
    void reportsARejectedRequestToOnClientError() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder());

        exchange(RawSocket.upgradeRequest("/some/path", "Sec-WebSocket-Protocol: bad protocol"));

        ClientError error = loopback.events.nextClientError();
        assertThat(error.error().statusCode()).isEqualTo(400);
        assertThat(error.request().path()).isEqualTo("/some/path");
    }

    /** The application's own refusal is not a client error (ws emits no wsClientError for verifyClient). */
    @Test
    void aVerifierRefusalIsNotReportedToOnClientError() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder()
                .verifyClient(ClientVerifier.of(request -> !request.path().equals("/refused"))));

        assertThat(exchange(RawSocket.upgradeRequest("/refused")).status()).isEqualTo(401);
        assertThat(exchange(RawSocket.upgradeRequest("/malformed", "Sec-WebSocket-Protocol: bad protocol")).status())
                .isEqualTo(400);

        // Reports come in order on the loop: the first one is the malformed request's, so the refusal made none.
        assertThat(loopback.events.nextClientError().request().path()).isEqualTo("/malformed");
    }

    @Test
    void reportsAnUnparseableRequestToOnClientErrorWithoutARequest() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().maxHeaderBytes(1024));

        exchange(RawSocket.upgradeRequest("/", "X-Padding: " + "p".repeat(2000)));

        ClientError error = loopback.events.nextClientError();
        assertThat(error.error().statusCode()).isEqualTo(431);
        assertThat(error.request()).isNull();
    }

    @Test
    void clientReportsARejectionAsAnErrorThenClose1006() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(ClientVerifier.of(request -> false)));
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connect(client);

        assertThat(client.next(UnexpectedResponse.class).response().statusCode()).isEqualTo(401);
        Throwable error = client.nextError();
        assertThat(error).isInstanceOf(HandshakeException.class).hasMessage("Unexpected server response: 401");
        assertThat(((HandshakeException) error).statusCode()).isEqualTo(401);
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).isSameAs(error);
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void handledUnexpectedResponseSuppressesTheError() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().verifyClient(ClientVerifier.of(request -> false)));
        RecordingListener client = new RecordingListener().handlingUnexpectedResponses();
        loopback.connect(client);

        UnexpectedResponse response = client.next(UnexpectedResponse.class);
        assertThat(response.response().statusCode()).isEqualTo(401);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("Unauthorized");
        assertThat(client.next()).isEqualTo(new Close(1006, "")); // no Failure before it
        client.assertExhausted();
    }
}
