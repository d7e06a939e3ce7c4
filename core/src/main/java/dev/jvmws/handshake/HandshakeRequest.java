package dev.jvmws.handshake;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's opening handshake request as the server sees it (RFC 6455 §4.2.1): the parsed
 * request head plus where it came from. Built by the transport; inspected by
 * {@link ServerHandshake} and by user hooks (path routing, origin checks, authentication).
 *
 * <p>Accessors return raw values: nothing is percent-decoded, and a header that appears on several
 * lines is seen joined with {@code ", "} where noted, so duplicates are never silently dropped.
 *
 * <p>Immutable and thread-safe.
 */
public final class HandshakeRequest {

    private final HttpHead head;
    private final InetSocketAddress remoteAddress;
    private final boolean secure;
    private final List<Certificate> peerCertificates;
    private final TrustedProxies trustedProxies;

    private HandshakeRequest(HttpHead head, InetSocketAddress remoteAddress, boolean secure,
            List<Certificate> peerCertificates, TrustedProxies trustedProxies) {
        this.head = head;
        this.remoteAddress = remoteAddress;
        this.secure = secure;
        this.peerCertificates = peerCertificates;
        this.trustedProxies = trustedProxies;
    }

    /**
     * Wraps a parsed request head.
     *
     * @param remoteAddress the peer's address, or {@code null} when unknown (e.g. in tests)
     * @param secure whether the request arrived over TLS
     * @throws IllegalArgumentException if {@code head} is a response head
     */
    public static HandshakeRequest of(HttpHead head, InetSocketAddress remoteAddress, boolean secure) {
        return of(head, remoteAddress, secure, List.of());
    }

    /**
     * Wraps a request head that arrived over TLS with a client certificate.
     *
     * @param peerCertificates the client's certificate chain, its own first; empty when it sent none
     */
    public static HandshakeRequest of(HttpHead head, InetSocketAddress remoteAddress, boolean secure,
            List<? extends Certificate> peerCertificates) {
        Objects.requireNonNull(head, "head");
        if (!head.isRequest()) {
            throw new IllegalArgumentException("Not a request head: " + head);
        }
        return new HandshakeRequest(head, remoteAddress, secure, List.copyOf(peerCertificates), TrustedProxies.NONE);
    }

    /** This request as seen by a server that believes the forwarding headers of {@code proxies} (see {@link #clientAddress()}). */
    public HandshakeRequest trusting(TrustedProxies proxies) {
        if (proxies == trustedProxies) {
            return this; // every upgrade passes here: no copy when nothing changes
        }
        return new HandshakeRequest(head, remoteAddress, secure, peerCertificates, Objects.requireNonNull(proxies));
    }

    /** The cookies of the request's {@code Cookie} headers, in order (see {@link Cookie#parse}). */
    public List<Cookie> cookies() {
        return Cookie.parse(head.headers().all("Cookie"));
    }

    /** The value of the first cookie named {@code name}. */
    public Optional<String> cookie(String name) {
        for (Cookie cookie : cookies()) {
            if (cookie.name().equals(name)) {
                return Optional.of(cookie.value());
            }
        }
        return Optional.empty();
    }

    /**
     * WebSocket-Node's {@code remoteAddresses}: the forwarded chain ({@code Forwarded} or
     * {@code X-Forwarded-For}, client first; see {@link ForwardedFor}) followed by the socket's peer.
     * As sent: anyone can write these headers. Empty when the peer is unknown and nothing was forwarded.
     */
    public List<String> remoteAddresses() {
        List<String> chain = new ArrayList<>(ForwardedFor.of(head.headers()));
        if (remoteAddress != null) {
            chain.add(remoteAddress.getAddress().getHostAddress());
        }
        return List.copyOf(chain);
    }

    /**
     * The client's address: the socket's peer, unless the server trusts it as a proxy
     * ({@code ServerOptions.trustedProxies}), then the first untrusted hop of the forwarded chain read
     * from its end (WebSocket-Node's {@code remoteAddress} with {@code ignoreXForwardedFor} false, but
     * only behind proxies you named). Null when the peer is unknown (a Unix socket).
     */
    public String clientAddress() {
        String peer = remoteAddress == null ? null : remoteAddress.getAddress().getHostAddress();
        if (trustedProxies.isEmpty() || peer == null) {
            return peer;
        }
        return trustedProxies.clientAddress(peer, ForwardedFor.of(head.headers()));
    }

    /** The parsed head this request wraps. */
    public HttpHead head() {
        return head;
    }

    /** The request method; RFC 6455 §4.1 requires {@code GET}. */
    public String method() {
        return head.method();
    }

    /** The raw request target as sent, e.g. {@code /chat?room=1}. */
    public String target() {
        return head.target();
    }

    /** The raw (not percent-decoded) part of the target before {@code ?}. */
    public String path() {
        String target = head.target();
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw part of the target after the first {@code ?}, or {@code ""} when there is none. */
    public String query() {
        String target = head.target();
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** The HTTP version of the request line, e.g. {@code HTTP/1.1}. */
    public String httpVersion() {
        return head.version();
    }

    /** The request's header fields. */
    public HttpHeaders headers() {
        return head.headers();
    }

    /**
     * The peer's address, or {@code null} if the transport did not provide one: a peer on a Unix
     * domain socket has none (Node's {@code req.socket.remoteAddress} is undefined there too).
     */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /**
     * The certificate chain the client presented over TLS, its own first (see
     * {@code ServerOptions.Builder.clientAuth}); empty for a plain connection or a client without one.
     */
    public List<Certificate> peerCertificates() {
        return peerCertificates;
    }

    /** Whether the request arrived over TLS ({@code wss}). */
    public boolean isSecure() {
        return secure;
    }

    /**
     * The {@code Sec-WebSocket-Version} as a number (RFC 6455 §4.1 item 9), or {@code -1} when
     * absent or not a plain decimal number (repeated lines count as not a number).
     */
    public int version() {
        String v = head.headers().joined("Sec-WebSocket-Version");
        if (v == null || v.isEmpty() || v.length() > 9) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Integer.parseInt(v);
    }

    /**
     * The {@code Sec-WebSocket-Key}, or {@code null} when absent. Repeated lines are joined, which
     * makes the key invalid: RFC 6455 §4.2.1 allows exactly one.
     */
    public String key() {
        return head.headers().joined("Sec-WebSocket-Key");
    }

    /**
     * The origin the client claims (RFC 6455 §4.2.1 item 7, §10.2): the {@code Origin} header, or
     * for protocol version 8 the {@code Sec-WebSocket-Origin} header its draft used (as ws does).
     * {@code null} when absent; repeated lines are joined, so they match no allow-list.
     */
    public String origin() {
        return head.headers().joined(version() == 8 ? "Sec-WebSocket-Origin" : "Origin");
    }

    /**
     * The subprotocols the client offers, in its order of preference (RFC 6455 §4.1 item 10);
     * empty when the header is absent.
     *
     * @throws IllegalArgumentException if the header is malformed ({@link ServerHandshake#validate}
     *     rejects such requests, so this only happens before validation)
     */
    public List<String> requestedSubprotocols() {
        String value = ServerHandshake.joinedProtocolHeader(head.headers());
        return value == null ? List.of() : List.copyOf(Subprotocols.parse(value));
    }

    @Override
    public String toString() {
        return "HandshakeRequest{" + head + ", remote=" + remoteAddress + ", secure=" + secure + '}';
    }
}
