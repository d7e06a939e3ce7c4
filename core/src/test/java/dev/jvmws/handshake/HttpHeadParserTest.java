package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.handshake.HttpHeadParser.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadParserTest {

    private static final int MAX = 8192;

    /** Bytes after the head that must be left for the caller (e.g. a first WebSocket frame). */
    private static final byte[] TRAILER = {(byte) 0x81, 0x02, 'h', 'i'};

    private static final String RFC_REQUEST = "GET /chat?room=1 HTTP/1.1\r\n"
            + "Host: server.example.com\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Origin: http://example.com\r\n"
            + "Sec-WebSocket-Protocol: chat, superchat\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "\r\n";

    private static final String RFC_RESPONSE = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            + "Sec-WebSocket-Protocol: chat\r\n"
            + "\r\n";

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("rfc request", true, RFC_REQUEST),
                Arguments.of("bare LF request", true, RFC_REQUEST.replace("\r\n", "\n")),
                Arguments.of("mixed endings", true,
                        "GET / HTTP/1.1\nHost: a\r\nX-Empty:\r\nX-Tab:\t v \t\n\r\n"),
                Arguments.of("leading empty lines", true, "\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
                Arguments.of("latin-1 value", true, "GET / HTTP/1.1\r\nX-Name: caf\u00e9\r\n\r\n"),
                Arguments.of("no headers", true, "GET / HTTP/1.0\r\n\r\n"),
                Arguments.of("rfc response", false, RFC_RESPONSE),
                Arguments.of("response without reason", false, "HTTP/1.1 101\r\nUpgrade: websocket\n\n"),
                Arguments.of("404 response", false,
                        "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parsesFixtureSplitAtEveryByte(String name, boolean request, String fixture) {
        byte[] head = fixture.getBytes(StandardCharsets.ISO_8859_1);
        byte[] input = concat(head, TRAILER);
        HttpHead expected = parseWhole(request, input);
        for (int split = 0; split <= input.length; split++) {
            HttpHeadParser parser = newParser(request, MAX);
            ByteBuffer first = ByteBuffer.wrap(input, 0, split).slice();
            ByteBuffer second = ByteBuffer.wrap(input, split, input.length - split).slice();
            Status status = parser.parse(first);
            if (split < head.length) {
                assertThat(status).as("split %d", split).isEqualTo(Status.NEED_MORE);
                assertThat(first.hasRemaining()).isFalse();
                status = parser.parse(second);
                assertThat(second.position()).as("split %d", split).isEqualTo(head.length - split);
            } else {
                assertThat(first.position()).as("split %d", split).isEqualTo(head.length);
            }
            assertThat(status).as("split %d", split).isEqualTo(Status.DONE);
            assertThat(parser.head()).as("split %d", split).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void parsesFixtureOneByteAtATimeFromDirectBuffers(String name, boolean request, String fixture) {
        byte[] head = fixture.getBytes(StandardCharsets.ISO_8859_1);
        HttpHead expected = parseWhole(request, head);
        HttpHeadParser parser = newParser(request, MAX);
        Status status = Status.NEED_MORE;
        for (int i = 0; i < head.length; i++) {
            assertThat(status).isEqualTo(Status.NEED_MORE);
            ByteBuffer one = ByteBuffer.allocateDirect(1).put(head[i]).flip();
            status = parser.parse(one);
            assertThat(one.hasRemaining()).isFalse();
        }
        assertThat(status).isEqualTo(Status.DONE);
        assertThat(parser.head()).isEqualTo(expected);
    }

    @Test
    void parsesRequestFields() {
        HttpHead head = parseWhole(true, RFC_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(head.isRequest()).isTrue();
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/chat?room=1");
        assertThat(head.version()).isEqualTo("HTTP/1.1");
        assertThat(head.statusCode()).isEqualTo(-1);
        assertThat(head.reasonPhrase()).isNull();
        assertThat(head.headers().size()).isEqualTo(7);
        assertThat(head.headers().first("sec-websocket-key")).contains("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(head.headers().names()).startsWith("Host", "Upgrade");
    }

    @Test
    void parsesResponseFields() {
        HttpHead head = parseWhole(false, RFC_RESPONSE.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(head.isRequest()).isFalse();
        assertThat(head.statusCode()).isEqualTo(101);
        assertThat(head.reasonPhrase()).isEqualTo("Switching Protocols");
        assertThat(head.method()).isNull();
        assertThat(head.target()).isNull();
        assertThat(head.headers().first("Sec-WebSocket-Accept")).contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aHeadInOneDirectBufferParsesAndStaysIntactAfterTheNextOne() {
        // Such heads are parsed from a per-thread scratch array; the result must not share it.
        HttpHeadParser first = HttpHeadParser.forRequests(MAX);
        assertThat(first.parse(direct(bytes(RFC_REQUEST)))).isEqualTo(HttpHeadParser.Status.DONE);
        HttpHead head = first.head();
        HttpHead expected = parseWhole(true, bytes(RFC_REQUEST));

        HttpHeadParser second = HttpHeadParser.forRequests(MAX);
        second.parse(direct(bytes("POST /other HTTP/1.1\r\nHost: zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\r\n\r\n")));

        assertThat(head).isEqualTo(expected);
        assertThat(second.head().target()).isEqualTo("/other");
    }

    @Test
    void commonFieldsKeepTheirSpellingWhetherSharedOrNot() {
        HttpHead head = parseWhole(true, bytes("GET / HTTP/1.1\r\nHOST: a\r\nHost: b\r\nupgrade: WebSocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nX-Custom: websocket!\r\n\r\n"));
        java.util.List<String> names = new java.util.ArrayList<>();
        java.util.List<String> values = new java.util.ArrayList<>();
        head.headers().forEach((name, value) -> {
            names.add(name);
            values.add(value);
        });
        assertThat(names).containsExactly("HOST", "Host", "upgrade", "Sec-WebSocket-Version", "X-Custom");
        assertThat(values).containsExactly("a", "b", "WebSocket", "13", "websocket!");
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.version()).isEqualTo("HTTP/1.1");
    }

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer;
    }

    @Test
    void bareLfParsesLikeCrlf() {
        assertThat(parseWhole(true, bytes(RFC_REQUEST.replace("\r\n", "\n"))))
                .isEqualTo(parseWhole(true, bytes(RFC_REQUEST)));
        assertThat(parseWhole(false, bytes(RFC_RESPONSE.replace("\r\n", "\n"))))
                .isEqualTo(parseWhole(false, bytes(RFC_RESPONSE)));
    }

    @Test
    void trimsOptionalWhitespaceAroundValuesButKeepsInnerWhitespace() {
        HttpHead head = parseWhole(true, bytes("GET / HTTP/1.1\r\nX-A: \t a \t b \t\r\nX-B:\r\n\r\n"));
        assertThat(head.headers().first("X-A")).contains("a \t b");
        assertThat(head.headers().first("X-B")).contains("");
    }

    @Test
    void decodesValuesAsIso88591() {
        byte[] input = bytes("GET / HTTP/1.1\r\nX: ??\r\n\r\n");
        input[19] = (byte) 0xC3;
        input[20] = (byte) 0xA9;
        HttpHead head = parseWhole(true, input);
        assertThat(head.headers().first("X")).contains("\u00c3\u00a9");
    }

    @Test
    void acceptsHeadOfExactlyMaxBytes() {
        byte[] head = bytes(RFC_REQUEST);
        HttpHeadParser parser = HttpHeadParser.forRequests(head.length);
        assertThat(parser.parse(ByteBuffer.wrap(concat(head, TRAILER)))).isEqualTo(Status.DONE);
    }

    @Test
    void rejectsHeadOneByteOverMaxWith431() {
        byte[] head = bytes(RFC_REQUEST);
        HttpHeadParser parser = HttpHeadParser.forRequests(head.length - 1);
        assertThat(parser.parse(ByteBuffer.wrap(head))).isEqualTo(Status.ERROR);
        assertThat(parser.errorStatus()).isEqualTo(431);
        assertThat(parser.errorMessage()).isNotBlank();
        assertThat(parser.head()).isNull();
    }

    @Test
    void rejectsEndlessHeadWith431AcrossManyReads() {
        HttpHeadParser parser = HttpHeadParser.forRequests(1024);
        assertThat(parser.parse(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\n")))).isEqualTo(Status.NEED_MORE);
        Status status = Status.NEED_MORE;
        for (int i = 0; i < 200 && status == Status.NEED_MORE; i++) {
            status = parser.parse(ByteBuffer.wrap(bytes("X-Filler: 0123456789\r\n")));
        }
        assertThat(status).isEqualTo(Status.ERROR);
        assertThat(parser.errorStatus()).isEqualTo(431);
    }

    @Test
    void countsLeadingEmptyLinesAgainstTheLimit() {
        HttpHeadParser parser = HttpHeadParser.forRequests(16);
        assertThat(parser.parse(ByteBuffer.wrap(bytes("\r\n".repeat(9))))).isEqualTo(Status.ERROR);
        assertThat(parser.errorStatus()).isEqualTo(431);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: a\r\n x\r\n\r\n",          // obs-fold
        "GET / HTTP/1.1\r\n\tHost: a\r\n\r\n",             // whitespace before first field
        "GET / HTTP/1.1\r\nHost a\r\n\r\n",                // missing colon
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",              // space before colon
        "GET / HTTP/1.1\r\n: a\r\n\r\n",                   // empty name
        "GET / HTTP/1.1\r\nHo(st: a\r\n\r\n",              // name not a token
        "GET / HTTP/1.1\r\nHost: a\u0000b\r\n\r\n",        // NUL in value
        "GET / HTTP/1.1\r\nHost: a\u007fb\r\n\r\n",        // DEL in value
        "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",            // bare CR
        "GET / HTTP/1.1\r\r\n\r\n",                        // bare CR
        "GET /  HTTP/1.1\r\n\r\n",                         // two spaces
        "GET  / HTTP/1.1\r\n\r\n",                         // two spaces
        "GET / HTTP/1.1 \r\n\r\n",                         // trailing space
        "GET /\r\n\r\n",                                   // HTTP/0.9 style
        "GET\r\n\r\n",                                     // method only
        " GET / HTTP/1.1\r\n\r\n",                         // leading space
        "G(T / HTTP/1.1\r\n\r\n",                          // method not a token
        "GET /a\tb HTTP/1.1\r\n\r\n",                      // tab in target
        "GET / HTTP/11\r\n\r\n",                           // bad version
        "GET / http/1.1\r\n\r\n",                          // lower-case version
        "GET / HTTP/1.1.1\r\n\r\n",                        // bad version
        "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\r\n\r\n", // TLS ClientHello on a plain port
    })
    void rejectsMalformedRequestWith400AtEverySplit(String fixture) {
        byte[] input = bytes(fixture);
        for (int split = 0; split <= input.length; split++) {
            HttpHeadParser parser = HttpHeadParser.forRequests(MAX);
            Status status = parser.parse(ByteBuffer.wrap(input, 0, split).slice());
            if (status == Status.NEED_MORE) {
                status = parser.parse(ByteBuffer.wrap(input, split, input.length - split).slice());
            }
            assertThat(status).as("split %d", split).isEqualTo(Status.ERROR);
            assertThat(parser.errorStatus()).isEqualTo(400);
            assertThat(parser.errorMessage()).isNotBlank();
            assertThat(parser.head()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 10 Short\r\n\r\n",
        "HTTP/1.1 1011 Long\r\n\r\n",
        "HTTP/1.1 abc Letters\r\n\r\n",
        "HTTP/1.1  101 Two spaces\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n",
        "HTTP/1.1\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade websocket\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: web\u0001socket\r\n\r\n",
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n  folded\r\n\r\n",
    })
    void rejectsMalformedResponseWith400(String fixture) {
        HttpHeadParser parser = HttpHeadParser.forResponses(MAX);
        assertThat(parser.parse(ByteBuffer.wrap(bytes(fixture)))).isEqualTo(Status.ERROR);
        assertThat(parser.errorStatus()).isEqualTo(400);
    }

    @Test
    void reportsSpecificMessages() {
        assertThat(errorOf("GET / HTTP/1.1\r\nHost a\r\n\r\n")).isEqualTo("Missing colon in header field");
        assertThat(errorOf("GET / HTTP/1.1\r\nHo st: a\r\n\r\n")).isEqualTo("Invalid header field name");
        assertThat(errorOf("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n"))
                .isEqualTo("Obsolete line folding is not allowed");
        assertThat(errorOf("GET / HTTP/2\r\n\r\n")).isEqualTo("Invalid HTTP version");
    }

    @Test
    void stopsAtDoneAndLeavesTheRestToTheCaller() {
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX);
        ByteBuffer in = ByteBuffer.wrap(concat(bytes(RFC_REQUEST), TRAILER));
        assertThat(parser.parse(in)).isEqualTo(Status.DONE);
        assertThat(in.remaining()).isEqualTo(TRAILER.length);
        assertThat(parser.parse(in)).isEqualTo(Status.DONE);
        assertThat(in.remaining()).as("nothing consumed after DONE").isEqualTo(TRAILER.length);
    }

    @Test
    void staysInErrorAndConsumesNothingMore() {
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX);
        assertThat(parser.parse(ByteBuffer.wrap(bytes("BAD\u0000")))).isEqualTo(Status.ERROR);
        ByteBuffer more = ByteBuffer.wrap(bytes(RFC_REQUEST));
        assertThat(parser.parse(more)).isEqualTo(Status.ERROR);
        assertThat(more.position()).isZero();
    }

    @Test
    void parsesFromABufferWithNonZeroArrayOffset() {
        byte[] input = concat(bytes("junk"), bytes(RFC_REQUEST));
        ByteBuffer slice = ByteBuffer.wrap(input, 4, input.length - 4).slice();
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX);
        assertThat(parser.parse(slice)).isEqualTo(Status.DONE);
        assertThat(parser.head().target()).isEqualTo("/chat?room=1");
    }

    @Test
    void requiresPositiveLimit() {
        assertThatThrownBy(() -> HttpHeadParser.forRequests(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String errorOf(String fixture) {
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX);
        assertThat(parser.parse(ByteBuffer.wrap(bytes(fixture)))).isEqualTo(Status.ERROR);
        return parser.errorMessage();
    }

    private static HttpHead parseWhole(boolean request, byte[] input) {
        HttpHeadParser parser = newParser(request, MAX);
        Status status = parser.parse(ByteBuffer.wrap(input));
        Supplier<String> why = () -> parser.errorStatus() + " " + parser.errorMessage();
        assertThat(status).as(why).isEqualTo(Status.DONE);
        return parser.head();
    }

    private static HttpHeadParser newParser(boolean request, int max) {
        return request ? HttpHeadParser.forRequests(max) : HttpHeadParser.forResponses(max);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
