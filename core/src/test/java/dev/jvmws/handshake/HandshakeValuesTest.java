package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The small value types and helpers of the handshake, each boundary from both sides: request
 * target parts, version numbers, accept keys against an independent SHA-1, the Host header and
 * credentials of a URL, header equality and lists, rejection values, character classes.
 */
class HandshakeValuesTest {

    private static HandshakeRequest request(String target, String... headerLines) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return HandshakeRequest.of(HttpHead.request("GET", target, "HTTP/1.1", headers.build()), null, false);
    }

    private static HandshakeRequest valid(String version) {
        HttpHeaders headers = HttpHeaders.builder().add("Host", "h").add("Upgrade", "websocket")
                .add("Connection", "Upgrade").add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .add("Sec-WebSocket-Version", "13").build();
        return HandshakeRequest.of(HttpHead.request("GET", "/", version, headers), null, false);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/|/|''", "/a?b=1|/a|b=1", "?x|''|x", "/p?|/p|''", "/p?a?b|/p|a?b", "*|*|''",
    })
    void pathAndQuerySplitAtTheFirstQuestionMark(String target, String path, String query) {
        HandshakeRequest req = request(target);
        assertThat(req.path()).isEqualTo(path);
        assertThat(req.query()).isEqualTo(query);
        assertThat(req.target()).isEqualTo(target);
        assertThat(req.head().target()).isEqualTo(target);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "13|13", "8|8", "0|0", "9|9", "123456789|123456789", "1234567890|-1", "''|-1", "1a|-1", "/|-1", ":|-1",
        "-1|-1", "+13|-1", " 13|13",
    })
    void versionIsAPlainDecimalNumberOfAtMostNineDigits(String value, int expected) {
        assertThat(request("/", "Sec-WebSocket-Version: " + value).version()).isEqualTo(expected);
    }

    @Test
    void versionIsMinusOneWhenAbsentOrRepeated() {
        assertThat(request("/").version()).isEqualTo(-1);
        assertThat(request("/", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13").version()).isEqualTo(-1);
    }

    @Test
    void secureFlagIsKept() {
        HttpHead head = HttpHead.request("GET", "/", "HTTP/1.1", HttpHeaders.empty());
        assertThat(HandshakeRequest.of(head, null, true).isSecure()).isTrue();
        assertThat(HandshakeRequest.of(head, null, false).isSecure()).isFalse();
        assertThatThrownBy(() -> HandshakeRequest.of(HttpHead.response("HTTP/1.1", 101, "x", HttpHeaders.empty()), null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1|true", "HTTP/1.9|true", "HTTP/2.0|true", "HTTP/9.9|true",
        "HTTP/1.0|false", "HTTP/0.9|false", "HTTP/0.0|false",
    })
    void theServerNeedsHttp11OrLater(String version, boolean accepted) { // RFC 6455 §4.1 item 2
        HandshakeRejection rejection = ServerHandshake.validate(valid(version));
        if (accepted) {
            assertThat(rejection).isNull();
        } else {
            assertThat(rejection.status()).isEqualTo(400);
            assertThat(rejection.body()).isEqualTo("Invalid HTTP version");
        }
    }

    // ---------------------------------------------------------------- accept keys

    private static String independentAccept(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
        return Base64.getEncoder().encodeToString(digest);
    }

    @Test
    void acceptValuesMatchAnIndependentSha1ForManyKeysAndLengths() throws Exception {
        Random random = new Random(6455);
        for (int i = 0; i < 200; i++) {
            byte[] nonce = new byte[1 + random.nextInt(120)];
            random.nextBytes(nonce);
            String key = Base64.getEncoder().encodeToString(nonce);
            assertThat(AcceptKey.compute(key)).as(key).isEqualTo(independentAccept(key));
        }
    }

    @Test
    void acceptIsWrittenAtTheOffsetAndNowhereElse() throws Exception {
        byte[] destination = new byte[60];
        java.util.Arrays.fill(destination, (byte) '#');
        AcceptKey.computeInto("dGhlIHNhbXBsZSBub25jZQ==", destination, 7);
        String written = new String(destination, StandardCharsets.ISO_8859_1);
        assertThat(written).isEqualTo("#".repeat(7) + "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" + "#".repeat(60 - 7 - 28));
    }

    @Test
    void charactersOutsideLatin1AreSentAsQuestionMarks() {
        assertThat(AcceptKey.compute("ключ")).isEqualTo(AcceptKey.compute("????"));
        assertThat(AcceptKey.compute("\u00ff")).isNotEqualTo(AcceptKey.compute("?"));
    }

    @ParameterizedTest
    @ValueSource(chars = {'A', 'Z', 'a', 'z', '0', '9', '+', '/'})
    void keysOfEveryBase64CharacterAreValid(char c) {
        assertThat(AcceptKey.isValidKey(String.valueOf(c).repeat(22) + "==")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(chars = {'@', '[', '`', '{', '.', ':', '-', '_', '=', ' '})
    void keysWithOtherCharactersAreInvalid(char c) { // the neighbours of each base64 range
        String key = "A".repeat(21) + c + "==";
        assertThat(AcceptKey.isValidKey(key)).as(key).isFalse();
    }

    // ---------------------------------------------------------------- URLs

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ws://Example.COM/|example.com", "ws://h:80/|h", "ws://h:81/|h:81", "wss://h:443/|h",
        "wss://h:80/|h:80", "ws://h:443/|h:443", "ws://[::1]:9/|[::1]:9", "ws://h:0/|h:0",
    })
    void hostHeaderOmitsOnlyTheDefaultPort(String url, String host) {
        assertThat(WebSocketUri.hostHeader(WebSocketUri.normalize(URI.create(url)))).isEqualTo(host);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ws://u:p@h/|u:p", "ws://u@h/|u:", "ws://:p@h/|:p", "ws://%41%42:%7a%7A@h/|AB:zz", "ws://a%3Ab:c@h/|a:b:c",
        "ws://x%41:%4a@h/|xA:J", "ws://%f0%9f%98%80:p@h/|😀:p", "ws://a+b:c@h/|a+b:c", "ws://%30%39:%61%66%41%46@h/|09:afAF",
    })
    void credentialsArePercentDecodedAsUtf8(String url, String credentials) {
        assertThat(WebSocketUri.credentials(WebSocketUri.normalize(URI.create(url)))).isEqualTo(credentials);
    }

    @Test
    void emptyUserInfoHasNoCredentialsAndInvalidUtf8IsRefused() {
        assertThat(WebSocketUri.credentials(WebSocketUri.normalize(URI.create("ws://h/")))).isNull();
        assertThat(WebSocketUri.credentials(WebSocketUri.normalize(URI.create("ws://:@h/")))).isNull();
        assertThatThrownBy(() -> WebSocketUri.credentials(WebSocketUri.normalize(URI.create("ws://%ff:p@h/"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }

    // ---------------------------------------------------------------- headers and rejections

    @Test
    void headersAreEqualIgnoringNameCaseButNotValueCaseOrOrder() {
        HttpHeaders a = HttpHeaders.builder().add("Name", "v").add("Other", "w").build();
        HttpHeaders sameButCase = HttpHeaders.builder().add("nAME", "v").add("OTHER", "w").build();
        assertThat(a).isEqualTo(sameButCase).hasSameHashCodeAs(sameButCase);
        assertThat(a).isNotEqualTo(HttpHeaders.builder().add("Name", "V").add("Other", "w").build());
        assertThat(a).isNotEqualTo(HttpHeaders.builder().add("Other", "w").add("Name", "v").build());
        assertThat(a).isNotEqualTo(HttpHeaders.builder().add("Name", "v").build());
        assertThat(a).isNotEqualTo(HttpHeaders.builder().add("Namf", "v").add("Other", "w").build());
        assertThat(a).isNotEqualTo("Name: v");
        assertThat(a.hashCode()).isNotEqualTo(HttpHeaders.builder().add("Name", "w").add("Other", "v").build().hashCode());
        assertThat(a.hashCode()).isNotEqualTo(HttpHeaders.builder().add("Other", "w").add("Name", "v").build().hashCode());
        assertThat(HttpHeaders.empty().hashCode()).isNotEqualTo(a.hashCode());
    }

    @Test
    void toStringListsHeadersAndRedactsCredentials() {
        HttpHeaders headers = HttpHeaders.builder().add("A", "1").add("Authorization", "secret").add("B", "2").build();
        assertThat(headers.toString()).isEqualTo("[A: 1, Authorization: <redacted>, B: 2]");
        assertThat(HttpHeaders.empty().toString()).isEqualTo("[]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "websocket|true", "WebSocket|true", "a, websocket|true", "websocket ,a|true", "a,\twebsocket\t,b|true",
        "a,,websocket|true", "websockets|false", "xwebsocket|false", "web socket|false", "''|false", "a,|false",
    })
    void tokenListsAreSplitOnCommasWithOptionalWhitespace(String value, boolean contains) {
        assertThat(HttpHeaders.builder().add("Upgrade", value).build().containsToken("Upgrade", "websocket"))
                .isEqualTo(contains);
    }

    @Test
    void setReplacesEveryLineOfANameAtTheFirstOnesPlace() {
        HttpHeaders headers = HttpHeaders.builder().add("A", "1").add("X", "2").add("B", "3").add("x", "4")
                .add("X", "5").add("C", "6").set("X", "new").build();
        assertThat(headers.names()).containsExactly("A", "X", "B", "C");
        assertThat(headers.all("x")).containsExactly("new");
        assertThat(HttpHeaders.builder().add("A", "1").set("B", "2").build().names()).containsExactly("A", "B");
    }

    @Test
    void rejectionsAreValuesAndOnlyCarryStatuses200To599() {
        HandshakeRejection a = HandshakeRejection.of(400, "bad");
        assertThat(a).isEqualTo(HandshakeRejection.of(400, "bad")).hasSameHashCodeAs(HandshakeRejection.of(400, "bad"));
        assertThat(a).isNotEqualTo(HandshakeRejection.of(401, "bad"));
        assertThat(a).isNotEqualTo(HandshakeRejection.of(400, "worse"));
        assertThat(a).isNotEqualTo(HandshakeRejection.of(400, "bad", HttpHeaders.builder().add("X", "1").build()));
        assertThat(a).isNotEqualTo("bad");
        assertThat(HandshakeRejection.of(200, "ok").status()).isEqualTo(200);
        assertThat(HandshakeRejection.of(599, "x").status()).isEqualTo(599);
        assertThatThrownBy(() -> HandshakeRejection.of(199, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HandshakeRejection.of(600, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headsAreValues() {
        HttpHead a = HttpHead.response("HTTP/1.1", 101, "Switching Protocols", HttpHeaders.builder().add("A", "1").build());
        HttpHead same = HttpHead.response("HTTP/1.1", 101, "Switching Protocols", HttpHeaders.builder().add("a", "1").build());
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a).isNotEqualTo(HttpHead.response("HTTP/1.1", 102, "Switching Protocols", same.headers()));
        assertThat(a).isNotEqualTo(HttpHead.response("HTTP/1.1", 101, "Other", same.headers()));
        assertThat(a).isNotEqualTo(HttpHead.response("HTTP/1.0", 101, "Switching Protocols", same.headers()));
        assertThat(a).isNotEqualTo(HttpHead.response("HTTP/1.1", 101, "Switching Protocols", HttpHeaders.empty()));
        assertThat(a).isNotEqualTo(HttpHead.request("GET", "/", "HTTP/1.1", same.headers()));
        assertThat(HttpHead.request("GET", "/", "HTTP/1.1", HttpHeaders.empty()))
                .isNotEqualTo(HttpHead.request("GET", "/x", "HTTP/1.1", HttpHeaders.empty()))
                .isNotEqualTo(HttpHead.request("PUT", "/", "HTTP/1.1", HttpHeaders.empty()));
        assertThat(a).isNotEqualTo("head");
        assertThat(a.hashCode()).isNotZero();
        assertThatThrownBy(() -> HttpHead.response("HTTP/1.1", 99, "x", HttpHeaders.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(HttpHead.response("HTTP/1.1", 100, "x", HttpHeaders.empty()).statusCode()).isEqualTo(100);
        assertThat(HttpHead.response("HTTP/1.1", 999, "x", HttpHeaders.empty()).statusCode()).isEqualTo(999);
    }

    // ---------------------------------------------------------------- characters

    @Test
    void tcharsAreExactlyRfc7230s() {
        String tchars = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int c = -1; c < 300; c++) {
            assertThat(HttpChars.isTchar(c)).as("char %d", c).isEqualTo(c >= 0 && tchars.indexOf(c) >= 0);
        }
    }

    @Test
    void headBytesAreTabSpaceVisibleAndObsText() {
        for (int b = 0; b <= 0xFF; b++) {
            assertThat(HttpChars.isHeadByte(b)).as("byte %d", b).isEqualTo(b == '\t' || (b >= 0x20 && b != 0x7F));
        }
        assertThat(HttpChars.isHeadByte(0x100)).isFalse();
    }

    @Test
    void lowerCasingTouchesOnlyAsciiLetters() {
        for (char c = 0; c < 300; c++) {
            char expected = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            assertThat(HttpChars.toLowerAscii(c)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"chat|1", "chat,superchat|2", " a , b |2", "a,\tb|2"})
    void subprotocolListsParse(String header, int count) {
        assertThat(Subprotocols.parse(header)).hasSize(count);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a,", ",a", "a b", "a,,b", "a,a", "a;b"})
    void invalidSubprotocolListsAreRefused(String header) {
        assertThatThrownBy(() -> Subprotocols.parse(header)).isInstanceOf(IllegalArgumentException.class);
    }
}
