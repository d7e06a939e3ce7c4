package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Start lines and header lines field by field (RFC 7230 §3.1, §3.2): every field's value is checked,
 * not just that a head parses, and each boundary of the grammar from both sides.
 */
class HttpHeadLinesTest {

    private static HttpHead parse(boolean request, String head) {
        HttpHeadParser parser = request ? HttpHeadParser.forRequests(16 * 1024) : HttpHeadParser.forResponses(16 * 1024);
        HttpHeadParser.Status status = parser.parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(status).as("%s -> %s", head, parser.errorMessage()).isEqualTo(HttpHeadParser.Status.DONE);
        return parser.head();
    }

    private static String error(boolean request, String head) {
        HttpHeadParser parser = request ? HttpHeadParser.forRequests(16 * 1024) : HttpHeadParser.forResponses(16 * 1024);
        assertThat(parser.parse(ByteBuffer.wrap(head.getBytes(StandardCharsets.ISO_8859_1))))
                .as(head).isEqualTo(HttpHeadParser.Status.ERROR);
        assertThat(parser.errorStatus()).isEqualTo(400);
        return parser.errorMessage();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.1 100 Continue|100|Continue",
        "HTTP/1.1 101 Switching Protocols|101|Switching Protocols",
        "HTTP/1.1 200 OK|200|OK",
        "HTTP/1.0 302 Found|302|Found",
        "HTTP/1.1 404 Not Found|404|Not Found",
        "HTTP/1.1 599 x|599|x",
        "HTTP/1.1 999 Strange Code|999|Strange Code",
        "HTTP/1.1 426 |426|",
        "HTTP/1.1 200|200|",
    })
    void statusLineFields(String line, int code, String reason) {
        HttpHead head = parse(false, line + "\r\nA: b\r\n\r\n");
        assertThat(head.statusCode()).isEqualTo(code);
        assertThat(head.reasonPhrase()).isEqualTo(reason == null ? "" : reason);
        assertThat(head.version()).isEqualTo(line.substring(0, 8));
        assertThat(head.isRequest()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 099 Too Low", "HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/1.1 2x0 OK", "HTTP/1.1 /00 OK",
        "HTTP/1.1 :00 OK", "HTTP/1.1 20: OK", "HTTP/1.1  200 OK", "HTTP/1.1 200OK", "HTTP/11 200 OK",
        "HTTP/1.1", "HTTP/1.1 ", "XTTP/1.1 200 OK", "HTTP/1.1\t200 OK",
    })
    void malformedStatusLinesAreRejected(String line) {
        assertThat(error(false, line + "\r\n\r\n")).containsIgnoringCase("status");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1|GET|/|HTTP/1.1",
        "GET /chat?x=1 HTTP/1.1|GET|/chat?x=1|HTTP/1.1",
        "M / HTTP/1.0|M|/|HTTP/1.0",
        "POST http://h/p HTTP/1.1|POST|http://h/p|HTTP/1.1",
        "X-Y! * HTTP/1.1|X-Y!|*|HTTP/1.1",
    })
    void requestLineFields(String line, String method, String target, String version) {
        HttpHead head = parse(true, line + "\r\nHost: h\r\n\r\n");
        assertThat(head.method()).isEqualTo(method);
        assertThat(head.target()).isEqualTo(target);
        assertThat(head.version()).isEqualTo(version);
        assertThat(head.isRequest()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET /|Invalid request line",
        "GET|Invalid request line",
        "' / HTTP/1.1'|Invalid HTTP method",
        "G(T / HTTP/1.1|Invalid HTTP method",
        "GET  HTTP/1.1|Invalid request line",
        "GET /a\tb HTTP/1.1|Invalid request target",
        "GET / HTTP/1.x|Invalid HTTP version",
        "GET / http/1.1|Invalid HTTP version",
        "'GET / HTTP/1.1 '|Invalid HTTP version",
    })
    void malformedRequestLinesAreRejected(String line, String message) {
        assertThat(error(true, line + "\r\nHost: h\r\n\r\n")).isEqualTo(message);
    }

    @Test
    void headerValuesLoseSurroundingSpacesAndTabsOnly() {
        HttpHead head = parse(true, "GET / HTTP/1.1\r\nA:  \t x \t y\t \r\nB:\r\nC:z\r\nD: \t \r\n\r\n");
        assertThat(head.headers().first("A")).hasValue("x \t y");
        assertThat(head.headers().first("B")).hasValue("");
        assertThat(head.headers().first("C")).hasValue("z");
        assertThat(head.headers().first("D")).hasValue("");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NoColon|Missing colon in header field",
        ": value|Invalid header field name",
        "Bad Name: v|Invalid header field name",
        "Name : v|Invalid header field name",
        "Na(me: v|Invalid header field name",
    })
    void malformedHeaderLinesAreRejected(String line, String message) {
        assertThat(error(true, "GET / HTTP/1.1\r\n" + line + "\r\n\r\n")).isEqualTo(message);
    }

    @Test
    void aHeadLargerThanTheFirstBufferGrowsWhileArrivingInPieces() {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 200; i++) {
            head.append("X-Header-").append(i).append(": value-").append(i).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        for (int piece : new int[] {1, 7, 100, 300, 1000}) {
            HttpHeadParser parser = HttpHeadParser.forRequests(16 * 1024);
            HttpHeadParser.Status status = HttpHeadParser.Status.NEED_MORE;
            for (int at = 0; at < bytes.length; at += piece) {
                status = parser.parse(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)).slice());
            }
            assertThat(status).isEqualTo(HttpHeadParser.Status.DONE);
            HttpHeaders headers = parser.head().headers();
            for (int i = 0; i < 200; i++) {
                assertThat(headers.first("X-Header-" + i)).hasValue("value-" + i);
            }
        }
    }

    @Test
    void theLimitIsReported() {
        assertThat(HttpHeadParser.forRequests(1234).maxHeadBytes()).isEqualTo(1234);
    }
}
