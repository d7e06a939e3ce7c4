package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jvmws.ConnectProxy.Behaviour;
import dev.jvmws.RecordingListener.Redirect;
import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.protocol.CloseCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client through an HTTP CONNECT proxy ({@link ConnectProxy}, on loopback): {@code ws} and
 * {@code wss} tunnels, Basic credentials from the URL and from the option, every way a proxy refuses
 * or fails, the JVM's {@code ProxySelector} when asked for, and redirects through the proxy (issue 11).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ProxyTest {
    private LoopbackServer loopback;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private ConnectProxy proxy(ConnectProxy proxy) {
        return closeLater(proxy);
    }

    private WebSocket connect(URI uri, ClientOptions.Builder options, RecordingListener listener) {
        return loopback.track(WebSocket.connect(uri, options.build(), listener));
    }

    /** The connection fails before the upgrade: an error, close 1006, whenOpen failing with the same error. */
    private Throwable refused(URI uri, ClientOptions.Builder options) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(uri, options, client);
        Throwable error = client.nextError();
        assertThat(client.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        assertThat(LoopbackServer.openFailure(ws)).isSameAs(error);
        return error;
    }

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private void assertEchoes(WebSocket ws, RecordingListener client, String text) {
        RecordingServerListener.Accepted accepted = loopback.events.nextConnection();
        ws.send(text);
        assertThat(accepted.events().nextText()).isEqualTo(text);
        accepted.ws().send(text + " back");
        assertThat(client.nextText()).isEqualTo(text + " back");
    }

    @Test
    void wsGoesThroughATunnelTheProxyOpensWithConnect() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(loopback.uri("/chat"), ClientOptions.builder().proxy(proxy.uri()), client);

        assertThat(client.nextOpen()).isSameAs(ws);
        ConnectProxy.Head head = proxy.nextHead();
        assertThat(head.requestLine()).isEqualTo("CONNECT 127.0.0.1:" + loopback.port() + " HTTP/1.1");
        assertThat(head.header("Host")).isEqualTo("127.0.0.1:" + loopback.port());
        assertThat(head.header("Proxy-Authorization")).isNull();
        assertEchoes(ws, client, "through the proxy");
        assertThat(new String(proxy.upstream(), StandardCharsets.ISO_8859_1))
                .as("the upgrade request went through the tunnel").startsWith("GET /chat HTTP/1.1\r\n");
    }

    /**
     * The server's certificate is for other.example only, a name the client never looks up (the
     * proxy reaches it): the TLS handshake inside the tunnel can only succeed if SNI and host name
     * verification use the target's name, not the proxy's address.
     */
    @Test
    void wssRunsTlsInsideTheTunnelCheckedAgainstTheTarget() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext("wrong-host")));
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        RecordingListener client = new RecordingListener();
        URI target = URI.create("wss://other.example:" + loopback.port() + "/secure");
        WebSocket ws = connect(target, ClientOptions.builder().proxy(proxy.uri()).sslContext(TlsFixtures.trustingTestCa()),
                client);

        assertThat(client.nextOpen()).isSameAs(ws);
        assertThat(proxy.nextHead().requestLine()).isEqualTo("CONNECT other.example:" + loopback.port() + " HTTP/1.1");
        RecordingServerListener.Accepted accepted = loopback.events.nextConnection();
        assertThat(accepted.request().isSecure()).isTrue();
        ws.send("secret message");
        assertThat(accepted.events().nextText()).isEqualTo("secret message");
        String seen = new String(proxy.upstream(), StandardCharsets.ISO_8859_1);
        assertThat(seen).as("the proxy sees ciphertext only").isNotEmpty()
                .doesNotContain("secret message").doesNotContain("GET /secure").doesNotContain("Upgrade");
    }

    @Test
    void aWssTargetWithTheWrongCertificateIsRefusedThroughTheProxyToo() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext("wrong-host")));
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        Throwable error = refused(URI.create("wss://localhost:" + loopback.port()),
                ClientOptions.builder().proxy(proxy.uri()).sslContext(TlsFixtures.trustingTestCa()));
        assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
    }

    @Test
    void basicCredentialsComePercentDecodedFromTheProxyUrl() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.relaying()).requiring("us er", "p@ss:wörd");
        URI withUser = URI.create("http://us%20er:p%40ss:w%C3%B6rd@127.0.0.1:" + proxy.port());
        RecordingListener client = new RecordingListener();
        connect(loopback.uri(), ClientOptions.builder().proxy(withUser), client);

        client.nextOpen();
        assertThat(proxy.nextHead().header("Proxy-Authorization")).isEqualTo(basic("us er:p@ss:wörd"));
        loopback.events.nextConnection();
    }

    @Test
    void theCredentialsOptionOverridesTheUrls() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.relaying()).requiring("alice", "secret");
        URI wrongUser = URI.create("http://mallory:guess@127.0.0.1:" + proxy.port());
        RecordingListener client = new RecordingListener();
        connect(loopback.uri(), ClientOptions.builder().proxy(wrongUser).proxyCredentials("alice", "secret"), client);

        client.nextOpen();
        assertThat(proxy.nextHead().header("Proxy-Authorization")).isEqualTo(basic("alice:secret"));
        loopback.events.nextConnection();
    }

    @Test
    void aProxyAskingForCredentialsFailsTheConnectionWith407() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.relaying()).requiring("alice", "secret");
        Throwable error = refused(loopback.uri(), ClientOptions.builder().proxy(proxy.uri()));
        assertThat(error).isInstanceOf(ProxyException.class)
                .hasMessage("Proxy refused the tunnel to 127.0.0.1:" + loopback.port() + ": 407 Proxy Authentication Required");
        assertThat(((ProxyException) error).statusCode()).isEqualTo(407);
        assertThat(proxy.nextHead().header("Proxy-Authorization")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ws", "wss"})
    void aProxyRefusingTheTunnelFailsTheConnectionWithItsStatus(String scheme) throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.refusing("502 Bad Gateway"));
        Throwable error = refused(URI.create(scheme + "://localhost:" + loopback.port()),
                ClientOptions.builder().proxy(proxy.uri()));
        assertThat(error).isInstanceOf(ProxyException.class)
                .hasMessage("Proxy refused the tunnel to localhost:" + loopback.port() + ": 502 Bad Gateway");
        assertThat(((ProxyException) error).statusCode()).isEqualTo(502);
    }

    @Test
    void aProxyHangingUpBeforeAnsweringIsAClearError() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.behaving(Behaviour.HANG_UP_BEFORE_ANSWERING));
        Throwable error = refused(loopback.uri(), ClientOptions.builder().proxy(proxy.uri()));
        assertThat(error).isInstanceOf(IOException.class).isNotInstanceOf(ProxyException.class)
                .hasMessage("The proxy 127.0.0.1:" + proxy.port() + " closed the connection before answering the CONNECT to 127.0.0.1:"
                        + loopback.port());
    }

    @Test
    void aProxyThatCannotBeReachedIsNamedInTheError() throws Exception {
        loopback = LoopbackServer.start();
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            unused = socket.getLocalPort();
        }
        Throwable error = refused(loopback.uri(), ClientOptions.builder().proxy(URI.create("http://127.0.0.1:" + unused)));
        assertThat(error).hasMessageStartingWith("Could not connect to the proxy 127.0.0.1:" + unused + ": ");
    }

    /** The proxy opens the tunnel, then drops it as soon as the client starts its handshake. */
    @Test
    void aTunnelDroppedMidHandshakeFailsTheConnection() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext("server")));
        ConnectProxy proxy = proxy(ConnectProxy.behaving(Behaviour.HANG_UP_AFTER_200));
        Throwable plain = refused(loopback.uri(), ClientOptions.builder().proxy(proxy.uri()));
        assertThat(plain).hasMessage("Connection closed by the server before the handshake completed");
        Throwable secure = refused(URI.create("wss://localhost:" + loopback.port()),
                ClientOptions.builder().proxy(proxy.uri()).sslContext(TlsFixtures.trustingTestCa()));
        assertThat(secure).isInstanceOf(SSLHandshakeException.class)
                .hasMessage("The peer closed the connection during the TLS handshake");
    }

    @Test
    void aProxyThatNeverAnswersEndsAtTheHandshakeTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        EventLoop clientLoop = clock.newLoop("proxy-test-client");
        try {
            loopback = LoopbackServer.start();
            ConnectProxy proxy = proxy(ConnectProxy.behaving(Behaviour.NEVER_ANSWER));
            Duration timeout = Duration.ofSeconds(5);
            RecordingListener client = new RecordingListener();
            connect(loopback.uri(), ClientOptions.builder().eventLoop(clientLoop).proxy(proxy.uri()).handshakeTimeout(timeout),
                    client);
            proxy.nextHead(); // the timer started before the socket connected
            clock.advance(timeout.minusMillis(1));
            settle(clientLoop);
            assertThat(client.poll(Duration.ZERO)).as("nothing before the timeout").isNull();
            clock.advance(Duration.ofMillis(1));
            assertThat(client.nextError()).hasMessage("Opening handshake has timed out");
            assertThat(client.nextClose().code()).isEqualTo(CloseCode.ABNORMAL_CLOSURE);
        } finally {
            clientLoop.shutdown();
        }
    }

    private static void settle(EventLoop loop) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRedirectIsFollowedThroughTheProxyWithANewTunnel() throws Exception {
        loopback = LoopbackServer.start();
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo(loopback.uri("/moved").toString())));
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(URI.create("ws://127.0.0.1:" + redirector.port() + "/"),
                ClientOptions.builder().proxy(proxy.uri()).followRedirects(true), client);

        assertThat(client.next(Redirect.class).location()).isEqualTo(loopback.uri("/moved"));
        assertThat(client.nextOpen()).isSameAs(ws);
        assertThat(proxy.nextHead().requestLine()).isEqualTo("CONNECT 127.0.0.1:" + redirector.port() + " HTTP/1.1");
        assertThat(proxy.nextHead().requestLine()).isEqualTo("CONNECT 127.0.0.1:" + loopback.port() + " HTTP/1.1");
        assertThat(loopback.events.nextConnection().request().path()).isEqualTo("/moved");
    }

    /** A ProxySelector installed for one test, recording what it is asked; the previous one comes back after. */
    private final class Selector extends ProxySelector implements AutoCloseable {
        final List<URI> asked = new CopyOnWriteArrayList<>();
        private final ProxySelector previous = ProxySelector.getDefault();
        private final List<Proxy> answer;

        Selector(List<Proxy> answer) {
            this.answer = answer;
            ProxySelector.setDefault(this);
            closeLater(this);
        }

        @Override
        public List<Proxy> select(URI uri) {
            asked.add(uri);
            return answer;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress address, IOException error) {
        }

        @Override
        public void close() {
            ProxySelector.setDefault(previous);
        }
    }

    @Test
    void useSystemProxiesTakesTheFirstHttpProxyTheSelectorNames() throws Exception {
        loopback = LoopbackServer.start();
        LoopbackServer secure = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext("server")));
        ConnectProxy proxy = proxy(ConnectProxy.relaying()).requiring("alice", "secret");
        Selector selector = new Selector(List.of(new Proxy(Proxy.Type.SOCKS, proxy.address()),
                new Proxy(Proxy.Type.HTTP, proxy.address()), Proxy.NO_PROXY));

        RecordingListener without = new RecordingListener();
        connect(loopback.uri(), ClientOptions.builder(), without);
        without.nextOpen();
        loopback.events.nextConnection();
        assertThat(selector.asked).as("not asked unless opted in").isEmpty();
        assertThat(proxy.connections()).isZero();

        RecordingListener plain = new RecordingListener();
        connect(loopback.uri(), ClientOptions.builder().useSystemProxies().proxyCredentials("alice", "secret"), plain);
        plain.nextOpen();
        loopback.events.nextConnection();
        assertThat(selector.asked).containsExactly(URI.create("http://127.0.0.1:" + loopback.port()));
        assertThat(proxy.nextHead().requestLine()).isEqualTo("CONNECT 127.0.0.1:" + loopback.port() + " HTTP/1.1");

        RecordingListener tls = new RecordingListener();
        loopback.track(WebSocket.connect(URI.create("wss://localhost:" + secure.port()), ClientOptions.builder()
                .useSystemProxies().proxyCredentials("alice", "secret").sslContext(TlsFixtures.trustingTestCa()).build(), tls));
        tls.nextOpen();
        secure.events.nextConnection();
        assertThat(selector.asked).as("wss asks for an https URI").endsWith(URI.create("https://localhost:" + secure.port()));
        assertThat(proxy.nextHead().requestLine()).isEqualTo("CONNECT localhost:" + secure.port() + " HTTP/1.1");
    }

    @Test
    void useSystemProxiesConnectsDirectlyWhenTheSelectorSaysDirect() throws Exception {
        loopback = LoopbackServer.start();
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        Selector selector = new Selector(List.of(Proxy.NO_PROXY, new Proxy(Proxy.Type.HTTP, proxy.address())));
        RecordingListener client = new RecordingListener();
        connect(loopback.uri(), ClientOptions.builder().useSystemProxies(), client);
        client.nextOpen();
        loopback.events.nextConnection();
        assertThat(selector.asked).hasSize(1);
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void aWsUnixUrlNeverGoesThroughTheProxy(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("proxy-test.sock");
        loopback = LoopbackServer.start(ServerOptions.builder().unixSocket(socket).threads(1).build(),
                new RecordingServerListener());
        ConnectProxy proxy = proxy(ConnectProxy.relaying());
        RecordingListener client = new RecordingListener();
        connect(URI.create("ws+unix://" + socket), ClientOptions.builder().proxy(proxy.uri()), client);
        client.nextOpen();
        loopback.events.nextConnection();
        assertThat(proxy.connections()).isZero();
    }

    @Test
    void onlyHttpProxyUrlsAreTakenAndKept() {
        assertThatThrownBy(() -> ClientOptions.builder().proxy(URI.create("https://user:pw@proxy.example:443")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported proxy URL: https://proxy.example:443 (only http://host:port proxies are supported)");
        assertThatThrownBy(() -> ClientOptions.builder().proxy(URI.create("socks5://proxy.example:1080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Unsupported proxy URL");
        assertThatThrownBy(() -> ClientOptions.builder().proxy(URI.create("http://proxy.example:8080/path")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no path");
        assertThatThrownBy(() -> ClientOptions.builder().proxy(URI.create("http:opaque")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no host");
        assertThatThrownBy(() -> ClientOptions.builder().proxyCredentials("a:b", "c"))
                .isInstanceOf(IllegalArgumentException.class);
        URI proxy = URI.create("HTTP://proxy.example:3128/");
        ClientOptions options = ClientOptions.builder().proxy(proxy).useSystemProxies().build();
        assertThat(options.proxy()).isEqualTo(proxy);
        assertThat(options.useSystemProxies()).isTrue();
        assertThat(ClientOptions.builder().build().proxy()).isNull();
        assertThat(ClientOptions.builder().build().useSystemProxies()).isFalse();
    }

    @Test
    void aProxyUrlWithoutAPortMeansPort80AndItsUserInfoIsDecoded() {
        var settings = ClientOptions.builder().proxy(URI.create("http://a%40b:c%20d@[::1]")).build().toSettings().proxy();
        assertThat(settings.host()).isEqualTo("::1");
        assertThat(settings.port()).isEqualTo(80);
        assertThat(settings.credentials()).isEqualTo("a@b:c d");
    }
}
