package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.RecordingListener.Redirect;
import dev.jvmws.RecordingServerListener.Accepted;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both roles over a Unix domain socket in a temporary directory (issue 11): the server listens on a
 * path as Node's {@code listen(path)} does, and the client reaches it with ws's {@code ws+unix:} URLs.
 * URL parsing itself is {@code ClientHandshakeTest}'s part.
 */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class UnixSocketTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private LoopbackServer listen(Path socket, RecordingServerListener events) throws Exception {
        return LoopbackServer.start(ServerOptions.builder().unixSocket(socket).threads(1).build(), events);
    }

    private static URI unixUri(Path socket, String requestPath) {
        return URI.create("ws+unix://" + socket + (requestPath == null ? "" : ":" + requestPath));
    }

    @Test
    void echoesBothWaysAndTheServerSeesWsRequestPathAndHost() throws Exception {
        Path socket = dir.resolve("echo.sock");
        LoopbackServer loopback = listen(socket,
                new RecordingServerListener().connectionListeners(() -> new RecordingListener().echoing()));
        RecordingListener client = new RecordingListener();
        URI url = unixUri(socket, "/chat?room=1");

        WebSocket ws = loopback.track(WebSocket.connect(url, client));

        assertThat(client.nextOpen()).isSameAs(ws);
        Accepted accepted = loopback.events.nextConnection();
        HandshakeRequest request = accepted.request();
        assertThat(request.target()).isEqualTo("/chat?room=1");
        assertThat(request.headers().first("Host")).contains("localhost"); // what ws 8.23 sends here
        assertThat(request.remoteAddress()).as("a Unix peer has no IP address").isNull();
        assertThat(accepted.ws().remoteAddress()).isNull();
        assertThat(ws.remoteAddress()).isNull();
        assertThat(ws.url()).isEqualTo(url);

        ws.send("hello over a Unix socket");
        ws.send(new byte[] {0, 1, (byte) 0xFF});
        assertThat(accepted.events().nextText()).isEqualTo("hello over a Unix socket");
        assertThat(accepted.events().nextBinary()).containsExactly(0, 1, 0xFF);
        assertThat(client.nextText()).isEqualTo("hello over a Unix socket");
        assertThat(client.nextBinary()).containsExactly(0, 1, 0xFF);

        ws.close(1000, "bye").get(5, TimeUnit.SECONDS);
        client.assertNextClose(1000, "bye");
        accepted.events().assertNextClose(1000, "bye");
    }

    @Test
    void aUrlWithoutARequestPathAsksForSlash() throws Exception {
        Path socket = dir.resolve("root.sock");
        LoopbackServer loopback = listen(socket, new RecordingServerListener());
        RecordingListener client = new RecordingListener();

        loopback.track(WebSocket.connect(unixUri(socket, null), client));

        client.nextOpen();
        assertThat(loopback.events.nextConnection().request().target()).isEqualTo("/");
    }

    @Test
    void theSocketFileIsRemovedWhenTheServerCloses() throws Exception {
        Path socket = dir.resolve("gone.sock");
        LoopbackServer loopback = listen(socket, new RecordingServerListener());
        assertThat(socket).exists();

        loopback.closedByTheTest();
        loopback.server.close().get(5, TimeUnit.SECONDS);

        assertThat(socket).doesNotExist();
    }

    @Test
    void startingOnAnExistingFileFailsAsNodeDoesAndLeavesTheFileAlone() throws Exception {
        // Node's listen(path) fails with EADDRINUSE rather than take over a file it did not make.
        Path socket = dir.resolve("taken.sock");
        Files.writeString(socket, "someone else's");

        assertThatThrownBy(() -> WebSocketServer.start(ServerOptions.builder().unixSocket(socket).threads(1).build(),
                        null).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BindException.class).hasMessageContaining(socket.toString());
        assertThat(socket).hasContent("someone else's");
    }

    @Test
    void aSecondServerOnTheSamePathFailsAndTheFirstServesOn() throws Exception {
        Path socket = dir.resolve("shared.sock");
        LoopbackServer first = listen(socket, new RecordingServerListener());

        assertThatThrownBy(() -> WebSocketServer.start(ServerOptions.builder().unixSocket(socket).threads(1).build(),
                        null).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(BindException.class);

        RecordingListener client = new RecordingListener();
        first.track(WebSocket.connect(unixUri(socket, "/"), client));
        client.nextOpen();
        first.events.nextConnection();
    }

    @Test
    void connectingToAMissingSocketFailsNamingItAndClosesWith1006() throws Exception {
        Path missing = dir.resolve("missing.sock");
        RecordingListener client = new RecordingListener();

        WebSocket ws = WebSocket.connect(unixUri(missing, "/"), client);

        Throwable error = client.nextError();
        assertThat(error).isInstanceOf(ConnectException.class).hasMessageContaining(missing.toString());
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).isSameAs(error);
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }

    @Test
    void connectingToAStaleSocketFileIsRefusedAndClosesWith1006() throws Exception {
        // A socket file whose listener is gone (the JDK leaves it behind on close; a killed process too).
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(stale)).close();
        assertThat(stale).exists();
        RecordingListener client = new RecordingListener();

        WebSocket.connect(unixUri(stale, "/"), client);

        assertThat(client.nextError()).isInstanceOf(ConnectException.class).hasMessageContaining(stale.toString());
        client.assertNextClose(1006, "");
    }

    @Test
    void theOptionsTakeAUnixSocketInsteadOfAPortOrHost() throws Exception {
        Path socket = dir.resolve("options.sock");
        ServerOptions options = ServerOptions.builder().unixSocket(socket).build();
        assertThat(options.unixSocket()).isEqualTo(socket);
        assertThat(options.port()).isEqualTo(-1);
        assertThat(ServerOptions.builder().port(0).build().unixSocket()).isNull();
        assertThatThrownBy(() -> ServerOptions.builder().unixSocket(socket).port(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Exactly one of port, unixSocket and noServer must be set");
        assertThatThrownBy(() -> ServerOptions.builder().unixSocket(socket).noServer(true).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerOptions.builder().unixSocket(socket).host("127.0.0.1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host has no meaning with unixSocket");

        LoopbackServer loopback = listen(socket, new RecordingServerListener());
        assertThatThrownBy(loopback.server::address)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(socket.toString());
    }

    // ---------------------------------------------------------------- redirects (ws's same-host rule)

    private static ClientOptions withCredentials(int maxRedirects) {
        return ClientOptions.builder().followRedirects(true).maxRedirects(maxRedirects)
                .header("Authorization", "Bearer secret").header("Cookie", "session=1").header("X-Keep", "yes")
                .build();
    }

    /** Records each redirect's request headers as the client will send them. */
    private static final class HeaderCapturingListener extends RecordingListener {
        final List<HttpHeaders> redirectHeaders = new CopyOnWriteArrayList<>();

        @Override
        public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
            redirectHeaders.add(requestHeaders.build());
            super.onRedirect(ws, location, requestHeaders);
        }
    }

    @Test
    void aRedirectFromTcpToAUnixSocketOpensThereWithoutCredentials() throws Exception {
        // ws: a Unix socket and a host are never the same host, so Authorization and Cookie stay behind.
        Path socket = dir.resolve("target.sock");
        LoopbackServer target = listen(socket, new RecordingServerListener());
        URI location = unixUri(socket, "/there");
        ScriptedHttpServer redirector = ScriptedHttpServer.answering(ScriptedHttpServer.redirectTo(location.toString()));
        resources.add(redirector);
        HeaderCapturingListener client = new HeaderCapturingListener();

        WebSocket ws = target.track(WebSocket.connect(URI.create("ws://127.0.0.1:" + redirector.port() + "/"),
                withCredentials(1), client));

        assertThat(client.next(Redirect.class).location()).isEqualTo(location);
        client.nextOpen();
        assertThat(ws.url()).isEqualTo(location);
        assertThat(client.redirectHeaders.get(0).contains("Authorization")).isFalse();
        HandshakeRequest arrived = target.events.nextConnection().request();
        assertThat(arrived.target()).isEqualTo("/there");
        assertThat(arrived.headers().contains("Authorization")).isFalse();
        assertThat(arrived.headers().contains("Cookie")).isFalse();
        assertThat(arrived.headers().first("X-Keep")).contains("yes");
    }

    @Test
    void aRedirectFromAUnixSocketToTcpOpensThereWithoutCredentials() throws Exception {
        LoopbackServer target = LoopbackServer.start();
        Path socket = dir.resolve("redirector.sock");
        resources.add(new UnixRedirector(socket, target.uri().toString()));
        HeaderCapturingListener client = new HeaderCapturingListener();

        WebSocket ws = target.track(WebSocket.connect(unixUri(socket, "/"), withCredentials(1), client));

        assertThat(client.next(Redirect.class).location()).isEqualTo(target.uri());
        client.nextOpen();
        assertThat(ws.url()).isEqualTo(target.uri());
        HandshakeRequest arrived = target.events.nextConnection().request();
        assertThat(arrived.headers().contains("Authorization")).isFalse();
        assertThat(arrived.headers().first("Host")).contains("127.0.0.1:" + target.port());
    }

    @Test
    void aRedirectToTheSameUnixSocketKeepsCredentials() throws Exception {
        Path socket = dir.resolve("self.sock");
        URI again = unixUri(socket, "/again");
        resources.add(new UnixRedirector(socket, again.toString()));
        HeaderCapturingListener client = new HeaderCapturingListener();

        WebSocket.connect(unixUri(socket, "/"), withCredentials(1), client);

        assertThat(client.next(Redirect.class).location()).isEqualTo(again);
        assertThat(client.redirectHeaders.get(0).first("Authorization")).contains("Bearer secret");
        assertThat(client.redirectHeaders.get(0).first("Cookie")).contains("session=1");
        // The redirector answers the second request with the same 302: one redirect too many.
        assertThat(client.nextError()).hasMessage("Maximum redirects exceeded");
        client.assertNextClose(1006, "");
    }

    /**
     * Answers every request on a Unix socket with a 302 to {@code location}, as {@link ScriptedHttpServer}
     * does on TCP (a WebSocketServer only rejects with 4xx and 5xx).
     */
    private static final class UnixRedirector implements AutoCloseable {
        private final ServerSocketChannel listener;

        UnixRedirector(Path socket, String location) throws IOException {
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(socket));
            byte[] response = ScriptedHttpServer.redirectTo(location).getBytes(StandardCharsets.ISO_8859_1);
            Thread thread = new Thread(() -> serve(response), "unix-redirector");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(byte[] response) {
            while (listener.isOpen()) {
                try (SocketChannel peer = listener.accept()) {
                    InputStream in = Channels.newInputStream(peer);
                    ScriptedHttpServer.readHead(in);
                    peer.write(ByteBuffer.wrap(response));
                    peer.shutdownOutput();
                    in.readAllBytes(); // until the client hangs up: no reset
                } catch (IOException e) {
                    // closed by close(), or the client left: next
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
