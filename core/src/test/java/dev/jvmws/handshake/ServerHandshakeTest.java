package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rejection path, in the order {@link ServerHandshake#validate} checks them. */
class ServerHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private static HttpHeaders.Builder valid() {
        return HttpHeaders.builder()
                .add("Host", "server.example.com")
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Key", KEY)
                .add("Sec-WebSocket-Version", "13");
    }

    private static HandshakeRequest request(String method, String version, HttpHeaders.Builder headers) {
        return HandshakeRequest.of(HttpHead.request(method, "/chat", version, headers.build()), null, false);
    }

    private static HandshakeRequest request(HttpHeaders.Builder headers) {
        return request("GET", "HTTP/1.1", headers);
    }

    private static void assertRejected(HandshakeRequest req, int status, String body) {
        HandshakeRejection r = ServerHandshake.validate(req);
        assertThat(r).as("rejection").isNotNull();
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.body()).isEqualTo(body);
    }

    @Test
    void acceptsAValidRequest() {
        assertThat(ServerHandshake.validate(request(valid()))).isNull();
    }

    @Test
    void rejectsNonGetWith405BeforeAnythingElse() {
        assertRejected(request("POST", "HTTP/1.0", HttpHeaders.builder()), 405, "Invalid HTTP method");
    }

    @Test
    void rejectsHttp10() {
        assertRejected(request("GET", "HTTP/1.0", valid()), 400, "Invalid HTTP version");
    }

    @Test
    void acceptsLaterHttpVersions() {
        assertThat(ServerHandshake.validate(request("GET", "HTTP/1.2", valid()))).isNull();
    }

    @Test
    void answersPlainHttpWith426AndUpgradeHeader() {
        HandshakeRejection r = ServerHandshake.validate(request(valid().remove("Upgrade")));
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.body()).isEqualTo("Upgrade Required");
        assertThat(r.headers().first("Upgrade")).contains("websocket");
    }

    @Test
    void rejectsUpgradeWithoutWebsocketToken() {
        assertRejected(request(valid().set("Upgrade", "h2c")), 400, "Invalid Upgrade header");
    }

    @Test
    void acceptsUpgradeTokenCaseInsensitivelyInAList() {
        assertThat(ServerHandshake.validate(request(valid().set("Upgrade", "h2c, WebSocket")))).isNull();
    }

    @Test
    void rejectsConnectionWithoutUpgradeToken() {
        assertRejected(request(valid().set("Connection", "keep-alive")), 400, "Invalid Connection header");
    }

    @Test
    void rejectsMissingConnection() {
        assertRejected(request(valid().remove("Connection")), 400, "Invalid Connection header");
    }

    @Test
    void acceptsConnectionKeepAliveUpgrade() {
        assertThat(ServerHandshake.validate(request(valid().set("Connection", "keep-alive, Upgrade")))).isNull();
    }

    @Test
    void rejectsMissingHost() {
        assertRejected(request(valid().remove("Host")), 400, "Missing Host header");
    }

    @Test
    void rejectsRepeatedHost() {
        assertRejected(request(valid().add("Host", "other.example")), 400, "Invalid Host header");
    }

    @Test
    void rejectsMissingKey() {
        assertRejected(request(valid().remove("Sec-WebSocket-Key")), 400,
                "Missing or invalid Sec-WebSocket-Key header");
    }

    @Test
    void rejectsInvalidKey() {
        assertRejected(request(valid().set("Sec-WebSocket-Key", "c2hvcnQ=")), 400,
                "Missing or invalid Sec-WebSocket-Key header");
    }

    @Test
    void rejectsMissingVersionWith400AndSupportedVersions() {
        HandshakeRejection r = ServerHandshake.validate(request(valid().remove("Sec-WebSocket-Version")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("Missing or invalid Sec-WebSocket-Version header");
        assertThat(r.headers().first("Sec-WebSocket-Version")).contains("13, 8");
    }

    @Test
    void rejectsNonNumericVersionWith400() {
        assertRejected(request(valid().set("Sec-WebSocket-Version", "thirteen")), 400,
                "Missing or invalid Sec-WebSocket-Version header");
    }

    @Test
    void rejectsUnsupportedVersionWith426AndSupportedVersions() {
        HandshakeRejection r = ServerHandshake.validate(request(valid().set("Sec-WebSocket-Version", "7")));
        assertThat(r.status()).isEqualTo(426);
        assertThat(r.body()).isEqualTo("Unsupported WebSocket version");
        assertThat(r.headers().first("Sec-WebSocket-Version")).contains("13, 8");
    }

    @Test
    void acceptsVersion8() {
        assertThat(ServerHandshake.validate(request(valid().set("Sec-WebSocket-Version", "8")))).isNull();
    }

    @Test
    void rejectsMalformedSubprotocolHeader() {
        assertRejected(request(valid().add("Sec-WebSocket-Protocol", "chat,,superchat")), 400,
                "Invalid Sec-WebSocket-Protocol header");
    }

    @Test
    void rejectsSubprotocolDuplicatedAcrossLines() {
        assertRejected(request(valid().add("Sec-WebSocket-Protocol", "chat").add("Sec-WebSocket-Protocol", "chat")),
                400, "Invalid Sec-WebSocket-Protocol header");
    }

    @Test
    void acceptsValidSubprotocolLines() {
        assertThat(ServerHandshake.validate(request(
                valid().add("Sec-WebSocket-Protocol", "chat").add("Sec-WebSocket-Protocol", "superchat"))))
                .isNull();
    }

    @Test
    void writesThe101ForTheRfcExampleKey() {
        byte[] bytes = ServerHandshake.acceptResponse(request(valid()), null, null, null);
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(
                "HTTP/1.1 101 Switching Protocols\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "\r\n");
    }

    @Test
    void writesSubprotocolExtensionsAndExtraLinesInOrder() {
        byte[] bytes = ServerHandshake.acceptResponse(request(valid()), "chat",
                "permessage-deflate; server_no_context_takeover", List.of("Set-Cookie: a=1", "X-Id: 7"));
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).isEqualTo(
                "HTTP/1.1 101 Switching Protocols\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "Sec-WebSocket-Protocol: chat\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover\r\n"
                        + "Set-Cookie: a=1\r\n"
                        + "X-Id: 7\r\n"
                        + "\r\n");
    }

    @Test
    void theDirectResponseIsByteForByteTheOneBuiltFromLines() {
        // Servers without a headers hook get the 101 written straight into one array; it must be
        // exactly what the editable lines would have produced.
        HandshakeRequest req = request(valid());
        for (String protocol : new String[] {null, "chat", "v2.json"}) {
            for (String extensions : new String[] {null, "permessage-deflate",
                    "permessage-deflate; client_max_window_bits=10; x=\"\u00e9\""}) {
                byte[] expected = ServerHandshake.toBytes(ServerHandshake.defaultResponseHeaderLines(req, protocol, extensions));
                assertThat(ServerHandshake.acceptResponse(req, protocol, extensions, null))
                        .as("protocol %s, extensions %s", protocol, extensions).isEqualTo(expected);
                assertThat(ServerHandshake.acceptResponse(req, protocol, extensions, List.of())).isEqualTo(expected);
            }
        }
    }

    @Test
    void defaultLinesAreMutableForHeadersHooks() {
        List<String> lines = ServerHandshake.defaultResponseHeaderLines(request(valid()), null, null);
        assertThat(lines).hasSize(4).startsWith("HTTP/1.1 101 Switching Protocols");
        lines.add("X-Hook: 1");
        assertThat(new String(ServerHandshake.toBytes(lines), StandardCharsets.ISO_8859_1))
                .endsWith("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nX-Hook: 1\r\n\r\n");
    }

    @Test
    void refusesLinesThatWouldInjectHeaders() {
        HandshakeRequest req = request(valid());
        assertThatThrownBy(() -> ServerHandshake.acceptResponse(req, null, null, List.of("X: a\r\nY: b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.acceptResponse(req, null, null, List.of("X: a\n")))
                .isInstanceOf(IllegalArgumentException.class);
        List<String> withEmpty = new ArrayList<>(List.of("HTTP/1.1 101 Switching Protocols", ""));
        assertThatThrownBy(() -> ServerHandshake.toBytes(withEmpty)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.acceptResponse(req, "a b", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerHandshake.acceptResponse(req, null, "x\r\n", null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToAcceptARequestWithoutValidKey() {
        assertThatThrownBy(() -> ServerHandshake.acceptResponse(
                request(valid().remove("Sec-WebSocket-Key")), null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesAParsedRequestEndToEnd() {
        HttpHeadParser parser = HttpHeadParser.forRequests(8192);
        parser.parse(java.nio.ByteBuffer.wrap(("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
                + "Connection: keep-alive, Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 8\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
        HandshakeRequest req = HandshakeRequest.of(parser.head(), null, false);
        assertThat(ServerHandshake.validate(req)).isNull();
        assertThat(new String(ServerHandshake.acceptResponse(req, null, null, List.of()),
                StandardCharsets.ISO_8859_1)).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
}
