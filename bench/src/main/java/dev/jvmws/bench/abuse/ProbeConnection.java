package dev.jvmws.bench.abuse;

import dev.jvmws.bench.load.ClientFrames;
import dev.jvmws.bench.load.UpgradeRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An honest client connection: a blocking socket with timeouts, a well-formed upgrade (no
 * extensions) and small text messages whose echo it waits for. Every wait is bounded by the timeout,
 * so a stalled server shows up as a failed probe, never as a stuck measuring thread.
 * Not thread-safe: one owner.
 */
final class ProbeConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ServerBytes server = new ServerBytes();
    private final byte[] readBuffer = new byte[8192];

    private ProbeConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and upgrades within {@code timeoutMillis} each (connect, then the response).
     *
     * @throws IOException with a short reason: refused, timed out, reset, or not a 101
     */
    static ProbeConnection open(InetSocketAddress target, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            ProbeConnection connection = new ProbeConnection(socket);
            connection.upgrade(target);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code text} and waits for one data message back; returns the round trip in nanoseconds. */
    long echo(String text) throws IOException {
        byte[] frame = bytes(ClientFrames.frame(ClientFrames.OPCODE_TEXT, text.getBytes(StandardCharsets.UTF_8)));
        long before = server.dataMessages();
        long start = System.nanoTime();
        out.write(frame);
        out.flush();
        while (server.dataMessages() == before) {
            readSome("echo");
        }
        return System.nanoTime() - start;
    }

    /** Sends a close frame (best effort) and closes the socket without waiting for the server's. */
    @Override
    public void close() {
        try {
            out.write(bytes(ClientFrames.close(ClientFrames.CLOSE_NORMAL)));
        } catch (IOException | RuntimeException ignored) {
            // Closing anyway.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to release.
        }
    }

    private void upgrade(InetSocketAddress target) throws IOException {
        out.write(bytes(UpgradeRequest.build(target.getHostString(), target.getPort(), "/")));
        out.flush();
        while (!server.headComplete()) {
            readSome("upgrade response");
        }
        if (server.status() != 101) {
            throw new IOException("upgrade answered " + server.headText().split("\r\n", 2)[0]);
        }
    }

    private void readSome(String waitingFor) throws IOException {
        int n;
        try {
            n = in.read(readBuffer);
        } catch (SocketTimeoutException e) {
            throw new IOException("no " + waitingFor + " within " + socket.getSoTimeout() + " ms");
        }
        if (n < 0) {
            throw new IOException("closed by server while waiting for the " + waitingFor);
        }
        server.consume(ByteBuffer.wrap(readBuffer, 0, n));
        if (server.closeReceived()) {
            throw new IOException("server sent close " + server.closeCode());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
