package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.PemSslContext;
import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * wscat's TLS flags ({@code --ca}, {@code --cert}, {@code --key}, {@code --passphrase}, {@code -n}) and
 * {@code --proxy}, end to end against our own echo server over loopback with the PEM files in
 * {@code src/test/resources/tls} (copies of the core's fixtures, see the README there): what connects,
 * and that each refusal is one {@code error: …} line with a non-zero exit (issue 11, "Launchers").
 */
@Timeout(20)
class WscatTlsAndProxyTest {
    private static final String PASSPHRASE = "jvmws-test";

    private final List<WebSocketServer> servers = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final BlockingQueue<HandshakeRequest> requests = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        for (WebSocketServer server : servers) {
            server.clients().forEach(WebSocket::terminate);
            server.close().get(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    static String file(String name) {
        try {
            return Path.of(WscatTlsAndProxyTest.class.getResource("/tls/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An echo server on 127.0.0.1 over TLS with {@code certificate}.pem; its port. */
    private int serve(String certificate) throws Exception {
        return serve(ServerOptions.builder().sslContext(PemSslContext.builder()
                .keyPair(Path.of(file(certificate + ".pem")), Path.of(file(certificate + "-key.pem"))).build()));
    }

    private int serve(ServerOptions.Builder options) throws Exception {
        WebSocketServer server = WebSocketServer.start(options.host("127.0.0.1").port(0).threads(1).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, HandshakeRequest request) {
                        requests.add(request);
                        ws.setListener(new WebSocket.Listener() {
                            @Override
                            public void onText(WebSocket socket, String text) {
                                socket.send(text);
                            }
                        });
                    }
                }).get(10, TimeUnit.SECONDS);
        servers.add(server);
        return server.address().getPort();
    }

    /** An echo server requiring a client certificate signed by the test CA; its port. */
    private int serveRequiringClientCertificates() throws Exception {
        SSLContext context = PemSslContext.builder().keyPair(Path.of(file("server.pem")), Path.of(file("server-key.pem")))
                .trust(Path.of(file("ca.pem"))).build();
        return serve(ServerOptions.builder().sslContext(context).clientAuth(ServerOptions.ClientAuth.NEED));
    }

    private int wscat(String input, String... args) {
        return Wscat.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8),
                false);
    }

    /** wscat -c url -x hi -w 0.3 plus {@code flags}; the exit code. */
    private int sayHi(String url, String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("-c", url, "-x", "hi", "-w", "0.3"));
        return wscat("", args.toArray(String[]::new));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private void assertOneErrorLine() {
        assertThat(err()).startsWith("error: ").endsWith("\n").hasLineCount(1).doesNotContain("\tat ");
        assertThat(out()).isEmpty();
    }

    private void reset() {
        stdout.reset();
        stderr.reset();
    }

    @Test
    void caTrustsTheServerAndWithoutItTheCertificateIsRefusedInOneLine() throws Exception {
        String url = "wss://localhost:" + serve("server");
        assertThat(sayHi(url, "--ca", file("ca.pem"))).isZero();
        assertThat(out()).isEqualTo("hi\n");
        assertThat(err()).isEmpty();

        reset();
        assertThat(sayHi(url)).as("the JDK's CAs do not know the test CA").isEqualTo(255);
        assertOneErrorLine();
    }

    @Test
    void aHostNameMismatchIsRefusedInOneLine() throws Exception {
        String url = "wss://localhost:" + serve("wrong-host");
        assertThat(sayHi(url, "--ca", file("ca.pem"))).isEqualTo(255);
        assertOneErrorLine();
        assertThat(err()).contains("localhost");
    }

    @Test
    void noCheckConnectsToAServerNoCaVouchesFor() throws Exception {
        String url = "wss://localhost:" + serve("untrusted");
        assertThat(sayHi(url, "-n")).isZero();
        assertThat(out()).isEqualTo("hi\n");

        reset();
        assertThat(sayHi(url, "--no-check", "--ca", file("ca.pem"))).as("--ca is moot with --no-check").isZero();
        assertThat(out()).isEqualTo("hi\n");

        reset();
        assertThat(sayHi(url, "--ca", file("ca.pem"))).isEqualTo(255);
        assertOneErrorLine();
    }

    @Test
    void certAndKeyPresentAClientCertificateTheServerRequires() throws Exception {
        String url = "wss://localhost:" + serveRequiringClientCertificates();
        assertThat(sayHi(url, "--ca", file("ca.pem"), "--cert", file("client.pem"), "--key", file("client-key.pem")))
                .isZero();
        assertThat(out()).isEqualTo("hi\n");
        HandshakeRequest request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        X509Certificate presented = (X509Certificate) request.peerCertificates().get(0);
        assertThat(presented.getSubjectX500Principal().getName()).contains("CN=jvmws test client");

        reset();
        assertThat(sayHi(url, "--ca", file("ca.pem"))).as("no certificate").isEqualTo(255);
        assertOneErrorLine();
    }

    @Test
    void passphraseOpensAnEncryptedKey() throws Exception {
        String url = "wss://localhost:" + serveRequiringClientCertificates();
        assertThat(sayHi(url, "--ca", file("ca.pem"), "--cert", file("client.pem"), "--key", file("client-key-encrypted.pem"),
                "--passphrase", PASSPHRASE)).isZero();
        assertThat(out()).isEqualTo("hi\n");

        reset();
        assertThat(sayHi(url, "--ca", file("ca.pem"), "--cert", file("client.pem"), "--key", file("client-key-encrypted.pem"),
                "--passphrase", "wrong")).as("a wrong passphrase is a bad value").isEqualTo(1);
        assertOneErrorLine();
        assertThat(err()).contains("passphrase");
    }

    /** Without a console the passphrase is the first input line; the lines after it are sent as usual. */
    @Test
    void passphraseWithoutValueIsAskedForAndOnlyItsLineIsTaken() throws Exception {
        String url = "wss://localhost:" + serveRequiringClientCertificates();
        assertThat(wscat(PASSPHRASE + "\r\nfirst line\n", "--ca", file("ca.pem"), "--cert", file("client.pem"),
                "--key", file("client-key-encrypted.pem"), "--passphrase", "-c", url)).isZero();
        assertThat(out()).isEqualTo("first line\n");
        assertThat(err()).isEmpty();
    }

    /** npm wscat's {@code -n --cert --key}: nothing checked, and the client certificate still presented. */
    @Test
    void noCheckStillPresentsTheClientCertificate() throws Exception {
        String url = "wss://127.0.0.1:" + serveRequiringClientCertificates(); // the JDK's trust store knows not the test CA
        assertThat(sayHi(url, "-n", "--cert", file("client.pem"), "--key", file("client-key-encrypted.pem"),
                "--passphrase", PASSPHRASE)).isZero();
        assertThat(out()).isEqualTo("hi\n");
        HandshakeRequest request = requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        X509Certificate presented = (X509Certificate) request.peerCertificates().get(0);
        assertThat(presented.getSubjectX500Principal().getName()).contains("CN=jvmws test client");

        reset();
        assertThat(sayHi(url, "-n")).as("without the certificate the server requires").isEqualTo(255);
        assertOneErrorLine();
    }

    @Test
    void tlsFlagsThatCannotBeUsedAreOneLineAndExit1() throws Exception {
        String url = "wss://localhost:" + serve("server");
        assertThat(sayHi(url, "--cert", file("client.pem"))).isEqualTo(1);
        assertThat(err()).isEqualTo("error: --cert and --key go together: give both\n");

        reset();
        assertThat(sayHi(url, "--ca", "/nonexistent/ca.pem")).isEqualTo(1);
        assertOneErrorLine();
        assertThat(err()).contains("/nonexistent/ca.pem");
        assertThat(requests).isEmpty();
    }

    @Test
    void proxyTunnelsTheConnectionWithOrWithoutAScheme() throws Exception {
        int port = serve("server");
        TunnelProxy proxy = new TunnelProxy(null);
        resources.add(proxy);
        assertThat(sayHi("wss://localhost:" + port, "--ca", file("ca.pem"), "--proxy", "127.0.0.1:" + proxy.port())).isZero();
        assertThat(out()).isEqualTo("hi\n");
        assertThat(proxy.nextHead()).startsWith("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n");

        reset();
        assertThat(sayHi("wss://localhost:" + port, "--ca", file("ca.pem"), "--proxy", "http://127.0.0.1:" + proxy.port()))
                .isZero();
        assertThat(out()).isEqualTo("hi\n");
        assertThat(proxy.nextHead()).startsWith("CONNECT localhost:" + port + " HTTP/1.1\r\n");
    }

    @Test
    void proxyCredentialsGoInTheUrlAndARefusalIsOneLine() throws Exception {
        int port = serve("server");
        String authorization = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        TunnelProxy proxy = new TunnelProxy(authorization);
        resources.add(proxy);
        String url = "wss://localhost:" + port;
        assertThat(sayHi(url, "--ca", file("ca.pem"), "--proxy", "alice:secret@127.0.0.1:" + proxy.port())).isZero();
        assertThat(out()).isEqualTo("hi\n");
        assertThat(proxy.nextHead()).contains("\r\nProxy-Authorization: " + authorization + "\r\n");

        reset();
        assertThat(sayHi(url, "--ca", file("ca.pem"), "--proxy", "127.0.0.1:" + proxy.port())).isEqualTo(255);
        assertThat(err()).isEqualTo("error: Proxy refused the tunnel to localhost:" + port + ": 407 Proxy Authentication Required\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void anHttpsProxyIsRefusedAsABadValue() {
        assertThat(wscat("", "-c", "ws://127.0.0.1:1", "--proxy", "https://127.0.0.1:3128", "-x", "hi")).isEqualTo(1);
        assertThat(err()).isEqualTo(
                "error: Unsupported proxy URL: https://127.0.0.1:3128 (only http://host:port proxies are supported)\n");
    }

    @Test
    void helpListsTheTlsAndProxyFlags() {
        assertThat(wscat("", "--help")).isZero();
        assertThat(out()).contains("-n, --no-check", "--ca=<ca>", "--cert=<cert>", "--key=<key>", "--passphrase[=passphrase]",
                "--proxy=<[http://][user:pass@]host[:port]>");
    }
}
