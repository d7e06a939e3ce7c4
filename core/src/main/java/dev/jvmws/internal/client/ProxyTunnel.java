package dev.jvmws.internal.client;

import dev.jvmws.ProxyException;
import dev.jvmws.handshake.ConnectRequest;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeadParser;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.InputBytes;
import dev.jvmws.internal.io.Transport;
import dev.jvmws.internal.io.TransportHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A tunnel through an HTTP proxy, as a {@link Transport} over the socket to the proxy: once that
 * socket is connected it sends {@code CONNECT} ({@link ConnectRequest}) and reads the proxy's answer;
 * on 2xx the handler above (TLS for {@code wss}, the handshake reader for {@code ws}) hears
 * {@link TransportHandler#onConnected} and from then on reads and writes the target's bytes as on any
 * socket. Any other answer fails the connect with a {@link ProxyException} carrying the status, and a
 * proxy that hangs up first fails it with an {@link IOException} saying so; the socket is closed
 * either way. The opening handshake's timer, which runs from the start, covers all of it.
 *
 * <p>States: {@code requesting} (connecting, writing the request, reading the answer), then open, or
 * failed. Before the tunnel is open the handler's interest is only remembered, and the socket's
 * interest is the tunnel's own.
 *
 * <p>Loop thread only, except {@link #remoteAddress}.
 */
public final class ProxyTunnel implements Transport, TransportHandler {
    private final EventLoop loop;
    private final String target;
    private final String proxy;
    private final ByteBuffer request;
    private final HttpHeadParser answer;
    private TransportHandler handler;
    private Transport inner;
    private boolean open;
    private boolean failed;
    private boolean wantRead;
    private boolean wantWrite;
    private boolean readableQueued;
    /** What the proxy sent after its 2xx head: the target's first bytes; null when none are left. Read mode. */
    private ByteBuffer early;

    private ProxyTunnel(EventLoop loop, String target, String proxy, byte[] request, int maxHeadBytes,
            TransportHandler handler) {
        this.loop = loop;
        this.target = target;
        this.proxy = proxy;
        this.request = ByteBuffer.wrap(request);
        this.answer = HttpHeadParser.forResponses(maxHeadBytes);
        this.handler = handler;
    }

    /**
     * A tunnel to {@code host}:{@code port} through {@code proxy}, to be put over the socket still
     * connecting to the proxy with {@link #over}; {@code handler} hears {@code onConnected} once the
     * proxy has opened it.
     *
     * @param credentials {@code user:password} for Basic proxy authentication, or null
     * @param maxHeadBytes the largest answer head accepted from the proxy
     */
    public static ProxyTunnel client(EventLoop loop, InetSocketAddress proxy, String host, int port,
            String credentials, int maxHeadBytes, TransportHandler handler) {
        return new ProxyTunnel(loop, ConnectRequest.authority(host, port),
                ConnectRequest.authority(proxy.getHostString(), proxy.getPort()),
                ConnectRequest.encode(host, port, credentials), maxHeadBytes, handler);
    }

    /** Puts this tunnel over {@code connecting}, whose handler it already is. */
    public ProxyTunnel over(Transport connecting) {
        this.inner = connecting;
        return this;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void handler(TransportHandler next) {
        this.handler = next;
    }

    // ---------------------------------------------------------------- asking the proxy

    @Override
    public void onConnected() {
        inner.readInterest(true);
        onWritable();
    }

    @Override
    public void onConnectFailed(IOException error) {
        IOException named = new IOException("Could not connect to the proxy " + proxy + ": " + error.getMessage(), error);
        handler.onConnectFailed(named);
    }

    private void writeRequest() {
        try {
            inner.write(request);
        } catch (IOException e) {
            fail(new IOException("The proxy " + proxy + " closed the connection before answering the CONNECT to "
                    + target + ": " + e.getMessage(), e));
            return;
        }
        inner.writeInterest(request.hasRemaining());
    }

    private void readAnswer() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int count;
        try {
            count = inner.read(buffer);
        } catch (IOException e) {
            fail(new IOException("The proxy " + proxy + " failed before answering the CONNECT to " + target
                    + ": " + e.getMessage(), e));
            return;
        }
        if (count < 0) {
            fail(new IOException("The proxy " + proxy + " closed the connection before answering the CONNECT to "
                    + target));
            return;
        }
        buffer.flip();
        HttpHeadParser.Status status = answer.parse(buffer);
        if (status == HttpHeadParser.Status.NEED_MORE) {
            return;
        }
        if (status == HttpHeadParser.Status.ERROR) {
            fail(new IOException("Invalid answer from the proxy " + proxy + ": " + answer.errorMessage()));
            return;
        }
        HttpHead head = answer.head();
        int code = head.statusCode();
        if (code < 200 || code > 299) {
            fail(new ProxyException("Proxy refused the tunnel to " + target + ": " + code
                    + (head.reasonPhrase().isEmpty() ? "" : " " + head.reasonPhrase()), code));
            return;
        }
        // RFC 9110 §9.3.6: a 2xx answer to CONNECT has no body (Content-Length is to be ignored); what
        // follows its head already comes from the target.
        if (buffer.hasRemaining()) {
            early = InputBytes.copyOf(buffer);
        }
        opened();
    }

    private void opened() {
        open = true;
        inner.readInterest(wantRead);
        inner.writeInterest(wantWrite);
        handler.onConnected();
        if (early != null) {
            queueReadable();
        }
    }

    private void fail(IOException error) {
        failed = true;
        inner.close();
        handler.onConnectFailed(error);
    }

    // ---------------------------------------------------------------- the open tunnel

    @Override
    public int read(ByteBuffer into) throws IOException {
        if (!open) {
            return 0;
        }
        if (early == null) {
            return inner.read(into);
        }
        int count = InputBytes.move(early, into);
        if (early.hasRemaining()) {
            queueReadable(); // no socket event announces what is left of it
        } else {
            early = null;
        }
        return count;
    }

    private void queueReadable() {
        if (!readableQueued && wantRead) {
            readableQueued = true;
            loop.defer(() -> {
                readableQueued = false;
                if (wantRead && early != null && inner.isOpen()) {
                    handler.onReadable();
                }
            });
        }
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        return open ? inner.write(sources, offset, length) : 0;
    }

    @Override
    public void shutdownOutput() throws IOException {
        inner.shutdownOutput();
    }

    @Override
    public void close() {
        early = null;
        if (inner != null) {
            inner.close();
        }
    }

    @Override
    public boolean isOpen() {
        return !failed && inner != null && inner.isOpen();
    }

    @Override
    public boolean isConnected() {
        return open && inner.isConnected();
    }

    @Override
    public void readInterest(boolean on) {
        wantRead = on;
        if (open) {
            inner.readInterest(on);
            if (on && early != null) {
                queueReadable();
            }
        }
    }

    @Override
    public void writeInterest(boolean on) {
        wantWrite = on;
        if (open) {
            inner.writeInterest(on);
        }
    }

    /** The proxy's address: the socket's peer (as Node's {@code remoteAddress} through an agent). */
    @Override
    public InetSocketAddress remoteAddress() {
        Transport current = inner;
        return current == null ? null : current.remoteAddress();
    }

    // ---------------------------------------------------------------- the socket's events

    @Override
    public void onReadable() {
        if (failed) {
            return;
        }
        if (!open) {
            readAnswer();
        } else if (wantRead) {
            handler.onReadable();
        } else {
            inner.readInterest(false);
        }
    }

    @Override
    public void onWritable() {
        if (failed) {
            return;
        }
        if (!open) {
            writeRequest();
        } else if (wantWrite) {
            handler.onWritable();
        } else {
            inner.writeInterest(false);
        }
    }

    @Override
    public void onLoopShutdown(Throwable cause) {
        handler.onLoopShutdown(cause);
    }

    @Override
    public void onUnexpectedError(Throwable error) {
        handler.onUnexpectedError(error);
    }
}
