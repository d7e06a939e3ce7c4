package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.internal.io.ManualClock;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * wss on both roles, end to end over loopback with the certificates in {@code src/test/resources/tls}
 * (made by {@code make-fixtures.sh}): what is served, and every way a certificate is refused.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TlsTest {
    private LoopbackServer loopback;
    private LoopbackServer serve(String certificate) throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext(certificate)));
        return loopback;
    }

    private URI wss(String host) {
        return URI.create("wss://" + host + ":" + loopback.port() + "/tls");
    }

    private WebSocket connect(URI uri, ClientOptions.Builder options, RecordingListener listener) {
        return loopback.track(WebSocket.connect(uri, options.build(), listener));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void echoesLargeMessagesBothWaysAndClosesCleanly(String protocol) throws Exception {
        serve("server");
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa())
                .sslParameters(parameters).maxPayload(32 << 20), client);
        assertThat(client.nextOpen()).isSameAs(ws);
        RecordingServerListener.Accepted accepted = loopback.events.nextConnection();
        assertThat(accepted.request().isSecure()).isTrue();
        assertThat(accepted.request().peerCertificates()).isEmpty();

        byte[] big = new byte[16 << 20];
        new Random(6455).nextBytes(big);
        ws.send(ByteBuffer.wrap(big));
        assertThat(binaryWithin(accepted.events(), LARGE_MESSAGE_WAIT)).isEqualTo(big);
        accepted.ws().send(ByteBuffer.wrap(big));
        assertThat(binaryWithin(client, LARGE_MESSAGE_WAIT)).isEqualTo(big);
        ws.send("after 16 MiB");
        assertThat(accepted.events().nextText()).isEqualTo("after 16 MiB");

        ws.close(1000, "bye");
        accepted.events().assertNextClose(1000, "bye");
        client.assertNextClose(1000, "bye");
    }

    /** 16 MiB through TLS on a loaded 2-core machine (and a JDK still compiling the cipher): not the recorder's usual 5 s. */
    private static final Duration LARGE_MESSAGE_WAIT = Duration.ofSeconds(30);

    private static byte[] binaryWithin(RecordingListener listener, Duration wait) {
        RecordingListener.Event event = listener.poll(wait);
        assertThat(event).as("a binary message within " + wait).isInstanceOf(RecordingListener.Binary.class);
        return ((RecordingListener.Binary) event).data();
    }

    @Test
    void theServerServesAnEcCertificate() throws Exception {
        serve("server-ec");
        RecordingListener client = new RecordingListener();
        connect(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()), client);
        client.nextOpen();
        loopback.events.nextConnection();
    }

    @Test
    void theJdkHttpClientConnectsOverWss() throws Exception {
        serve("server");
        HttpClient http = HttpClient.newBuilder().sslContext(TlsFixtures.trustingTestCa()).build();
        CompletableFuture<String> echo = new CompletableFuture<>();
        java.net.http.WebSocket jdk = http.newWebSocketBuilder().buildAsync(wss("localhost"),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(java.net.http.WebSocket socket, CharSequence data, boolean last) {
                        echo.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        RecordingServerListener.Accepted accepted = loopback.events.nextConnection();
        jdk.sendText("from the JDK", true);
        assertThat(accepted.events().nextText()).isEqualTo("from the JDK");
        accepted.ws().send("to the JDK");
        assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("to the JDK");
        jdk.abort();
    }

    /** Connecting fails before the upgrade: an error naming the TLS cause, close 1006, no server connection. */
    private Throwable refused(URI uri, ClientOptions.Builder options) throws Exception {
        RecordingListener client = new RecordingListener();
        WebSocket ws = connect(uri, options, client);
        Throwable error = client.nextError();
        assertThat(client.nextClose().code()).isEqualTo(1006);
        assertThat(LoopbackServer.openFailure(ws)).isSameAs(error);
        return error;
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        serve("wrong-host");
        Throwable error = refused(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()));
        assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
    }

    @Test
    void theServerNameOptionIsWhatIsVerified() throws Exception {
        serve("wrong-host");
        RecordingListener client = new RecordingListener();
        connect(wss("127.0.0.1"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()).serverName("other.example"), client);
        client.nextOpen();
        loopback.events.nextConnection();
    }

    @Test
    void aCertificateFromAnUntrustedCaIsRefusedUnlessAllIsTrusted() throws Exception {
        serve("untrusted");
        Throwable error = refused(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()));
        assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX");

        RecordingListener insecure = new RecordingListener();
        connect(wss("localhost"), ClientOptions.builder().insecureTrustAllCertificates(), insecure);
        insecure.nextOpen();
        loopback.events.nextConnection();
    }

    @Test
    void theJdksDefaultTrustRefusesTheTestCa() throws Exception {
        serve("server");
        Throwable error = refused(wss("localhost"), ClientOptions.builder());
        assertThat(error).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        serve("expired");
        Throwable error = refused(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()));
        assertThat(error).isInstanceOf(SSLHandshakeException.class);
        assertThat(causes(error)).contains("java.security.cert.CertificateExpiredException");
    }

    private static String causes(Throwable error) {
        StringBuilder names = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            names.append(cause.getClass().getName()).append(' ');
        }
        return names.toString();
    }

    @Test
    void aRequiredClientCertificateIsCheckedAndShownToTheServer() throws Exception {
        SSLContext server = PemSslContext.builder().keyPair(TlsFixtures.file("server.pem"), TlsFixtures.file("server-key.pem"))
                .trust(TlsFixtures.file("ca.pem")).build();
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(server).clientAuth(ServerOptions.ClientAuth.NEED));

        RecordingListener anonymous = new RecordingListener();
        WebSocket refused = connect(wss("localhost"), ClientOptions.builder().sslContext(TlsFixtures.trustingTestCa()), anonymous);
        assertThat(anonymous.nextError()).isInstanceOf(javax.net.ssl.SSLException.class);
        assertThat(anonymous.nextClose().code()).isEqualTo(1006);
        assertThat(LoopbackServer.openFailure(refused)).isNotNull();

        SSLContext withCertificate = PemSslContext.builder().keyPair(TlsFixtures.file("client.pem"), TlsFixtures.file("client-key.pem"))
                .trust(TlsFixtures.file("ca.pem")).build();
        RecordingListener client = new RecordingListener();
        connect(wss("localhost"), ClientOptions.builder().sslContext(withCertificate), client);
        client.nextOpen();
        RecordingServerListener.Accepted accepted = loopback.events.nextConnection();
        assertThat(accepted.request().peerCertificates()).isNotEmpty();
        X509Certificate presented = (X509Certificate) accepted.request().peerCertificates().get(0);
        assertThat(presented.getSubjectX500Principal().getName()).contains("CN=jvmws test client");
    }

    /** ws's {@code rejectUnauthorized: false} beside {@code cert}/{@code key}: nothing checked, the certificate still shown. */
    @Test
    void trustingAllCertificatesKeepsTheClientCertificateOfAPemContext() throws Exception {
        SSLContext server = PemSslContext.builder().keyPair(TlsFixtures.file("untrusted.pem"), TlsFixtures.file("untrusted-key.pem"))
                .trust(TlsFixtures.file("ca.pem")).build();
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(server).clientAuth(ServerOptions.ClientAuth.NEED));
        SSLContext withCertificate = PemSslContext.builder().keyPair(TlsFixtures.file("client.pem"), TlsFixtures.file("client-key.pem"))
                .build(); // the JDK's default trust: the untrusted server is accepted only because nothing is checked

        for (int i = 0; i < 2; i++) { // the second connection goes through the same trust-all context
            RecordingListener client = new RecordingListener();
            connect(wss("localhost"), ClientOptions.builder().sslContext(withCertificate).insecureTrustAllCertificates(), client);
            client.nextOpen();
            X509Certificate presented = (X509Certificate) loopback.events.nextConnection().request().peerCertificates().get(0);
            assertThat(presented.getSubjectX500Principal().getName()).contains("CN=jvmws test client");
        }

        RecordingListener keyless = new RecordingListener();
        connect(wss("localhost"), ClientOptions.builder().insecureTrustAllCertificates(), keyless);
        assertThat(keyless.nextError()).as("no context given: no certificate to show").isInstanceOf(javax.net.ssl.SSLException.class);
    }

    @Test
    void aClientInitiatedTls12RenegotiationIsRefused() throws Exception {
        serve("server");
        SSLSocket socket = (SSLSocket) TlsFixtures.trustingTestCa().getSocketFactory()
                .createSocket("localhost", loopback.port());
        try (socket) {
            socket.setSoTimeout(5_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            socket.getOutputStream().write(RawSocket.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1));
            RecordingServerListener.Accepted accepted = loopback.events.nextConnection();

            socket.startHandshake(); // a second handshake on the same connection: a renegotiation
            Throwable error = accepted.events().nextError();
            assertThat(error).isInstanceOf(javax.net.ssl.SSLException.class).hasMessageContaining("renegotiation refused");
            assertThat(accepted.events().nextClose().code()).isEqualTo(1006);
        }
    }

    @Test
    void plainHttpSentToATlsPortIsAnsweredByClosing() throws Exception {
        serve("server");
        try (RawSocket plain = RawSocket.connect(loopback.address())) {
            plain.write(RawSocket.upgradeRequest("/"));
            // The TLS engine refuses the first bytes: an alert at most, then the end of the stream,
            // well within the socket's 5 s read timeout (no handshake timeout waited for).
            byte[] answer = plain.readToEnd();
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        }
    }

    @Test
    void aHandshakeLeftHalfwayEndsAtTheHandshakeTimeout() throws Exception {
        ManualClock clock = new ManualClock();
        Duration timeout = Duration.ofSeconds(5);
        loopback = LoopbackServer.start(ServerOptions.builder().sslContext(TlsFixtures.serverContext("server")).clock(clock)
                .handshakeTimeout(timeout).host("127.0.0.1").port(0).threads(1).build(), new RecordingServerListener());
        try (Socket silent = new Socket(loopback.address().getAddress(), loopback.port())) {
            silent.setSoTimeout(5_000);
            silent.getOutputStream().write(new byte[] {0x16, 0x03, 0x01}); // the start of a record, no more
            TimeoutTest.awaitTimers(loopback.server, 1); // its handshake timer runs
            clock.advance(timeout);
            assertThat(silent.getInputStream().read()).as("closed at the handshake timeout").isEqualTo(-1);
        }
    }
}
