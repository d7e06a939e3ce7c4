package dev.jvmws.examples;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeadParser;
import dev.jvmws.handshake.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * {@code noServer} mode (ws's {@code noServer} + {@code handleUpgrade}): your own code owns the port
 * and reads each HTTP request; plain requests get your answer, and WebSocket upgrades are handed,
 * socket and all, to a {@link WebSocketServer} started with {@code noServer(true)}, which finishes
 * the handshake and runs the connection on its event loops. Here the front is a tiny blocking HTTP
 * server that serves fixed pages ({@link Page}) at exact paths, upgrades requests for the WebSocket
 * server's {@code path}, and answers 404 to the rest; {@link BrowserChat} uses it to serve a page
 * and its WebSocket from one port.
 *
 * <p>Run: {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.UpgradeFront 8080},
 * then open http://localhost:8080/ and {@code bin/wscat -c ws://localhost:8080/echo}.
 *
 * <p>Each request head is read by one of a few worker threads, each read bounded by a timeout; the connection then
 * either gets its page and is closed (no keep-alive) or leaves the front for the event loops. That
 * is enough for a demo and keeps the hand-over plain to see; a real application's front would be its
 * HTTP server (a servlet container hands over its upgraded stream as a {@code ByteChannel}, see
 * {@link WebSocketServer#handleUpgrade(HandshakeRequest, java.nio.channels.ByteChannel, ByteBuffer)}).
 */
public final class UpgradeFront implements AutoCloseable {

    /** A fixed response body for GET and HEAD at one path. */
    public static final class Page {
        final String contentType;
        final byte[] body;

        public Page(String contentType, byte[] body) {
            this.contentType = contentType;
            this.body = body.clone();
        }
    }

    /** How long the front waits for each read of a request head (a per-read bound, enough for a demo). */
    public static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);
    /** The largest request head read; larger gets 431, as the WebSocket server's own default. */
    public static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int WORKERS = 4;

    private final WebSocketServer webSockets;
    private final Map<String, Page> pages;
    private final ServerSocketChannel listening;
    private final ExecutorService workers;
    private final Thread acceptor;

    private UpgradeFront(WebSocketServer webSockets, Map<String, Page> pages, ServerSocketChannel listening) {
        this.webSockets = webSockets;
        this.pages = Map.copyOf(pages);
        this.listening = listening;
        this.workers = Executors.newFixedThreadPool(WORKERS, daemon("upgrade-front-worker"));
        this.acceptor = daemon("upgrade-front-acceptor").newThread(this::acceptLoop);
    }

    /**
     * Listens on {@code address}, serving {@code pages} and handing upgrades for the path of
     * {@code webSockets} (a server started with {@code noServer(true)} and a {@code path}) to it.
     */
    public static UpgradeFront start(InetSocketAddress address, WebSocketServer webSockets, Map<String, Page> pages)
            throws IOException {
        if (!webSockets.options().noServer() || webSockets.options().path() == null) {
            throw new IllegalArgumentException("The WebSocket server needs noServer(true) and a path");
        }
        ServerSocketChannel listening = ServerSocketChannel.open();
        try {
            listening.bind(address);
        } catch (IOException e) {
            listening.close();
            throw e;
        }
        UpgradeFront front = new UpgradeFront(webSockets, pages, listening);
        front.acceptor.start();
        return front;
    }

    /** The port listened on (the one picked, for port 0). */
    public int port() {
        return listening.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel connection;
            try {
                connection = listening.accept(); // blocking
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                continue; // e.g. out of descriptors for a moment; a real server would log and back off
            }
            workers.execute(() -> serve(connection));
        }
    }

    private void serve(SocketChannel connection) {
        try {
            ByteBuffer[] rest = new ByteBuffer[1];
            HandshakeRequest request = readHead(connection, rest);
            if (request == null) {
                return; // answered (400, 431) or gone
            }
            Page page = pages.get(request.path());
            if (page != null && (request.method().equals("GET") || request.method().equals("HEAD"))) {
                respond(connection, 200, page.contentType, request.method().equals("HEAD") ? new byte[0] : page.body,
                        page.body.length);
            } else if (webSockets.shouldHandle(request)) {
                // From here the connection is the WebSocket server's: it answers 101 (or 400/426…),
                // puts the channel on one of its event loops and calls its listener's onConnection.
                webSockets.handleUpgrade(request, connection, rest[0]);
                return;
            } else {
                byte[] body = "Not found\n".getBytes(StandardCharsets.UTF_8);
                respond(connection, 404, "text/plain; charset=utf-8", body, body.length);
            }
            connection.close();
        } catch (IOException e) {
            closeQuietly(connection); // a client that timed out or went away
        }
    }

    /**
     * Reads one request head with {@link HttpHeadParser}; {@code rest[0]} gets the bytes that came
     * after it (a client may send its first frames right behind the request). Null when the
     * request was malformed (answered) or the client left.
     */
    private static HandshakeRequest readHead(SocketChannel connection, ByteBuffer[] rest) throws IOException {
        // The socket adaptor's stream honours SO_TIMEOUT, which a channel's own blocking read does not.
        connection.socket().setSoTimeout((int) HEAD_TIMEOUT.toMillis());
        InputStream in = connection.socket().getInputStream();
        HttpHeadParser parser = HttpHeadParser.forRequests(MAX_HEAD_BYTES);
        byte[] chunk = new byte[4096];
        while (true) {
            int read;
            try {
                read = in.read(chunk);
            } catch (SocketTimeoutException slow) {
                closeQuietly(connection);
                return null;
            }
            if (read < 0) {
                closeQuietly(connection);
                return null;
            }
            ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, read);
            HttpHeadParser.Status status = parser.parse(bytes);
            if (status == HttpHeadParser.Status.DONE) {
                rest[0] = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
                return HandshakeRequest.of(parser.head(), (InetSocketAddress) connection.getRemoteAddress(), false);
            } else if (status == HttpHeadParser.Status.ERROR) {
                byte[] body = (parser.errorMessage() + "\n").getBytes(StandardCharsets.UTF_8);
                respond(connection, parser.errorStatus(), "text/plain; charset=utf-8", body, body.length);
                closeQuietly(connection);
                return null;
            }
        }
    }

    private static void respond(SocketChannel connection, int status, String contentType, byte[] body,
            int contentLength) throws IOException {
        String head = "HTTP/1.1 " + status + " " + HttpStatus.reasonPhrase(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + body.length)
                .put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        while (out.hasRemaining()) {
            connection.write(out);
        }
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops listening and drops requests still being read; upgraded connections stay with their server. */
    @Override
    public void close() throws IOException {
        listening.close();
        workers.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        WebSocketServer echo = WebSocketServer.start(
                ServerOptions.builder().noServer(true).path("/echo").build(), EchoServer.listener()).join();
        byte[] hello = "Hello over HTTP. The WebSocket echo is at /echo on this port.\n".getBytes(StandardCharsets.UTF_8);
        UpgradeFront front = start(new InetSocketAddress(port), echo, Map.of("/", new Page("text/plain; charset=utf-8", hello)));
        System.out.println("http://localhost:" + front.port() + "/ and ws://localhost:" + front.port() + "/echo");
    }
}
