package dev.jvmws.bench.jmh;

import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeadParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link HttpHeadParser#forRequests} on a typical Chrome WebSocket upgrade request, arriving whole in a
 * heap buffer (the transport's read buffer is heap, so the head is parsed in place). A parser is
 * single-use, one per connection, so each op creates one, as the server does per accepted socket.
 * The limit is the server default, 16 KiB ({@code ServerOptions.maxHeaderBytes}).
 *
 * <p><b>One op = one request head</b>; bytes/op = the request's length.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeParseBenchmark {
    static final String CHROME_UPGRADE = "GET /chat?room=lobby HTTP/1.1\r\n"
            + "Host: ws.example.com\r\n"
            + "Connection: Upgrade\r\n"
            + "Pragma: no-cache\r\n"
            + "Cache-Control: no-cache\r\n"
            + "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36\r\n"
            + "Upgrade: websocket\r\n"
            + "Origin: https://www.example.com\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Accept-Encoding: gzip, deflate, br, zstd\r\n"
            + "Accept-Language: en-US,en;q=0.9\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
            + "\r\n";
    static final int MAX_HEAD_BYTES = 16 * 1024;

    private ByteBuffer request;

    /** Bytes per op; see {@link JmhMain}. */
    public static long bytesPerOp(String method, Map<String, String> params) {
        return CHROME_UPGRADE.getBytes(StandardCharsets.US_ASCII).length;
    }

    @Setup
    public void setUp() {
        request = ByteBuffer.wrap(CHROME_UPGRADE.getBytes(StandardCharsets.US_ASCII));
        HttpHead head = parseRequest();
        if (request.hasRemaining() || !"GET".equals(head.method())
                || !head.headers().first("sec-websocket-key").orElse("").equals("dGhlIHNhbXBsZSBub25jZQ==")) {
            throw new AssertionError("the request did not parse as expected");
        }
    }

    @Benchmark
    public HttpHead parseRequest() {
        ByteBuffer in = request;
        in.clear();
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX_HEAD_BYTES);
        if (parser.parse(in) != HttpHeadParser.Status.DONE) {
            throw new IllegalStateException(parser.errorMessage());
        }
        return parser.head();
    }
}
