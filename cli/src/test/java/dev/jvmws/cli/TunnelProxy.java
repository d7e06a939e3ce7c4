package dev.jvmws.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP CONNECT proxy on 127.0.0.1 for wscat's {@code --proxy} tests (the core's tests have a
 * fuller one): records each CONNECT head, answers 407 unless the required {@code Proxy-Authorization}
 * came, else 200 and relays both ways to 127.0.0.1 at the requested port. Daemon threads, reads with
 * a timeout, every socket closed by {@link #close}.
 */
final class TunnelProxy implements AutoCloseable {
    private final ServerSocket serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final String requiredAuthorization;
    private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** @param requiredAuthorization the exact {@code Proxy-Authorization} value to demand, or null */
    TunnelProxy(String requiredAuthorization) throws IOException {
        this.requiredAuthorization = requiredAuthorization;
        daemon(this::acceptLoop);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The next CONNECT head, as text, waiting up to 5 s. */
    String nextHead() throws InterruptedException {
        String head = heads.poll(5, TimeUnit.SECONDS);
        if (head == null) {
            throw new AssertionError("No CONNECT within 5 s");
        }
        return head;
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                sockets.add(client);
                daemon(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setSoTimeout(10_000);
            String head = readHead(client.getInputStream());
            heads.add(head);
            OutputStream out = client.getOutputStream();
            if (requiredAuthorization != null && !head.contains("\r\nProxy-Authorization: " + requiredAuthorization + "\r\n")) {
                out.write("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                client.close();
                return;
            }
            String authority = head.substring("CONNECT ".length(), head.indexOf(" HTTP/1.1"));
            Socket target = new Socket(Proxy.NO_PROXY);
            sockets.add(target);
            target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(authority.substring(authority.lastIndexOf(':') + 1))), 10_000);
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            daemon(() -> pump(target, client));
            pump(client, target);
        } catch (IOException | RuntimeException e) {
            close(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // one side went away: the tunnel ends
        } finally {
            close(from);
            close(to);
        }
    }

    private static String readHead(InputStream in) throws IOException {
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
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "tunnel-proxy");
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
        sockets.forEach(TunnelProxy::close);
    }
}
