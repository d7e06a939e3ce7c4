package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.RecordingListener.Redirect;
import dev.jvmws.RecordingListener.UnexpectedResponse;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHeaders;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How our client connects: redirects and the opening handshake timeout. */
@Timeout(value = 15, unit = TimeUnit.SECONDS)
class ClientConnectTest {
    private LoopbackServer loopback;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<WebSocket> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(WebSocket::terminate);
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private WebSocket connect(URI uri, ClientOptions options, RecordingListener listener) {
        WebSocket ws = WebSocket.connect(uri, options, listener);
        clients.add(ws);
        return ws;
    }

    private static URI uriOf(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/");
    }

    @Test
    void followsARedirectToTheServer() throws Exception {
        loopback = LoopbackServer.start();
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo(loopback.uri().toString())));
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(redirector.port()),
                ClientOptions.builder().followRedirects(true).build(), client);

        assertThat(client.next(Redirect.class).location()).isEqualTo(loopback.uri());
        assertThat(client.nextOpen()).isSameAs(ws);
        assertThat(ws.whenOpen().get(5, TimeUnit.SECONDS).readyState()).isEqualTo(ReadyState.OPEN);
        assertThat(ws.url()).isEqualTo(loopback.uri());
        assertThat(loopback.events.nextConnection().request().path()).isEqualTo("/");
    }

    @Test
    void closeInsideOnRedirectAbortsTheConnection() throws Exception {
        loopback = LoopbackServer.start();
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo(loopback.uri().toString())));
        RecordingListener client = new RecordingListener() {
            @Override
            public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
                super.onRedirect(ws, location, requestHeaders);
                ws.close(); // documented: "Calling WebSocket#close aborts"
            }
        };

        WebSocket ws = connect(uriOf(redirector.port()), ClientOptions.builder().followRedirects(true).build(), client);

        client.next(Redirect.class);
        assertThat(client.nextError()).hasMessage("WebSocket was closed before the connection was established");
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("WebSocket was closed before the connection was established");
    }

    @Test
    void readyStateStaysConnectingDuringARedirect() throws Exception {
        loopback = LoopbackServer.start();
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo(loopback.uri().toString())));
        CompletableFuture<ReadyState> stateInOnRedirect = new CompletableFuture<>();
        RecordingListener client = new RecordingListener() {
            @Override
            public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
                super.onRedirect(ws, location, requestHeaders);
                stateInOnRedirect.complete(ws.readyState());
            }
        };

        connect(uriOf(redirector.port()), ClientOptions.builder().followRedirects(true).build(), client);

        assertThat(stateInOnRedirect.get(5, TimeUnit.SECONDS)).isEqualTo(ReadyState.CONNECTING);
        client.next(Redirect.class);
    }

    @Test
    void reportsARedirectAsAnUnexpectedResponseWhenNotFollowing() throws Exception {
        loopback = LoopbackServer.start();
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo(loopback.uri().toString())));
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(redirector.port()), ClientOptions.builder().build(), client);

        client.next(RecordingListener.UnexpectedResponse.class);
        assertThat(client.nextError()).hasMessage("Unexpected server response: 302");
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("Unexpected server response: 302");
    }

    /** Records each redirect's request headers as the client will send them. */
    private static final class HeaderCapturingListener extends RecordingListener {
        final List<HttpHeaders> redirectHeaders = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onRedirect(WebSocket ws, URI location, HttpHeaders.Builder requestHeaders) {
            redirectHeaders.add(requestHeaders.build());
            super.onRedirect(ws, location, requestHeaders);
        }
    }

    private static ClientOptions withCredentials(int maxRedirects) {
        return ClientOptions.builder().followRedirects(true).maxRedirects(maxRedirects)
                .header("Authorization", "Bearer secret").header("Cookie", "session=1").header("X-Keep", "yes")
                .build();
    }

    @Test
    void credentialsAreNotCarriedToAnotherOrigin() throws Exception {
        // ws's rule: a redirect to another host or port drops Authorization and Cookie. The http://
        // location is also the ws:// one (RFC 6455 §3: the same resource).
        loopback = LoopbackServer.start();
        String elsewhere = "http://127.0.0.1:" + loopback.port() + "/";
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(ScriptedHttpServer.redirectTo(elsewhere)));
        HeaderCapturingListener client = new HeaderCapturingListener();

        WebSocket ws = connect(uriOf(redirector.port()), withCredentials(1), client);

        assertThat(client.next(Redirect.class).location()).isEqualTo(loopback.uri());
        ws.whenOpen().get(5, TimeUnit.SECONDS);
        HttpHeaders sent = client.redirectHeaders.get(0);
        assertThat(sent.contains("Authorization")).isFalse();
        assertThat(sent.contains("Cookie")).isFalse();
        assertThat(sent.first("X-Keep")).contains("yes");
        HandshakeRequest arrived = loopback.events.nextConnection().request();
        assertThat(arrived.headers().contains("Authorization")).isFalse();
        assertThat(arrived.headers().first("X-Keep")).contains("yes");
    }

    @Test
    void credentialsStayOnARedirectWithinTheSameOrigin() throws Exception {
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(ScriptedHttpServer.redirectTo("/target")));
        HeaderCapturingListener client = new HeaderCapturingListener();

        connect(uriOf(redirector.port()), withCredentials(1), client);

        client.next(Redirect.class);
        HttpHeaders sent = client.redirectHeaders.get(0);
        assertThat(sent.first("Authorization")).contains("Bearer secret");
        assertThat(sent.first("Cookie")).contains("session=1");
        // The target redirects again, one hop more than the one allowed.
        assertThat(client.nextError()).hasMessage("Maximum redirects exceeded");
    }

    @Test
    void aRedirectToAnotherSchemeFailsTheOpen() throws Exception {
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(ScriptedHttpServer.redirectTo("ftp://127.0.0.1/")));
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(redirector.port()), withCredentials(1), client);

        assertThat(client.nextError()).hasMessage("Invalid URL: ftp://127.0.0.1/");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("Invalid URL: ftp://127.0.0.1/");
    }

    @Test
    void stopsARedirectLoopAfterMaxRedirects() throws Exception {
        ScriptedHttpServer loop = closeLater(ScriptedHttpServer.answering(
                ownPort -> ScriptedHttpServer.redirectTo("ws://127.0.0.1:" + ownPort + "/")));
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(loop.port()),
                ClientOptions.builder().followRedirects(true).maxRedirects(2).build(), client);

        assertThat(client.next(Redirect.class).location()).isEqualTo(uriOf(loop.port()));
        assertThat(client.next(Redirect.class).location()).isEqualTo(uriOf(loop.port()));
        assertThat(client.nextError()).hasMessage("Maximum redirects exceeded");
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("Maximum redirects exceeded");
        assertThat(loop.requests()).isEqualTo(3);
    }

    @Test
    void resolvesARelativeRedirectLocation() throws Exception {
        ScriptedHttpServer redirector = closeLater(ScriptedHttpServer.answering(
                ScriptedHttpServer.redirectTo("/target")));
        RecordingListener client = new RecordingListener();

        connect(uriOf(redirector.port()), ClientOptions.builder().followRedirects(true).maxRedirects(1).build(),
                client);

        URI resolved = URI.create("ws://127.0.0.1:" + redirector.port() + "/target");
        assertThat(client.next(Redirect.class).location()).isEqualTo(resolved);
        // The redirector answers the second request with the same 302: one redirect too many.
        assertThat(client.nextError()).hasMessage("Maximum redirects exceeded");
    }

    @Test
    void failsWhenTheTcpConnectNeverCompletes() throws Exception {
        // Linux accepts backlog + 1 connections into a listener's queue and drops further SYNs while
        // nobody accepts: after two connections, a third connect stays pending. (Elsewhere the connect
        // may complete; the unanswered request then times out the same way.)
        ServerSocket full = closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        for (int i = 0; i < 2; i++) {
            Socket filler = closeLater(new Socket());
            filler.connect(full.getLocalSocketAddress(), 5_000);
        }
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(full.getLocalPort()),
                ClientOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build(), client);

        assertThat(client.nextError()).hasMessage("Opening handshake has timed out");
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("Opening handshake has timed out");
    }

    @Test
    void failsWhenTheServerNeverAnswersTheHandshake() throws Exception {
        // A listening socket nobody accepts from: the kernel completes the TCP handshake, and the
        // HTTP request goes unanswered.
        ServerSocket silent = closeLater(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        RecordingListener client = new RecordingListener();

        WebSocket ws = connect(uriOf(silent.getLocalPort()),
                ClientOptions.builder().handshakeTimeout(Duration.ofMillis(300)).build(), client);

        assertThat(client.nextError()).hasMessage("Opening handshake has timed out");
        client.assertNextClose(1006, "");
        assertThat(LoopbackServer.openFailure(ws)).hasMessage("Opening handshake has timed out");
        assertThat(ws.readyState()).isEqualTo(ReadyState.CLOSED);
    }
}
