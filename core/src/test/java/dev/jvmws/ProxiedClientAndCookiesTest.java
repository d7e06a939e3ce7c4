package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.SetCookie;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** trustedProxies and cookies through a real server: what onConnection sees, what the 101 carries. */
@Timeout(30)
class ProxiedClientAndCookiesTest {

    @Test
    void behindATrustedProxyTheClientIsTheForwardedAddressAndCookiesGoBothWays() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder()
                .trustedProxies("127.0.0.1")
                .responseHeaders((headers, request) -> headers.add("Set-Cookie",
                        SetCookie.of("seen", request.cookie("visit").orElse("first")).path("/").httpOnly()
                                .maxAge(Duration.ofHours(1)).toString())), server);
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            RawSocket.Response response = peer.upgrade("/");
            // upgrade() sends no Cookie or X-Forwarded-For; the server still answers with its cookie
            assertThat(response.header("Set-Cookie")).isEqualTo("seen=first; Path=/; Max-Age=3600; HttpOnly");
        }
        HandshakeRequest plain = server.nextConnection().request();
        assertThat(plain.clientAddress()).isEqualTo("127.0.0.1");

        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.write(RawSocket.upgradeRequest("/", "X-Forwarded-For: 203.0.113.9", "Cookie: visit=2; theme=dark"));
            RawSocket.Response response = peer.readHead();
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Set-Cookie")).startsWith("seen=2;");
        }
        HandshakeRequest proxied = server.nextConnection().request();
        assertThat(proxied.clientAddress()).as("the peer, 127.0.0.1, is a trusted proxy").isEqualTo("203.0.113.9");
        assertThat(proxied.remoteAddresses()).containsExactly("203.0.113.9", "127.0.0.1");
        assertThat(proxied.cookie("theme")).contains("dark");
    }

    @Test
    void withoutTrustedProxiesTheForwardingHeadersAreIgnored() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(ServerOptions.builder(), server);
        try (RawSocket peer = RawSocket.connect(loopback.address())) {
            peer.write(RawSocket.upgradeRequest("/", "X-Forwarded-For: 203.0.113.9"));
            assertThat(peer.readHead().status()).isEqualTo(101);
        }
        assertThat(server.nextConnection().request().clientAddress()).isEqualTo("127.0.0.1");
    }
}
