package dev.jvmws.internal.client;

import dev.jvmws.internal.pem.ContextKeys;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * How a client makes its {@link SSLEngine} for a {@code wss} hop: the user's (or the JDK's default)
 * context and parameters, with the server's host name verified ("HTTPS" endpoint identification, as
 * browsers and ws do; Java-WebSocket shipped without it, CVE-2020-11050), SNI from the URL's host name
 * (never for an IP literal) or the {@code serverName} override, and ALPN offering {@code http/1.1}.
 * Only {@code trustAll} turns verification off; it keeps the client certificate of a context that
 * {@code PemSslContext} built (a context made elsewhere cannot be asked for its keys).
 *
 * @param context null for the JDK's default context
 * @param parameters protocols, cipher suites and the like to start from; null for the context's defaults
 * @param serverName the name to send as SNI and to verify instead of the URL's host; null for the host
 * @param trustAll accept any certificate for any name (tests only)
 */
public record ClientTls(SSLContext context, SSLParameters parameters, String serverName, boolean trustAll) {
    private static final String[] ALPN = {"http/1.1"};
    /** Trust-everything contexts by the context whose keys they carry (weakly: the user's context may go). */
    private static final Map<Object, SSLContext> INSECURE = Collections.synchronizedMap(new WeakHashMap<>());

    /** An engine in client mode for {@code host}:{@code port}. */
    public SSLEngine newEngine(String host, int port) throws GeneralSecurityException {
        String name = serverName != null ? serverName : host;
        SSLEngine engine = contextToUse().createSSLEngine(name, port);
        engine.setUseClientMode(true);
        SSLParameters params = parameters != null ? copy(parameters) : engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(trustAll ? null : "HTTPS");
        if (!isIpLiteral(name)) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        params.setApplicationProtocols(ALPN);
        engine.setSSLParameters(params);
        return engine;
    }

    private SSLContext contextToUse() throws GeneralSecurityException {
        if (trustAll) {
            return insecureContext(context);
        }
        return context != null ? context : defaultContext();
    }

    /**
     * The context that trusts every certificate, with the key managers {@code PemSslContext} gave
     * {@code given} (a client certificate still presented); one per given context, so sessions can
     * resume across connections.
     */
    private static SSLContext insecureContext(SSLContext given) throws GeneralSecurityException {
        Object key = given != null ? given : ClientTls.class; // no context given: one shared keyless context
        SSLContext cached = INSECURE.get(key);
        if (cached != null) {
            return cached;
        }
        SSLContext insecure = SSLContext.getInstance("TLS");
        insecure.init(given == null ? null : ContextKeys.of(given), new TrustManager[] {TRUST_ALL}, new SecureRandom());
        INSECURE.put(key, insecure);
        return insecure;
    }

    private static SSLContext defaultContext() throws NoSuchAlgorithmException {
        return SSLContext.getDefault();
    }

    private static SSLParameters copy(SSLParameters source) {
        SSLParameters copy = new SSLParameters(source.getCipherSuites(), source.getProtocols());
        copy.setAlgorithmConstraints(source.getAlgorithmConstraints());
        copy.setUseCipherSuitesOrder(source.getUseCipherSuitesOrder());
        copy.setMaximumPacketSize(source.getMaximumPacketSize());
        return copy;
    }

    /** An IPv4 or IPv6 literal (RFC 6066 §3: SNI carries host names only). */
    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            return true;
        }
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusts everything: the caller asked for insecureTrustAllCertificates()
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusts everything: the caller asked for insecureTrustAllCertificates()
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
