package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The JDK's socket errors in Node's words, as npm wscat prints them (issue 12, item 6). */
class WscatErrorTextTest {
    private static final InetSocketAddress LOOPBACK_1 = InetSocketAddress.createUnresolved("127.0.0.1", 1);

    @Test
    void connectErrorsNameTheCallTheErrnoAndTheAddress() {
        assertThat(WscatErrorText.ofConnection(new CompletionException(new ConnectException("Connection refused")), LOOPBACK_1))
                .isEqualTo("connect ECONNREFUSED 127.0.0.1:1");
        assertThat(WscatErrorText.ofConnection(new ConnectException("Connection timed out"), LOOPBACK_1))
                .isEqualTo("connect ETIMEDOUT 127.0.0.1:1");
        assertThat(WscatErrorText.ofConnection(new NoRouteToHostException("No route to host"), LOOPBACK_1))
                .isEqualTo("connect EHOSTUNREACH 127.0.0.1:1");
        assertThat(WscatErrorText.ofConnection(new SocketException("Network is unreachable"), LOOPBACK_1))
                .isEqualTo("connect ENETUNREACH 127.0.0.1:1");
    }

    @Test
    void aWrappedSocketErrorIsReportedAsTheSocketsOwn() {
        // The library wraps a proxy's failure; Node (https-proxy-agent) reports the socket's error.
        IOException proxy = new IOException("Could not connect to the proxy 127.0.0.1:3128: Connection refused",
                new ConnectException("Connection refused"));
        assertThat(WscatErrorText.ofConnection(proxy, InetSocketAddress.createUnresolved("127.0.0.1", 3128)))
                .isEqualTo("connect ECONNREFUSED 127.0.0.1:3128");
    }

    @Test
    void aUnixSocketErrorKeepsThePathTheLibraryNamed() {
        assertThat(WscatErrorText.ofConnection(new ConnectException("No such file or directory: /tmp/x.sock"), null))
                .isEqualTo("connect ENOENT /tmp/x.sock");
    }

    @Test
    void resetAndBrokenPipeAreReadAndWriteErrors() {
        assertThat(WscatErrorText.ofConnection(new SocketException("Connection reset"), LOOPBACK_1))
                .isEqualTo("read ECONNRESET");
        assertThat(WscatErrorText.ofConnection(new IOException("Connection reset by peer"), null))
                .isEqualTo("read ECONNRESET");
        assertThat(WscatErrorText.ofConnection(new IOException("Broken pipe"), null)).isEqualTo("write EPIPE");
    }

    @Test
    void otherErrorsAreLeftAsTheLibrarySaysThem() {
        assertThat(WscatErrorText.ofConnection(new IOException("Unexpected server response: 404"), LOOPBACK_1))
                .isEqualTo("Unexpected server response: 404");
        assertThat(WscatErrorText.ofConnection(new IOException("getaddrinfo ENOTFOUND nowhere.invalid"), LOOPBACK_1))
                .isEqualTo("getaddrinfo ENOTFOUND nowhere.invalid");
    }

    @Test
    void addressesArePrintedAsNodeDoes() throws Exception {
        assertThat(WscatErrorText.nodeIp(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(WscatErrorText.nodeIp(InetAddress.getByName("::"))).isEqualTo("::");
        assertThat(WscatErrorText.nodeIp(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(WscatErrorText.nodeIp(InetAddress.getByName("fe80:0:0:0:0:0:0:1%1"))).isEqualTo("fe80::1");
        assertThat(WscatErrorText.nodeIp(InetAddress.getByName("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(WscatErrorText.nodeAddress(InetSocketAddress.createUnresolved("::1", 8080))).isEqualTo("::1:8080");
    }
}
