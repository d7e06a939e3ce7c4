package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpHeadersTest {

    private final HttpHeaders headers = HttpHeaders.builder()
            .add("Host", "example.com")
            .add("Connection", "keep-alive, Upgrade")
            .add("sec-websocket-extensions", "a")
            .add("Sec-WebSocket-Extensions", "b; x=1")
            .add("X-Empty", "")
            .build();

    @Test
    void looksUpNamesCaseInsensitively() {
        assertThat(headers.first("HOST")).contains("example.com");
        assertThat(headers.contains("connection")).isTrue();
        assertThat(headers.contains("Origin")).isFalse();
        assertThat(headers.first("Origin")).isEmpty();
    }

    @Test
    void keepsRepeatedLinesInWireOrder() {
        assertThat(headers.all("Sec-WebSocket-Extensions")).containsExactly("a", "b; x=1");
        assertThat(headers.joined("SEC-WEBSOCKET-EXTENSIONS")).isEqualTo("a, b; x=1");
        assertThat(headers.joined("Host")).isEqualTo("example.com");
        assertThat(headers.joined("Origin")).isNull();
        assertThat(headers.all("Origin")).isEmpty();
        assertThat(headers.size()).isEqualTo(5);
    }

    @Test
    void namesAreDistinctInFirstSeenOrderWithFirstSpelling() {
        assertThat(headers.names())
                .containsExactly("Host", "Connection", "sec-websocket-extensions", "X-Empty");
    }

    @Test
    void forEachVisitsLinesInWireOrder() {
        List<String> seen = new ArrayList<>();
        headers.forEach((n, v) -> seen.add(n + "=" + v));
        assertThat(seen).containsExactly("Host=example.com", "Connection=keep-alive, Upgrade",
                "sec-websocket-extensions=a", "Sec-WebSocket-Extensions=b; x=1", "X-Empty=");
    }

    @Test
    void containsTokenReadsCommaListsAcrossLines() {
        assertThat(headers.containsToken("connection", "upgrade")).isTrue();
        assertThat(headers.containsToken("Connection", "KEEP-ALIVE")).isTrue();
        assertThat(headers.containsToken("Connection", "keep")).isFalse();
        assertThat(headers.containsToken("Sec-WebSocket-Extensions", "b")).isFalse();
        HttpHeaders spaced = HttpHeaders.builder()
                .add("Upgrade", " , h2c ,\t")
                .add("Upgrade", "\twebsocket ")
                .build();
        assertThat(spaced.containsToken("Upgrade", "websocket")).isTrue();
        assertThat(spaced.containsToken("Upgrade", "h2c")).isTrue();
        assertThat(spaced.containsToken("Upgrade", "")).isFalse();
        assertThat(spaced.containsToken("Missing", "x")).isFalse();
    }

    @Test
    void builderSetReplacesAllLinesAtTheFirstPosition() {
        HttpHeaders changed = headers.toBuilder().set("SEC-WEBSOCKET-EXTENSIONS", "c").build();
        assertThat(changed.all("sec-websocket-extensions")).containsExactly("c");
        assertThat(changed.names()).containsExactly("Host", "Connection", "SEC-WEBSOCKET-EXTENSIONS", "X-Empty");
        HttpHeaders appended = headers.toBuilder().set("Origin", "o").build();
        assertThat(appended.names()).endsWith("Origin");
    }

    @Test
    void builderRemoveDropsEveryLine() {
        HttpHeaders removed = headers.toBuilder().remove("sec-WebSocket-extensions").build();
        assertThat(removed.contains("Sec-WebSocket-Extensions")).isFalse();
        assertThat(removed.size()).isEqualTo(3);
        assertThat(headers.size()).as("original unchanged").isEqualTo(5);
    }

    @Test
    void emptyHasNothing() {
        assertThat(HttpHeaders.empty().size()).isZero();
        assertThat(HttpHeaders.empty().names()).isEmpty();
        assertThat(HttpHeaders.builder().build()).isEqualTo(HttpHeaders.empty());
    }

    @Test
    void returnedListsAreUnmodifiable() {
        assertThatThrownBy(() -> headers.all("Host").add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.names().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIgnoresNameCaseButNotOrder() {
        HttpHeaders a = HttpHeaders.builder().add("A", "1").add("B", "2").build();
        HttpHeaders b = HttpHeaders.builder().add("a", "1").add("b", "2").build();
        HttpHeaders c = HttpHeaders.builder().add("B", "2").add("A", "1").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c);
    }

    @Test
    void toStringRedactsCredentials() {
        HttpHeaders h = HttpHeaders.builder()
                .add("Host", "h")
                .add("authorization", "Basic c2VjcmV0")
                .add("Cookie", "session=1")
                .build();
        assertThat(h.toString()).contains("Host: h").contains("authorization: <redacted>")
                .doesNotContain("c2VjcmV0").doesNotContain("session");
    }

    @Test
    void rejectsNullAndEmptyNames() {
        assertThatThrownBy(() -> HttpHeaders.builder().add("", "v"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpHeaders.builder().add("A", null))
                .isInstanceOf(NullPointerException.class);
    }
}
