package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHandshakeTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static ClientHandshake handshake(String uri) {
        return new ClientHandshake(URI.create(uri), KEY, 13, null, List.of(), HttpHeaders.empty(), null);
    }

    private static String requestText(ClientHandshake h) {
        return new String(h.request(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesTheMinimalRequest() {
        assertThat(requestText(handshake("ws://example.com"))).isEqualTo(
                "GET / HTTP/1.1\r\n"
                        + "Host: example.com\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "\r\n");
    }

    @Test
    void requestParsesBackAndPassesServerValidation() {
        ClientHandshake h = new ClientHandshake(URI.create("wss://user:pw@example.com:8443/chat?room=1"),
                KEY, 13, "https://example.com", List.of("chat", "superchat"),
                HttpHeaders.builder().add("X-Trace", "1").build(), "permessage-deflate");
        HttpHeadParser parser = HttpHeadParser.forRequests(8192);
        assertThat(parser.parse(ByteBuffer.wrap(h.request()))).isEqualTo(HttpHeadParser.Status.DONE);
        HandshakeRequest req = HandshakeRequest.of(parser.head(), null, true);
        assertThat(ServerHandshake.validate(req)).isNull();
        assertThat(req.target()).isEqualTo("/chat?room=1");
        assertThat(req.requestedSubprotocols()).containsExactly("chat", "superchat");
        assertThat(req.origin()).isEqualTo("https://example.com");
    }

    @Test
    void omitsDefaultPortsAndKeepsOthers() {
        assertThat(requestText(handshake("ws://example.com:80/"))).contains("Host: example.com\r\n");
        assertThat(requestText(handshake("wss://example.com:443/"))).contains("Host: example.com\r\n");
        assertThat(requestText(handshake("ws://example.com:443/"))).contains("Host: example.com:443\r\n");
        assertThat(requestText(handshake("wss://example.com:80/"))).contains("Host: example.com:80\r\n");
        assertThat(requestText(handshake("ws://Example.COM:8080/"))).contains("Host: example.com:8080\r\n");
    }

    @Test
    void bracketsIpv6Hosts() {
        assertThat(requestText(handshake("ws://[::1]:9000/x"))).contains("Host: [::1]:9000\r\n");
        assertThat(requestText(handshake("wss://[2001:db8::1]/"))).contains("Host: [2001:db8::1]\r\n");
    }

    @Test
    void writesPathAndQueryRaw() {
        assertThat(requestText(handshake("ws://h/a%20b/c?x=%2F&y")))
                .startsWith("GET /a%20b/c?x=%2F&y HTTP/1.1\r\n");
        assertThat(requestText(handshake("ws://h?q=1"))).startsWith("GET /?q=1 HTTP/1.1\r\n");
        assertThat(requestText(handshake("ws://h/p?"))).startsWith("GET /p HTTP/1.1\r\n");
    }

    @Test
    void percentEncodesNonAsciiPath() throws Exception {
        ClientHandshake h = new ClientHandshake(new URI("ws", "h", "/caf\u00e9", null), KEY, 13, null,
                null, null, null);
        assertThat(requestText(h)).startsWith("GET /caf%C3%A9 HTTP/1.1\r\n");
    }

    @Test
    void turnsUserInfoIntoBasicAuth() {
        String text = requestText(handshake("ws://alice:s3cret@h/"));
        assertThat(text).endsWith("Authorization: Basic " + b64("alice:s3cret") + "\r\n\r\n");
        assertThat(text).contains("Host: h\r\n");
    }

    @Test
    void percentDecodesUserInfoAsUtf8() {
        assertThat(requestText(handshake("ws://us%40er:p%3Aa+ss%C3%A9@h/")))
                .contains("Authorization: Basic " + b64("us@er:p:a+ss\u00e9") + "\r\n");
        assertThat(requestText(handshake("ws://onlyuser@h/")))
                .contains("Authorization: Basic " + b64("onlyuser:") + "\r\n");
        assertThat(requestText(handshake("ws://:@h/"))).doesNotContain("Authorization");
    }

    @Test
    void rejectsUserInfoThatIsNotUtf8() {
        assertThatThrownBy(() -> handshake("ws://a%FF:b@h/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Invalid URL: ");
    }

    @Test
    void userAuthorizationWins() {
        ClientHandshake h = new ClientHandshake(URI.create("ws://a:b@h/"), KEY, 13, null, null,
                HttpHeaders.builder().add("Authorization", "Bearer t").build(), null);
        String text = requestText(h);
        assertThat(text).contains("Authorization: Bearer t\r\n").doesNotContain("Basic");
    }

    @Test
    void formatsSubprotocolsWithCommaOnly() {
        ClientHandshake h = new ClientHandshake(URI.create("ws://h/"), KEY, 13, null,
                List.of("chat", "superchat"), null, null);
        assertThat(requestText(h)).contains("Sec-WebSocket-Protocol: chat,superchat\r\n");
    }

    @Test
    void usesOriginHeaderForVersion13AndSecWebSocketOriginFor8() {
        ClientHandshake v13 = new ClientHandshake(URI.create("ws://h/"), KEY, 13, "http://o", null, null, null);
        assertThat(requestText(v13)).contains("Sec-WebSocket-Version: 13\r\nOrigin: http://o\r\n")
                .doesNotContain("Sec-WebSocket-Origin");
        ClientHandshake v8 = new ClientHandshake(URI.create("ws://h/"), KEY, 8, "http://o", null, null, null);
        assertThat(requestText(v8)).contains("Sec-WebSocket-Version: 8\r\nSec-WebSocket-Origin: http://o\r\n")
                .doesNotContain("\r\nOrigin:");
    }

    @Test
    void userHostWinsInTheHostSlot() {
        ClientHandshake h = new ClientHandshake(URI.create("ws://h:9000/"), KEY, 13, null, null,
                HttpHeaders.builder().add("X-First", "1").add("host", "virtual.example").build(), null);
        assertThat(requestText(h)).startsWith("GET / HTTP/1.1\r\nX-First: 1\r\nHost: virtual.example\r\n")
                .doesNotContain("h:9000").doesNotContain("host:");
    }

    @Test
    void libraryHeadersOverrideUserHeaders() {
        HttpHeaders user = HttpHeaders.builder()
                .add("Upgrade", "h2c")
                .add("connection", "close")
                .add("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAA==")
                .add("Sec-WebSocket-Version", "7")
                .add("Sec-WebSocket-Protocol", "evil")
                .add("Sec-WebSocket-Extensions", "x-custom")
                .add("Origin", "http://user")
                .add("X-Keep", "yes")
                .build();
        ClientHandshake h = new ClientHandshake(URI.create("ws://h/"), KEY, 13, "http://lib",
                List.of("chat"), user, null);
        assertThat(requestText(h)).isEqualTo(
                "GET / HTTP/1.1\r\n"
                        + "X-Keep: yes\r\n"
                        + "Host: h\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Origin: http://lib\r\n"
                        + "Sec-WebSocket-Protocol: chat\r\n"
                        + "\r\n");
    }

    @Test
    void keepsUserOriginWhenNoOriginIsGiven() {
        ClientHandshake h = new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, null,
                HttpHeaders.builder().add("Origin", "http://user").build(), null);
        assertThat(requestText(h)).startsWith("GET / HTTP/1.1\r\nOrigin: http://user\r\nHost: h\r\n");
    }

    @Test
    void writesExtensionOffer() {
        ClientHandshake h = new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, null, null,
                "permessage-deflate; client_max_window_bits");
        assertThat(requestText(h))
                .endsWith("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n");
    }

    @Test
    void normalisesHttpSchemes() {
        assertThat(handshake("http://h/x").uri()).isEqualTo(URI.create("ws://h/x"));
        assertThat(handshake("HTTPS://h:8443/x?y").uri()).isEqualTo(URI.create("wss://h:8443/x?y"));
        assertThat(requestText(handshake("https://h/"))).contains("Host: h\r\n");
        assertThat(handshake("ws://h/").key()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://h/", "/relative", "ws://h/#frag", "ws:opaque", "ws:///nohost", "ws+tcp:///tmp/s",
            // ws+unix: no path (ws: "The URL's pathname is empty"), a fragment, an empty socket path
            "ws+unix://h", "ws+unix://h?q", "ws+unix:?q", "ws+unix:///tmp/s.sock#frag", "ws+unix::/x"})
    void rejectsInvalidUrls(String uri) {
        assertThatThrownBy(() -> handshake(uri))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Invalid URL: ");
        assertThatThrownBy(() -> ClientHandshake.unixSocketPath(URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Invalid URL: ");
    }

    // ---------------------------------------------------------------- ws+unix (ws's IPC URLs)

    @Test
    void aUnixUrlWithoutARequestPathAsksForSlashWithHostLocalhost() {
        // The exact request Node's ws 8.23.0 sent for ws+unix:///…/s.sock:/p (captured on Node 20 from a
        // net.Server on the socket), header order aside: "GET /p HTTP/1.1", …, "Host: localhost".
        ClientHandshake h = handshake("ws+unix:///tmp/dir/b.sock");
        assertThat(ClientHandshake.unixSocketPath(h.uri())).contains("/tmp/dir/b.sock");
        assertThat(requestText(h)).isEqualTo(
                "GET / HTTP/1.1\r\n"
                        + "Host: localhost\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + KEY + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "\r\n");
        assertThat(h.uri()).isEqualTo(URI.create("ws+unix:///tmp/dir/b.sock"));
    }

    @Test
    void aUnixUrlSplitsSocketPathAndRequestTargetAtTheFirstColon() {
        // ws 8.23 initAsClient: opts.path = pathname + search, split at its first ':'.
        assertUnix("ws+unix:///a/b.sock:/x?y=1", "/a/b.sock", "/x?y=1");
        assertUnix("ws+unix:///a/b.sock:/x:y", "/a/b.sock", "/x:y");
        assertUnix("ws+unix:///a/b.sock:", "/a/b.sock", "/");
        assertUnix("ws+unix:///a/b.sock:/", "/a/b.sock", "/");
        assertUnix("ws+unix:///a/b.sock:/x?", "/a/b.sock", "/x");
        // Without a ':' the query belongs to the socket path, as in ws (which then fails with
        // "connect ENOENT /a/b.sock?q=1"): the rule is ws's, not a URL's.
        assertUnix("ws+unix:///a/b.sock?q=1", "/a/b.sock?q=1", "/");
        // As written: escapes are not decoded (ws passes its pathname on encoded as well).
        assertUnix("ws+unix:///a/my%20b.sock:/c%20d", "/a/my%20b.sock", "/c%20d");
        // Relative socket paths come in an opaque URL, as ws reads "ws+unix:relative.sock".
        assertUnix("ws+unix:run/b.sock:/x?y", "run/b.sock", "/x?y");
        assertUnix("WS+UNIX:///a/b.sock", "/a/b.sock", "/");
        assertThat(handshake("WS+UNIX:///a/b.sock").uri().getScheme()).isEqualTo("ws+unix");
    }

    private static void assertUnix(String uri, String socketPath, String target) {
        assertThat(ClientHandshake.unixSocketPath(URI.create(uri))).as(uri).contains(socketPath);
        assertThat(requestText(handshake(uri))).as(uri).startsWith("GET " + target + " HTTP/1.1\r\n");
    }

    @Test
    void aUnixUrlPercentEncodesANonAsciiRequestTargetButNotTheSocketPath() throws Exception {
        URI uri = new URI("ws+unix", null, "/tmp/caf\u00e9.sock:/caf\u00e9", null);
        assertThat(ClientHandshake.unixSocketPath(uri)).contains("/tmp/caf\u00e9.sock");
        assertThat(requestText(new ClientHandshake(uri, KEY, 13, null, null, null, null)))
                .startsWith("GET /caf%C3%A9 HTTP/1.1\r\n");
    }

    @Test
    void aUnixUrlsHostAndUserInfoGoIntoTheHeadersOnly() {
        // Node's ws 8.23.0 sent "Host: somehost:99" and "Authorization: Basic dTpw" for this URL.
        ClientHandshake h = handshake("ws+unix://u:p@somehost:99/tmp/b.sock:/p");
        assertThat(ClientHandshake.unixSocketPath(h.uri())).contains("/tmp/b.sock");
        assertThat(requestText(h))
                .startsWith("GET /p HTTP/1.1\r\nHost: somehost:99\r\n")
                .contains("Authorization: Basic dTpw\r\n");
        assertThat(requestText(handshake("ws+unix://somehost:80/tmp/b.sock"))).contains("Host: somehost\r\n");
        assertThat(h.toString()).isEqualTo("ClientHandshake{ws+unix:/tmp/b.sock:/p, version=13, subprotocols=[]}");
    }

    @Test
    void onlyUnixUrlsHaveASocketPath() {
        assertThat(ClientHandshake.unixSocketPath(URI.create("ws://h/a.sock:/x"))).isEmpty();
        assertThat(ClientHandshake.unixSocketPath(URI.create("https://h/"))).isEmpty();
    }

    @Test
    void rejectsInvalidOrDuplicatedSubprotocols() {
        for (List<String> bad : List.of(List.of("a b"), List.of("chat", "chat"), List.of(""))) {
            assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, bad, null, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("An invalid or duplicated subprotocol was specified");
        }
    }

    @Test
    void rejectsUnsupportedVersionsAndBadKeys() {
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), KEY, 7, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8, 13");
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), "short", 13, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsHeaderInjection() {
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, null,
                HttpHeaders.builder().add("X", "a\r\nEvil: 1").build(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), KEY, 13, "o\n", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, null,
                HttpHeaders.builder().add("Bad Name", "v").build(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringHidesPassword() {
        assertThat(handshake("ws://alice:s3cret@h/p").toString()).doesNotContain("s3cret").contains("ws://h/p");
    }

    // ---- response validation ----

    private static HttpHeaders.Builder ok() {
        return HttpHeaders.builder()
                .add("Upgrade", "websocket")
                .add("Connection", "Upgrade")
                .add("Sec-WebSocket-Accept", ACCEPT);
    }

    private static HttpHead response(HttpHeaders.Builder headers) {
        return HttpHead.response("HTTP/1.1", 101, "Switching Protocols", headers.build());
    }

    private static ClientHandshake withProtocols(String... protocols) {
        return new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, List.of(protocols), null, null);
    }

    @Test
    void acceptsAValidResponse() throws HandshakeException {
        assertThat(handshake("ws://h/").validate(response(ok()))).isEmpty();
        assertThat(handshake("ws://h/").validate(response(ok().set("Upgrade", "WebSocket")
                .set("Connection", "keep-alive, upgrade")))).isEmpty();
    }

    @Test
    void failsOnUnexpectedStatusWithDetails() {
        HttpHead redirect = HttpHead.response("HTTP/1.1", 302, "Found",
                HttpHeaders.builder().add("Location", "/elsewhere").build());
        assertThatThrownBy(() -> handshake("ws://h/").validate(redirect))
                .isInstanceOfSatisfying(HandshakeException.class, e -> {
                    assertThat(e).hasMessage("Unexpected server response: 302");
                    assertThat(e.statusCode()).isEqualTo(302);
                    assertThat(e.headers().first("Location")).contains("/elsewhere");
                    assertThat(e.body()).isEmpty();
                });
    }

    @Test
    void failsOnMissingOrWrongUpgrade() {
        assertValidateFails(handshake("ws://h/"), ok().remove("Upgrade"), "Invalid Upgrade header");
        assertValidateFails(handshake("ws://h/"), ok().set("Upgrade", "h2c"), "Invalid Upgrade header");
    }

    @Test
    void failsOnConnectionWithoutUpgrade() {
        assertValidateFails(handshake("ws://h/"), ok().set("Connection", "keep-alive"), "Invalid Connection header");
        assertValidateFails(handshake("ws://h/"), ok().remove("Connection"), "Invalid Connection header");
    }

    @Test
    void failsOnMissingOrWrongAccept() {
        assertValidateFails(handshake("ws://h/"), ok().remove("Sec-WebSocket-Accept"),
                "Invalid Sec-WebSocket-Accept header");
        assertValidateFails(handshake("ws://h/"), ok().set("Sec-WebSocket-Accept", ACCEPT.toLowerCase()),
                "Invalid Sec-WebSocket-Accept header");
    }

    @Test
    void failsOnUnrequestedSubprotocol() {
        assertValidateFails(handshake("ws://h/"), ok().add("Sec-WebSocket-Protocol", "chat"),
                "Server sent a subprotocol but none was requested");
    }

    @Test
    void failsOnSubprotocolNotRequested() {
        assertValidateFails(withProtocols("chat"), ok().add("Sec-WebSocket-Protocol", "superchat"),
                "Server sent an invalid subprotocol");
        assertValidateFails(withProtocols("chat"), ok().add("Sec-WebSocket-Protocol", ""),
                "Server sent an invalid subprotocol");
    }

    @Test
    void failsWhenNoSubprotocolIsSelected() {
        assertValidateFails(withProtocols("chat"), ok(), "Server sent no subprotocol");
    }

    @Test
    void returnsTheSelectedSubprotocol() throws HandshakeException {
        assertThat(withProtocols("chat", "superchat").validate(response(ok().add("Sec-WebSocket-Protocol", "superchat"))))
                .isEqualTo("superchat");
    }

    @Test
    void failsOnUnofferedExtensions() {
        assertValidateFails(handshake("ws://h/"), ok().add("Sec-WebSocket-Extensions", "permessage-deflate"),
                "Server sent a Sec-WebSocket-Extensions header but no extension was requested");
    }

    @Test
    void leavesExtensionsToTheCallerWhenOffered() throws HandshakeException {
        ClientHandshake h = new ClientHandshake(URI.create("ws://h/"), KEY, 13, null, null, null,
                "permessage-deflate");
        HttpHead res = response(ok().add("Sec-WebSocket-Extensions", "permessage-deflate")
                .add("Sec-WebSocket-Extensions", "x-other"));
        assertThat(h.validate(res)).isEmpty();
        assertThat(h.responseExtensions(res)).isEqualTo("permessage-deflate, x-other");
        assertThat(h.responseExtensions(response(ok()))).isNull();
    }

    @Test
    void validatesTheServersOwnResponse() throws HandshakeException {
        ClientHandshake h = withProtocols("chat");
        HttpHeadParser requestParser = HttpHeadParser.forRequests(8192);
        requestParser.parse(ByteBuffer.wrap(h.request()));
        HandshakeRequest req = HandshakeRequest.of(requestParser.head(), null, false);
        HttpHeadParser responseParser = HttpHeadParser.forResponses(8192);
        responseParser.parse(ByteBuffer.wrap(ServerHandshake.acceptResponse(req, "chat", null, null)));
        assertThat(h.validate(responseParser.head())).isEqualTo("chat");
    }

    private static void assertValidateFails(ClientHandshake h, HttpHeaders.Builder headers, String message) {
        assertThatThrownBy(() -> h.validate(response(headers)))
                .isInstanceOf(HandshakeException.class)
                .hasMessage(message);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
