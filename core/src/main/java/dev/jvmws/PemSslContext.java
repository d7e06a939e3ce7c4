package dev.jvmws;

import dev.jvmws.internal.pem.ContextKeys;
import dev.jvmws.internal.pem.KeyCertificateMatch;
import dev.jvmws.internal.pem.PemReader;
import dev.jvmws.internal.pem.PemSource;
import dev.jvmws.internal.pem.PrivateKeyReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} from PEM files or strings in one line, the way Node takes
 * {@code {cert, key, ca, passphrase}}, without keystores.
 *
 * <pre>{@code
 * SSLContext server = PemSslContext.builder()
 *         .keyPair(Path.of("cert.pem"), Path.of("key.pem"))          // chain + PKCS#8 key
 *         .build();
 * SSLContext encrypted = PemSslContext.builder()
 *         .keyPair(Path.of("cert.pem"), Path.of("key.pem"), "secret".toCharArray())
 *         .build();
 * SSLContext client = PemSslContext.builder().trust(Path.of("ca.pem")).build();   // CA bundle to trust
 * SSLContext mtls = PemSslContext.builder().keyPair(chainPem, keyPem).trust(caPem).build(); // PEM text
 * }</pre>
 *
 * <p>What is accepted:
 * <ul>
 *   <li>Certificates: one or more {@code -----BEGIN CERTIFICATE-----} blocks; a chain is leaf first.
 *   <li>Private keys: PKCS#8 {@code -----BEGIN PRIVATE KEY-----} holding an RSA, EC, EdDSA (Ed25519,
 *       Ed448) or RSASSA-PSS key, or {@code -----BEGIN ENCRYPTED PRIVATE KEY-----}: PBES2 with
 *       PBKDF2 (HMAC-SHA-1 to SHA-512) and AES-128/192/256-CBC or DES-EDE3-CBC, as openssl 1.1 and 3
 *       write it, or the PBES1/PKCS#12 schemes the JDK knows (openssl 1.0's default). The legacy
 *       {@code BEGIN RSA PRIVATE KEY} and {@code BEGIN EC PRIVATE KEY} forms are refused with the
 *       {@code openssl pkcs8 -topk8} command that converts them.
 *   <li>Text outside the blocks (openssl's "Bag Attributes" and "subject=" lines) is ignored, and
 *       blocks of other kinds are skipped, so one file holding a chain and its key can be given as
 *       both.
 * </ul>
 *
 * <p>Errors: {@link Builder#build()} throws {@link IllegalArgumentException} for anything wrong with the
 * material, naming the file (or saying the PEM came as a String) and what was expected, and
 * {@link UncheckedIOException} when a file cannot be read.
 *
 * <p>Thread-safety: the {@link Builder} is not thread-safe. The product is an ordinary
 * {@code SSLContext}, as safe to share as any other.
 */
public final class PemSslContext {

    private PemSslContext() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Mutable builder; not thread-safe. Files are read by {@link #build()}, not before, so building
     * again from the same builder picks up renewed certificates.
     */
    public static final class Builder {
        /** Only guards the key inside the in-memory key store, which never leaves this class. */
        private static final char[] KEY_STORE_PASSWORD = "jvmws".toCharArray();
        private static final String KEY_ALIAS = "key";

        private PemSource chain;
        private PemSource key;
        private char[] passphrase;
        private final List<PemSource> trusted = new ArrayList<>();
        private String protocol = "TLS";

        private Builder() {
        }

        /** The certificate chain (leaf first) and the unencrypted private key to present to peers. */
        public Builder keyPair(Path certificateChain, Path privateKey) {
            return keyPair(PemSource.of(certificateChain), PemSource.of(privateKey), null);
        }

        /**
         * The certificate chain (leaf first) and the private key to present to peers, the key encrypted
         * with {@code passphrase} (which is copied; the caller may clear its array). An unencrypted key
         * is read as is.
         */
        public Builder keyPair(Path certificateChain, Path privateKey, char[] passphrase) {
            return keyPair(PemSource.of(certificateChain), PemSource.of(privateKey), requirePassphrase(passphrase));
        }

        /** As {@link #keyPair(Path, Path)}, from PEM text rather than files. */
        public Builder keyPair(String certificateChainPem, String privateKeyPem) {
            return keyPair(PemSource.of(certificateChainPem, "certificate chain"),
                    PemSource.of(privateKeyPem, "private key"), null);
        }

        /** As {@link #keyPair(Path, Path, char[])}, from PEM text rather than files. */
        public Builder keyPair(String certificateChainPem, String privateKeyPem, char[] passphrase) {
            return keyPair(PemSource.of(certificateChainPem, "certificate chain"),
                    PemSource.of(privateKeyPem, "private key"), requirePassphrase(passphrase));
        }

        /**
         * Trusts the certificates in this file (a CA bundle) to verify peers, instead of the JDK's
         * default trust store. Calls add up: every certificate given is trusted.
         */
        public Builder trust(Path caBundle) {
            trusted.add(PemSource.of(caBundle));
            return this;
        }

        /** As {@link #trust(Path)}, from PEM text rather than a file. */
        public Builder trust(String caBundlePem) {
            trusted.add(PemSource.of(caBundlePem, "trusted certificates"));
            return this;
        }

        /** The {@link SSLContext#getInstance(String)} protocol (default "TLS": every version the JDK enables). */
        public Builder protocol(String protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /**
         * Reads the files and makes the context: key managers for the key pair if one was given
         * (otherwise none), trust managers for the trusted certificates if any were given (otherwise
         * the JDK's default trust store).
         *
         * @throws IllegalArgumentException if the material is not what {@link PemSslContext} accepts,
         *     the key does not match the leaf certificate, the passphrase is wrong, or the protocol
         *     is unknown
         * @throws UncheckedIOException if a file cannot be read
         */
        public SSLContext build() {
            KeyManager[] keyManagers = chain == null ? null : keyManagers();
            TrustManager[] trustManagers = trusted.isEmpty() ? null : trustManagers();
            SSLContext context;
            try {
                context = SSLContext.getInstance(protocol);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("Unknown SSLContext protocol: " + protocol, e);
            }
            try {
                context.init(keyManagers, trustManagers, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JDK refused the key and trust managers it made", e);
            }
            ContextKeys.remember(context, keyManagers); // for a client that trusts everything, keys kept
            return context;
        }

        private Builder keyPair(PemSource chain, PemSource key, char[] passphrase) {
            this.chain = chain;
            this.key = key;
            this.passphrase = passphrase;
            return this;
        }

        private static char[] requirePassphrase(char[] passphrase) {
            return Objects.requireNonNull(passphrase, "passphrase").clone();
        }

        private KeyManager[] keyManagers() {
            List<X509Certificate> certificates = PemReader.certificates(chain);
            PrivateKey privateKey = PrivateKeyReader.read(key, passphrase);
            KeyCertificateMatch.require(privateKey, key.name(), certificates.get(0), chain.name());
            try {
                KeyStore store = emptyKeyStore();
                store.setKeyEntry(KEY_ALIAS, privateKey, KEY_STORE_PASSWORD,
                        certificates.toArray(new X509Certificate[0]));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, KEY_STORE_PASSWORD);
                return factory.getKeyManagers();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JDK refused to hold the key from " + key.name(), e);
            }
        }

        private TrustManager[] trustManagers() {
            try {
                KeyStore store = emptyKeyStore();
                for (PemSource source : trusted) {
                    for (X509Certificate certificate : PemReader.certificates(source)) {
                        store.setCertificateEntry("trusted-" + store.size(), certificate);
                    }
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return factory.getTrustManagers();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("The JDK refused to hold the trusted certificates", e);
            }
        }

        private static KeyStore emptyKeyStore() throws GeneralSecurityException {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // load(null, …) reads nothing
            }
            return store;
        }
    }
}
