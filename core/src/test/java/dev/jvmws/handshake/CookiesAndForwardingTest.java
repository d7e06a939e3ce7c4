package dev.jvmws.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cookies both ways (RFC 6265) and the client address behind proxies ({@code Forwarded},
 * {@code X-Forwarded-For}, trusted proxies), as {@link HandshakeRequest} offers them.
 */
class CookiesAndForwardingTest {

    private static HandshakeRequest from(String peer, String... headerLines) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return HandshakeRequest.of(HttpHead.request("GET", "/", "HTTP/1.1", headers.build()),
                peer == null ? null : new InetSocketAddress(peer, 5000), false);
    }

    // ---------------------------------------------------------------- Cookie

    @Test
    void cookiesAreReadInOrderLenientlyAndFromEveryCookieHeader() {
        HandshakeRequest request = from("127.0.0.1", "Cookie: a=1; b=\"two\";  c = three ;=nameless; novalue; d=",
                "Cookie: e=x=y; \"=\"");
        assertThat(request.cookies()).containsExactly(new Cookie("a", "1"), new Cookie("b", "two"),
                new Cookie("c", "three"), new Cookie("d", ""), new Cookie("e", "x=y"), new Cookie("\"", "\""));
        assertThat(request.cookie("c")).contains("three");
        assertThat(request.cookie("missing")).isEmpty();
        assertThat(from("127.0.0.1").cookies()).isEmpty();
        assertThat(Cookie.parse(List.of("a=1; a=2"))).as("both kept, first wins in cookie()")
                .containsExactly(new Cookie("a", "1"), new Cookie("a", "2"));
        assertThat(from("127.0.0.1", "Cookie: a=1; a=2").cookie("a")).contains("1");
        assertThat(Cookie.parse(List.of(" ; =; x=\""))).containsExactly(new Cookie("x", "\""));
        assertThatThrownBy(() -> new Cookie(null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Cookie("n", null)).isInstanceOf(NullPointerException.class);
    }

    // ---------------------------------------------------------------- Set-Cookie

    @Test
    void setCookieWritesEveryAttributeInOrder() {
        assertThat(SetCookie.of("session", "abc123").toString()).isEqualTo("session=abc123");
        assertThat(SetCookie.of("s", "v").path("/chat").domain("example.com").maxAge(Duration.ofMinutes(2))
                .secure().httpOnly().sameSite(SetCookie.SameSite.NONE).toString())
                .isEqualTo("s=v; Path=/chat; Domain=example.com; Max-Age=120; Secure; HttpOnly; SameSite=None");
        assertThat(SetCookie.of("s", "").sameSite(SetCookie.SameSite.LAX).toString()).isEqualTo("s=; SameSite=Lax");
        assertThat(SetCookie.of("s", "v").sameSite(SetCookie.SameSite.STRICT).toString()).isEqualTo("s=v; SameSite=Strict");
        assertThat(SetCookie.of("s", "v").maxAge(Duration.ofSeconds(-5)).toString()).as("expire now").isEqualTo("s=v; Max-Age=0");
        assertThat(SetCookie.of("s", "v").maxAge(Duration.ZERO).toString()).isEqualTo("s=v; Max-Age=0");
        assertThat(SetCookie.of("!#$%&'*+-.^_`|~09AZaz", "!#$%&'()*+-./09:<=>?@AZ[]^_`az{|}~").toString())
                .as("every token and cookie-octet character class").startsWith("!#$%&'*+-.^_`|~09AZaz=");
    }

    @Test
    void setCookieRefusesWhatCouldBreakTheHeader() {
        for (String name : new String[] {"", "a b", "a;b", "a=b", "a\"b", "a,b", "a\tb", "é", "a(b", "a/b", "a@b", "a\u007Fb"}) {
            assertThatThrownBy(() -> SetCookie.of(name, "v")).as("name %s", name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SetCookie.of(null, "v")).isInstanceOf(IllegalArgumentException.class);
        for (String value : new String[] {"a b", "a;b", "a,b", "a\"b", "a\\b", "a\u0001", "é", "a\u007F"}) {
            assertThatThrownBy(() -> SetCookie.of("n", value)).as("value %s", value).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> SetCookie.of("n", null)).isInstanceOf(NullPointerException.class);
        SetCookie ok = SetCookie.of("n", "v");
        for (String path : new String[] {"/a;b", "/a\nb", "/a\u007F", "/é"}) {
            assertThatThrownBy(() -> ok.path(path)).as("path %s", path).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ok.path(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ok.path("/ a").toString()).as("a space is allowed in a path").isEqualTo("n=v; Path=/ a");
        for (String domain : new String[] {"", "a b", "a;b", "é.com", "a_b.com"}) {
            assertThatThrownBy(() -> ok.domain(domain)).as("domain %s", domain).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ok.domain(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ok.domain("a-b.c0m").toString()).isEqualTo("n=v; Domain=a-b.c0m");
        assertThatThrownBy(() -> ok.sameSite(SetCookie.SameSite.NONE).toString()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ok.sameSite(null)).isInstanceOf(NullPointerException.class);
        assertThat(ok.secure().toString()).isEqualTo("n=v; Secure");
        assertThat(ok.httpOnly().toString()).isEqualTo("n=v; HttpOnly");
        assertThat(ok.toString()).as("immutable: the builders above changed nothing").isEqualTo("n=v");
    }

    // ---------------------------------------------------------------- Forwarded / X-Forwarded-For

    @Test
    void theForwardedChainComesFromForwardedFirstElseXForwardedFor() {
        assertThat(ForwardedFor.of(from("127.0.0.1", "X-Forwarded-For: 203.0.113.7, 10.0.0.1 ,,198.51.100.2:8080").headers()))
                .containsExactly("203.0.113.7", "10.0.0.1", "198.51.100.2");
        assertThat(ForwardedFor.of(from("127.0.0.1", "X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2.2.2.2").headers()))
                .containsExactly("1.1.1.1", "2.2.2.2");
        assertThat(ForwardedFor.of(from("127.0.0.1",
                "Forwarded: for=192.0.2.60;proto=http;by=203.0.113.43, For=\"[2001:db8:cafe::17]:4711\"",
                "Forwarded: for=unknown, for=_hidden, proto=https",
                "X-Forwarded-For: 9.9.9.9").headers()))
                .as("Forwarded wins; case-insensitive for; quotes, brackets and ports removed")
                .containsExactly("192.0.2.60", "2001:db8:cafe::17", "unknown", "_hidden");
        assertThat(ForwardedFor.of(from("127.0.0.1").headers())).isEmpty();
        assertThat(ForwardedFor.node("2001:db8::1")).as("a bare IPv6 keeps its colons").isEqualTo("2001:db8::1");
        assertThat(ForwardedFor.node("[::1")).as("unclosed bracket: as written").isEqualTo("[::1");
        assertThat(ForwardedFor.node("\"")).isEqualTo("\"");
        assertThat(ForwardedFor.node(":80")).isEqualTo(":80");
    }

    @Test
    void remoteAddressesAreTheChainThenThePeer() {
        assertThat(from("127.0.0.1", "X-Forwarded-For: 203.0.113.7, 10.0.0.1").remoteAddresses())
                .containsExactly("203.0.113.7", "10.0.0.1", "127.0.0.1");
        assertThat(from(null).remoteAddresses()).isEmpty();
        assertThat(from(null).clientAddress()).isNull();
    }

    // ---------------------------------------------------------------- trusted proxies

    @Test
    void theClientIsThePeerUnlessThePeerIsATrustedProxy() {
        HandshakeRequest viaTwoProxies = from("127.0.0.1", "X-Forwarded-For: 203.0.113.7, 10.1.2.3");
        assertThat(viaTwoProxies.clientAddress()).as("nothing trusted: headers ignored").isEqualTo("127.0.0.1");
        assertThat(viaTwoProxies.trusting(TrustedProxies.of("127.0.0.1")).clientAddress())
                .as("only the nearest proxy trusted: the hop it saw").isEqualTo("10.1.2.3");
        assertThat(viaTwoProxies.trusting(TrustedProxies.of("127.0.0.1", "10.0.0.0/8")).clientAddress())
                .isEqualTo("203.0.113.7");
        assertThat(viaTwoProxies.trusting(TrustedProxies.of("127.0.0.0/8", "10.0.0.0/8", "203.0.113.0/24")).clientAddress())
                .as("every hop trusted: the first of the chain").isEqualTo("203.0.113.7");
        assertThat(from("127.0.0.1").trusting(TrustedProxies.of("127.0.0.1")).clientAddress())
                .as("a trusted peer that forwarded nothing").isEqualTo("127.0.0.1");
        assertThat(from("192.0.2.1", "X-Forwarded-For: 6.6.6.6").trusting(TrustedProxies.of("127.0.0.1")).clientAddress())
                .as("an untrusted peer's headers are ignored").isEqualTo("192.0.2.1");
        assertThatThrownBy(() -> viaTwoProxies.trusting(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void trustedProxiesMatchAddressesAndCidrBlocksOfBothFamiliesAndNeverNames() {
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", "172.16.0.0/12");
        assertThat(proxies.trusts("10.255.0.1")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.168.1.7")).isTrue();
        assertThat(proxies.trusts("192.168.1.8")).isFalse();
        assertThat(proxies.trusts("172.31.255.255")).isTrue();
        assertThat(proxies.trusts("172.32.0.0")).isFalse();
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("::1")).isTrue();
        assertThat(proxies.trusts("::2")).isFalse();
        assertThat(proxies.trusts("unknown")).isFalse();
        assertThat(proxies.trusts("localhost")).as("names are never looked up").isFalse();
        assertThat(proxies.trusts("cafe")).isFalse();
        assertThat(proxies.trusts("1.2.3")).isFalse();
        assertThat(proxies.trusts("")).isFalse();
        assertThat(proxies.trusts(null)).isFalse();
        assertThat(proxies.trusts("ab:cd:zz")).isFalse();
        assertThat(proxies.isEmpty()).isFalse();
        assertThat(TrustedProxies.NONE.isEmpty()).isTrue();
        assertThat(TrustedProxies.of("0.0.0.0/0").trusts("8.8.8.8")).isTrue();
        assertThat(TrustedProxies.of("1.2.3.4/32").trusts("1.2.3.5")).isFalse();
        assertThat(TrustedProxies.of("::/0").trusts("1.2.3.4")).as("families never match each other").isFalse();
        for (String bad : new String[] {"example.com", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "::1/129", "", "1.2.3"}) {
            assertThatThrownBy(() -> TrustedProxies.of(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TrustedProxies.NONE.clientAddress("1.1.1.1", List.of("2.2.2.2"))).isEqualTo("1.1.1.1");
        assertThat(TrustedProxies.of("1.1.1.1").clientAddress(null, List.of("2.2.2.2"))).isNull();
    }
}
