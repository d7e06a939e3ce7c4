package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HandshakeRejectionTest {

    @Test
    void writesWsShapedResponse() {
        HandshakeRejection r = HandshakeRejection.of(400, "Invalid Upgrade header");
        assertThat(new String(r.toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "HTTP/1.1 400 Bad Request\r\n"
                        + "Connection: close\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 22\r\n"
                        + "\r\n"
                        + "Invalid Upgrade header");
    }

    @Test
    void writesExtraHeadersAfterFixedOnesAndCountsUtf8Bytes() {
        HandshakeRejection r = HandshakeRejection.of(401, "Nein \u00fc",
                HttpHeaders.builder().add("WWW-Authenticate", "Basic realm=\"x\"").build());
        assertThat(new String(r.toBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "HTTP/1.1 401 Unauthorized\r\n"
                        + "Connection: close\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 7\r\n"
                        + "WWW-Authenticate: Basic realm=\"x\"\r\n"
                        + "\r\n"
                        + "Nein \u00fc");
    }

    @Test
    void extraContentTypeReplacesTheDefault() {
        HandshakeRejection r = HandshakeRejection.of(403, "{}",
                HttpHeaders.builder().add("content-type", "application/json").build());
        String text = new String(r.toBytes(), StandardCharsets.UTF_8);
        assertThat(text).contains("Content-Type: application/json\r\n").doesNotContain("text/plain")
                .doesNotContain("content-type");
    }

    @Test
    void nullBodyMeansStandardPhrase() {
        HandshakeRejection r = HandshakeRejection.of(503, null);
        assertThat(r.body()).isEqualTo("Service Unavailable");
        assertThat(new String(r.toBytes(), StandardCharsets.UTF_8)).endsWith("\r\n\r\nService Unavailable");
    }

    @Test
    void rejectsHeaderInjection() {
        assertThatThrownBy(() -> HandshakeRejection.of(400, "x",
                HttpHeaders.builder().add("X-A", "a\r\nSet-Cookie: evil=1").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(400, "x",
                HttpHeaders.builder().add("X-A", "a\nb").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(400, "x",
                HttpHeaders.builder().add("X A", "b").build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLibraryOwnedHeadersAndOddStatuses() {
        assertThatThrownBy(() -> HandshakeRejection.of(400, "x",
                HttpHeaders.builder().add("Content-Length", "0").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(400, "x",
                HttpHeaders.builder().add("Connection", "keep-alive").build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(101, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isAValue() {
        assertThat(HandshakeRejection.of(400, "a")).isEqualTo(HandshakeRejection.of(400, "a"))
                .isNotEqualTo(HandshakeRejection.of(400, "b"));
        assertThat(HandshakeRejection.of(400, "a").toString()).contains("400").contains("a");
    }
}
