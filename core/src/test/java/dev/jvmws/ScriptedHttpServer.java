package dev.jvmws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A plain blocking HTTP/1.1 responder on 127.0.0.1: reads each request head and answers with a fixed
 * response, then closes the socket. Enough to play a redirecting server.
 */
final class ScriptedHttpServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final IntFunction<String> response;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    private ScriptedHttpServer(IntFunction<String> response) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.response = response;
        this.thread = new Thread(this::serve, "scripted-http-" + serverSocket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers every request with {@code response} (a complete HTTP response, head and body). */
    static ScriptedHttpServer answering(String response) throws IOException {
        return new ScriptedHttpServer(ownPort -> response);
    }

    /** Answers every request with {@code response.apply(its own port)}. */
    static ScriptedHttpServer answering(IntFunction<String> response) throws IOException {
        return new ScriptedHttpServer(response);
    }

    /** A {@code 302 Found} pointing at {@code location}. */
    static String redirectTo(String location) {
        return "HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** How many request heads were read so far. */
    int requests() {
        return requests.get();
    }

    private void serve() {
        while (!serverSocket.isClosed()) {
            try (Socket socket = serverSocket.accept()) {
                socket.setSoTimeout(5_000);
                readHead(socket.getInputStream());
                requests.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write(response.apply(port()).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                socket.shutdownOutput();
                socket.getInputStream().readAllBytes(); // until the client hangs up: no reset
            } catch (SocketException e) {
                // closed by close(), or the client reset: either way, next
            } catch (IOException e) {
                // a broken exchange must not stop the server
            }
        }
    }

    /** Reads up to the blank line that ends a request head. */
    static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside the request head");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
