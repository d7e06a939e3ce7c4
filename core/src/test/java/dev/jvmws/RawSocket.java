package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A blocking TCP client for hand-made HTTP requests and frames: what a misbehaving or unusual peer
 * would send. Every read is bounded by a socket timeout.
 */
final class RawSocket implements AutoCloseable {
    /** A sample key from RFC 6455 §1.3; its accept value is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawSocket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new RawSocket(socket);
    }

    /** A valid upgrade request for {@code path}, with {@code extraLines} (each "Name: value"). */
    static String upgradeRequest(String path, String... extraLines) {
        StringBuilder request = new StringBuilder()
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1\r\n")
                .append("Upgrade: websocket\r\n")
                .append("Connection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(KEY).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        for (String line : extraLines) {
            request.append(line).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** A client frame (FIN set, masked with a fixed key) carrying {@code payload}. */
    static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] key = {0x12, 0x34, 0x56, 0x78};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.writeBytes(key);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ key[i & 3]);
        }
        return frame.toByteArray();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = new byte[first.length + second.length];
        System.arraycopy(first, 0, joined, 0, first.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a valid upgrade request and reads the 101 response head. */
    Response upgrade(String path) throws IOException {
        write(upgradeRequest(path));
        Response response = readHead();
        assertThat(response.status()).as("upgrade status").isEqualTo(101);
        return response;
    }

    /** Reads a response head (up to the empty line), byte by byte so no frame byte is consumed. */
    Response readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("End of stream inside the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
        }
        return new Response(Integer.parseInt(statusLine[1]), lines[0], headers, "");
    }

    /** Reads a whole response: head, then the body up to the server's end-of-stream. */
    Response readResponse() throws IOException {
        Response head = readHead();
        String body = new String(readToEnd(), StandardCharsets.UTF_8);
        return new Response(head.status(), head.statusLine(), head.headers(), body);
    }

    byte[] readExactly(int count) throws IOException {
        return in.readNBytes(count);
    }

    /** Bytes already received and not read: what the peer has sent so far, without waiting. */
    int available() throws IOException {
        return in.available();
    }

    /** Reads until the peer closes its side. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A parsed HTTP response; header names compare case-insensitively. */
    record Response(int status, String statusLine, List<String[]> headers, String body) {
        String header(String name) {
            for (String[] header : headers) {
                if (header[0].toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return header[1];
                }
            }
            return null;
        }
    }
}
