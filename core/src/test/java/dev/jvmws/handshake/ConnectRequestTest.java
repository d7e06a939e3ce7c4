package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CONNECT request a client sends its HTTP proxy (RFC 9110 §9.3.6), byte for byte. */
class ConnectRequestTest {
    private static String text(byte[] request) {
        return new String(request, StandardCharsets.ISO_8859_1);
    }

    @Test
    void namesTheTargetInTheRequestLineAndTheHostHeader() {
        assertThat(text(ConnectRequest.encode("example.com", 443, null)))
                .isEqualTo("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
    }

    @Test
    void putsAnIpv6LiteralInBrackets() {
        assertThat(text(ConnectRequest.encode("::1", 8080, null)))
                .isEqualTo("CONNECT [::1]:8080 HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
        assertThat(ConnectRequest.authority("[2001:db8::1]", 80)).isEqualTo("[2001:db8::1]:80");
    }

    @Test
    void sendsCredentialsAsBasicProxyAuthorizationInUtf8() {
        // base64("alice:s\u00e9cret" as UTF-8)
        assertThat(text(ConnectRequest.encode("example.com", 80, "alice:s\u00e9cret"))).isEqualTo(
                "CONNECT example.com:80 HTTP/1.1\r\nHost: example.com:80\r\n"
                        + "Proxy-Authorization: Basic YWxpY2U6c8OpY3JldA==\r\n\r\n");
    }

    @Test
    void refusesWhatCannotBeWrittenInAHead() {
        assertThatThrownBy(() -> ConnectRequest.encode("evil\r\nX-Injected: 1", 80, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectRequest.encode("two words", 80, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectRequest.encode("example.com", 0, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConnectRequest.encode("example.com", 65536, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsCredentialsFromTheProxyUrlPercentDecoded() {
        assertThat(ConnectRequest.credentials(URI.create("http://us%20er:p%40ss+1@proxy:3128"))).isEqualTo("us er:p@ss+1");
        assertThat(ConnectRequest.credentials(URI.create("http://user@proxy:3128"))).isEqualTo("user:");
        assertThat(ConnectRequest.credentials(URI.create("http://proxy:3128"))).isNull();
        assertThatThrownBy(() -> ConnectRequest.credentials(URI.create("http://%FF:x@proxy:3128")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
