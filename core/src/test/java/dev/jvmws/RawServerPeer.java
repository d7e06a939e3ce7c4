package dev.jvmws;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-written WebSocket server peer for one connection at a time: answers the upgrade with a
 * correct 101 and reads the client's frames as they are on the wire (mask bit and key included), so
 * tests observe what our client sends independently of our own parser.
 */
final class RawServerPeer implements AutoCloseable {
    /** A frame as received. */
    record Frame(int firstByte, boolean masked, int maskKey, byte[] payload) {
        int opcode() {
            return firstByte & 0x0F;
        }
    }

    private final ServerSocket listener;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RawServerPeer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(5000);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Accepts the next connection and reads its request head; returns the headers (lower-case names). */
    Map<String, String> acceptRequest() throws IOException {
        if (socket != null) {
            socket.close();
        }
        socket = listener.accept();
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("end of stream in the request head");
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** Answers 101 for {@code key}, with {@code extraLines} (each "Name: value"). */
    void accept(String key, String... extraLines) throws IOException {
        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + acceptValue(key) + "\r\n");
        for (String line : extraLines) {
            response.append(line).append("\r\n");
        }
        out.write(response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** RFC 6455 §4.2.2, computed here rather than with the library's own AcceptKey. */
    static String acceptValue(String key) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Reads the next frame; the payload is unmasked. */
    Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        boolean masked = (b1 & 0x80) != 0;
        int key = masked ? in.readInt() : 0;
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; masked && i < payload.length; i++) {
            payload[i] ^= (byte) (key >>> (24 - 8 * (i & 3)));
        }
        return new Frame(b0, masked, key, payload);
    }

    /** Writes raw bytes (unmasked server frames). */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Closes the current connection, as a server does after the closing handshake (RFC 6455 §7.1.1). */
    void hangUp() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        listener.close();
    }
}
