package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakeRequestTest {

    static HandshakeRequest request(String target, HttpHeaders headers) {
        return HandshakeRequest.of(HttpHead.request("GET", target, "HTTP/1.1", headers),
                new InetSocketAddress("127.0.0.1", 5000), false);
    }

    @Test
    void splitsTargetIntoRawPathAndQuery() {
        HandshakeRequest req = request("/a%20b/c?x=1&y=%2F?z", HttpHeaders.empty());
        assertThat(req.target()).isEqualTo("/a%20b/c?x=1&y=%2F?z");
        assertThat(req.path()).isEqualTo("/a%20b/c");
        assertThat(req.query()).isEqualTo("x=1&y=%2F?z");
        HandshakeRequest plain = request("/chat", HttpHeaders.empty());
        assertThat(plain.path()).isEqualTo("/chat");
        assertThat(plain.query()).isEmpty();
    }

    @Test
    void exposesConnectionFacts() {
        HandshakeRequest req = HandshakeRequest.of(
                HttpHead.request("GET", "/", "HTTP/1.1", HttpHeaders.empty()),
                new InetSocketAddress("10.0.0.1", 1234), true);
        assertThat(req.method()).isEqualTo("GET");
        assertThat(req.httpVersion()).isEqualTo("HTTP/1.1");
        assertThat(req.isSecure()).isTrue();
        assertThat(req.remoteAddress().getPort()).isEqualTo(1234);
        assertThat(req.toString()).contains("GET / HTTP/1.1");
    }

    @Test
    void readsVersionKeyAndOrigin() {
        HandshakeRequest req = request("/", HttpHeaders.builder()
                .add("Sec-WebSocket-Version", "13")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Origin", "https://a.example")
                .add("Sec-WebSocket-Origin", "https://b.example")
                .build());
        assertThat(req.version()).isEqualTo(13);
        assertThat(req.key()).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(req.origin()).isEqualTo("https://a.example");
    }

    @Test
    void version8ReadsSecWebSocketOrigin() {
        HandshakeRequest req = request("/", HttpHeaders.builder()
                .add("Sec-WebSocket-Version", "8")
                .add("Origin", "https://a.example")
                .add("Sec-WebSocket-Origin", "https://b.example")
                .build());
        assertThat(req.origin()).isEqualTo("https://b.example");
    }

    @Test
    void missingValuesAreNullOrMinusOne() {
        HandshakeRequest req = request("/", HttpHeaders.empty());
        assertThat(req.version()).isEqualTo(-1);
        assertThat(req.key()).isNull();
        assertThat(req.origin()).isNull();
        assertThat(req.requestedSubprotocols()).isEmpty();
    }

    @Test
    void nonNumericOrRepeatedVersionIsMinusOne() {
        assertThat(request("/", HttpHeaders.builder().add("Sec-WebSocket-Version", "13a").build()).version())
                .isEqualTo(-1);
        assertThat(request("/", HttpHeaders.builder().add("Sec-WebSocket-Version", "+13").build()).version())
                .isEqualTo(-1);
        assertThat(request("/", HttpHeaders.builder()
                .add("Sec-WebSocket-Version", "13").add("Sec-WebSocket-Version", "13").build()).version())
                .isEqualTo(-1);
        assertThat(request("/", HttpHeaders.builder().add("Sec-WebSocket-Version", "99999999999").build())
                .version()).isEqualTo(-1);
    }

    @Test
    void repeatedKeyIsJoinedAndThereforeInvalid() {
        HandshakeRequest req = request("/", HttpHeaders.builder()
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .build());
        assertThat(AcceptKey.isValidKey(req.key())).isFalse();
    }

    @Test
    void parsesRequestedSubprotocolsAcrossLines() {
        HandshakeRequest req = request("/", HttpHeaders.builder()
                .add("Sec-WebSocket-Protocol", "chat, superchat")
                .add("Sec-WebSocket-Protocol", "v2")
                .build());
        assertThat(req.requestedSubprotocols()).containsExactly("chat", "superchat", "v2");
        HandshakeRequest bad = request("/", HttpHeaders.builder().add("Sec-WebSocket-Protocol", "a,,b").build());
        assertThatThrownBy(bad::requestedSubprotocols).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesResponseHeads() {
        HttpHead response = HttpHead.response("HTTP/1.1", 101, "Switching Protocols", HttpHeaders.empty());
        assertThatThrownBy(() -> HandshakeRequest.of(response, null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void carriesTheClientsCertificatesOverTlsAndNoneOtherwise() throws Exception {
        Certificate ca;
        try (InputStream pem = HandshakeRequestTest.class.getResourceAsStream("/tls/ca.pem")) {
            ca = CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        HttpHead head = HttpHead.request("GET", "/", "HTTP/1.1", HttpHeaders.empty());
        List<Certificate> chain = new ArrayList<>(List.of(ca));
        HandshakeRequest secure = HandshakeRequest.of(head, null, true, chain);
        chain.clear(); // the request keeps its own copy
        assertThat(secure.isSecure()).isTrue();
        assertThat(secure.peerCertificates()).containsExactly(ca);
        assertThatThrownBy(() -> secure.peerCertificates().clear()).isInstanceOf(UnsupportedOperationException.class);

        HandshakeRequest plain = HandshakeRequest.of(head, null, false);
        assertThat(plain.isSecure()).isFalse();
        assertThat(plain.peerCertificates()).isEmpty();
    }
}
