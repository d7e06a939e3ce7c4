package dev.jvmws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP CONNECT proxy on 127.0.0.1 (blocking sockets, a thread per direction) for the client's
 * proxy tests: it records each CONNECT head, optionally checks Basic credentials (407 otherwise), and
 * then behaves as told: relays both ways, refuses with a status, hangs up before answering, hangs up
 * (a clean end of stream) right after its 200 once the client has started its handshake, or never
 * answers. Every tunnel goes to
 * 127.0.0.1 at the requested port whatever the requested host, so a test may ask for a name only a
 * proxy would know, and nothing leaves the machine. {@link #close} closes every socket; all threads
 * are daemons and every read has a timeout, so nothing outlives a test by more than that.
 */
final class ConnectProxy implements AutoCloseable {
    /** What the proxy does once the CONNECT head is read (and the credentials, if checked, were right). */
    enum Behaviour { RELAY, REFUSE, HANG_UP_BEFORE_ANSWERING, HANG_UP_AFTER_200, NEVER_ANSWER }

    /** One CONNECT request: its request line and its header fields (names lower-cased). */
    record Head(String requestLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private static final int TIMEOUT_MILLIS = 10_000;

    private final ServerSocket serverSocket;
    private final Behaviour behaviour;
    private final String refusal;
    private volatile String requiredAuthorization;
    private final BlockingQueue<Head> heads = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    /** Every byte relayed from clients to targets, to show what the proxy could read. */
    private final ByteArrayOutputStream upstream = new ByteArrayOutputStream();

    private ConnectProxy(Behaviour behaviour, String refusal) throws IOException {
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        this.refusal = refusal;
        daemon(this::acceptLoop, "connect-proxy-" + serverSocket.getLocalPort());
    }

    static ConnectProxy relaying() throws IOException {
        return new ConnectProxy(Behaviour.RELAY, null);
    }

    /** Answers every CONNECT with {@code statusLine}, e.g. {@code 502 Bad Gateway}. */
    static ConnectProxy refusing(String statusLine) throws IOException {
        return new ConnectProxy(Behaviour.REFUSE, statusLine);
    }

    static ConnectProxy behaving(Behaviour behaviour) throws IOException {
        return new ConnectProxy(behaviour, null);
    }

    /** From now on a CONNECT without {@code Proxy-Authorization: Basic base64(user:password)} gets 407. */
    ConnectProxy requiring(String user, String password) {
        requiredAuthorization = "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:port}, the proxy's URL. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** The next CONNECT head received, waiting up to 5 s. */
    Head nextHead() throws InterruptedException {
        Head head = heads.poll(5, TimeUnit.SECONDS);
        if (head == null) {
            throw new AssertionError("No CONNECT within 5 s");
        }
        return head;
    }

    /** How many connections the proxy accepted so far. */
    int connections() {
        return accepted.get();
    }

    /** What was relayed from clients to targets so far. */
    byte[] upstream() {
        synchronized (upstream) {
            return upstream.toByteArray();
        }
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                sockets.add(client);
                accepted.incrementAndGet();
                daemon(() -> serve(client), "connect-proxy-client");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            Head head = readHead(in);
            heads.add(head);
            String required = requiredAuthorization;
            if (required != null && !required.equals(head.header("Proxy-Authorization"))) {
                answer(out, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"");
                client.close();
                return;
            }
            switch (behaviour) {
                case REFUSE:
                    answer(out, refusal + "\r\nContent-Length: 5");
                    out.write("nope!".getBytes(StandardCharsets.ISO_8859_1));
                    client.close();
                    return;
                case HANG_UP_BEFORE_ANSWERING:
                    client.close();
                    return;
                case NEVER_ANSWER:
                    in.read(); // until the client gives up (or the timeout)
                    client.close();
                    return;
                case HANG_UP_AFTER_200:
                    answer(out, "200 Connection established");
                    in.read(); // the client's first byte: its upgrade request or TLS ClientHello began
                    // End of stream rather than a reset, so the client's error is the same every run.
                    client.shutdownOutput();
                    in.transferTo(OutputStream.nullOutputStream());
                    client.close();
                    return;
                default:
                    relay(client, head);
            }
        } catch (IOException e) {
            close(client);
        }
    }

    private void relay(Socket client, Head head) throws IOException {
        String authority = head.requestLine().split(" ")[1];
        int port = Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1));
        // Proxy.NO_PROXY: a test may have installed a ProxySelector naming this very proxy.
        Socket target = new Socket(java.net.Proxy.NO_PROXY);
        sockets.add(target);
        target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        target.setSoTimeout(TIMEOUT_MILLIS);
        answer(client.getOutputStream(), "200 Connection established");
        daemon(() -> pump(target, client, false), "connect-proxy-down");
        pump(client, target, true);
    }

    /** Copies {@code from} to {@code to} until either ends, then closes both. */
    private void pump(Socket from, Socket to, boolean recordUpstream) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (recordUpstream) {
                    synchronized (upstream) {
                        upstream.write(buffer, 0, n);
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away: the tunnel ends
        } finally {
            close(from);
            close(to);
        }
    }

    private static void answer(OutputStream out, String statusAndHeaders) throws IOException {
        out.write(("HTTP/1.1 " + statusAndHeaders + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads a head up to its empty line, byte by byte (nothing after it is consumed), at most 16 KiB. */
    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || bytes.size() > 16 * 1024) {
                throw new IOException("no complete head");
            }
            bytes.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Head(lines[0], headers);
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        sockets.forEach(ConnectProxy::close);
    }
}
