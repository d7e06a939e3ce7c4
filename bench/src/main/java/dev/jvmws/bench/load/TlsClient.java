package dev.jvmws.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The load generator's side of TLS, the same for every server so that the client's cost never differs
 * between rows: the JDK's own provider (SunJSSE), TLS 1.3 only, one cipher suite
 * ({@value #CIPHER_SUITE}, TLS 1.3's mandatory one, RFC 8446 §9.1), the JDK's default key-exchange
 * groups (x25519 first), and the server's certificate checked as a browser would: its chain against
 * one trusted CA bundle (PKIX), and its subject alternative names against the address connected to.
 *
 * <p>Every connection makes a full handshake. Engines are created without a peer host, so the JDK
 * neither caches a session nor offers one for resumption (it keys its client cache on host and port);
 * H1T therefore measures full handshakes on every server, whatever tickets the server hands out.
 * For the same reason the name check is done here rather than by the JDK's endpoint identification,
 * which needs the engine's peer host. Immutable; thread-safe.
 */
public final class TlsClient {
    public static final String PROTOCOL = "TLSv1.3";
    public static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";

    private final SSLContext context;
    private final String host;

    private TlsClient(SSLContext context, String host) {
        this.context = context;
        this.host = host;
    }

    /**
     * A client trusting the certificates of {@code caBundle} (PEM) and expecting servers' certificates
     * to name {@code host} (an IP address or a DNS name, as the connections are made).
     *
     * @throws IOException if the bundle cannot be read
     * @throws GeneralSecurityException if it holds no certificate or the JDK refuses it
     */
    public static TlsClient trusting(Path caBundle, String host) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        Collection<? extends java.security.cert.Certificate> certificates;
        try (InputStream in = Files.newInputStream(caBundle)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new CertificateException("no certificate in " + caBundle);
        }
        for (java.security.cert.Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + trusted.size(), certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trusted);
        X509ExtendedTrustManager pkix = null;
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                pkix = extended;
            }
        }
        if (pkix == null) {
            throw new GeneralSecurityException("the JDK made no X509ExtendedTrustManager");
        }
        SSLContext context = SSLContext.getInstance(PROTOCOL, "SunJSSE");
        context.init(null, new TrustManager[] {new NameCheckingTrust(pkix, host)}, null);
        return new TlsClient(context, host);
    }

    /** A client engine for one connection: client mode, TLS 1.3, {@value #CIPHER_SUITE}, no peer host. */
    SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {PROTOCOL});
        engine.setEnabledCipherSuites(new String[] {CIPHER_SUITE});
        return engine;
    }

    /** For the results: what every connection of a TLS workload negotiates and checks. */
    public String describe() {
        return PROTOCOL + " only, " + CIPHER_SUITE + ", JDK provider (" + context.getProvider().getName() + " "
                + context.getProvider().getVersionStr() + "), full handshakes (no resumption), server certificate "
                + "verified (PKIX against the test CA, name " + host + ")";
    }

    /**
     * PKIX (the JDK's trust manager, with its algorithm constraints) and then the host name, matched
     * exactly against the leaf's IP and DNS subject alternative names (the benchmark's certificate
     * names 127.0.0.1 and localhost, no wildcards).
     */
    private static final class NameCheckingTrust extends X509ExtendedTrustManager {
        private static final int SAN_DNS = 2;
        private static final int SAN_IP = 7;

        private final X509ExtendedTrustManager pkix;
        private final String host;

        NameCheckingTrust(X509ExtendedTrustManager pkix, String host) {
            this.pkix = pkix;
            this.host = host;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, engine);
            checkName(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            pkix.checkServerTrusted(chain, authType, socket);
            checkName(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            pkix.checkServerTrusted(chain, authType);
            checkName(chain[0]);
        }

        private void checkName(X509Certificate leaf) throws CertificateException {
            Collection<List<?>> names;
            try {
                names = leaf.getSubjectAlternativeNames();
            } catch (CertificateParsingException e) {
                throw new CertificateException("unreadable subject alternative names", e);
            }
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if ((type == SAN_IP || type == SAN_DNS) && host.equalsIgnoreCase(String.valueOf(name.get(1)))) {
                        return;
                    }
                }
            }
            throw new CertificateException("the server's certificate (" + leaf.getSubjectX500Principal()
                    + ") does not name " + host + "; its names: " + names);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return ((X509TrustManager) pkix).getAcceptedIssuers();
        }
    }
}
