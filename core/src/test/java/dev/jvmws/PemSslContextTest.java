package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PemSslContext} against the openssl-made fixtures in {@code src/test/resources/tls} (see
 * {@code make-fixtures.sh} there). A context counts as working only when it completes a real TLS
 * handshake ({@link InMemoryHandshake}) and the peer saw the certificate it was given.
 */
class PemSslContextTest {
    private static final char[] PASSPHRASE = "jvmws-test".toCharArray();

    @TempDir
    Path temporary;

    @ParameterizedTest
    @CsvSource({
        "server.pem, server-key.pem",
        "server-ec.pem, server-ec-key.pem",
        "server-ed25519.pem, server-ed25519-key.pem",
        "server-rsa-pss.pem, server-rsa-pss-key.pem",
    })
    void aKeyPairServesItsCertificateToAClientTrustingTheCa(String chain, String key) throws Exception {
        SSLContext server = PemSslContext.builder().keyPair(fixture(chain), fixture(key)).build();

        SSLSession session = handshake(trustingCa(), server);

        assertThat(session.getPeerCertificates()).containsExactly(certificates(chain));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "server-key-encrypted.pem", // PBES2, HmacSHA256, AES-256-CBC: openssl 3's default
        "server-key-encrypted-aes192.pem", // PBES2 that JDK 17's own parser refuses
        "server-key-encrypted-des3.pem", // PBES2 with the PRF left out (HmacSHA1), DES-EDE3-CBC
        "server-key-encrypted-pbes1.pem", // openssl 1.0's default, through the JDK's names
    })
    void anEncryptedKeyDecryptsWithItsPassphrase(String key) throws Exception {
        SSLContext server = PemSslContext.builder().keyPair(fixture("server.pem"), fixture(key), PASSPHRASE).build();

        assertThat(handshake(trustingCa(), server).getPeerCertificates()).containsExactly(certificates("server.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "server-key-encrypted.pem",
        "server-key-encrypted-aes192.pem",
        "server-key-encrypted-des3.pem",
        "server-key-encrypted-pbes1.pem",
    })
    void aWrongPassphraseSaysSo(String key) {
        PemSslContext.Builder builder =
                PemSslContext.builder().keyPair(fixture("server.pem"), fixture(key), "not-it".toCharArray());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void anEncryptedKeyWithoutAPassphraseAsksForOne() {
        PemSslContext.Builder builder =
                PemSslContext.builder().keyPair(fixture("server.pem"), fixture("server-key-encrypted.pem"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server-key-encrypted.pem")
                .hasMessageContaining("keyPair(chain, key, passphrase)");
    }

    @Test
    void anScryptKeySaysTheJdkLacksItAndHowToReEncrypt() {
        Path key = fixture("server-key-encrypted-scrypt.pem");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture("server.pem"), key, PASSPHRASE);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(key + ": the key is encrypted with the key derivation scrypt")
                .hasMessageContaining("openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + key + " -out ");
    }

    @Test
    void aKeyEncryptedByTheJdkDecrypts() throws Exception {
        // A third PBES2 writer besides openssl's two: the JDK's encoding also names the key length.
        String key = jdkEncrypted(pkcs8("server-key.pem"), PASSPHRASE);
        SSLContext server = PemSslContext.builder().keyPair(text("server.pem"), key, PASSPHRASE).build();

        assertThat(handshake(trustingCa(), server).getPeerCertificates()).containsExactly(certificates("server.pem"));
    }

    @Test
    void decryptedBytesThatAreNotAKeyCountAsAWrongPassphrase() throws Exception {
        // What a wrong passphrase yields when the padding happens to come out valid, about once in 256.
        String key = jdkEncrypted("not a PKCS#8 key".getBytes(StandardCharsets.US_ASCII), PASSPHRASE);
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(text("server.pem"), key, PASSPHRASE);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("private key (PEM text given as a String")
                .hasMessageContaining("wrong passphrase");
    }

    @Test
    void aPassphraseForAPlainKeyIsIgnored() throws Exception {
        SSLContext server = PemSslContext.builder()
                .keyPair(fixture("server.pem"), fixture("server-key.pem"), PASSPHRASE)
                .build();

        assertThat(handshake(trustingCa(), server).getPeerCertificates()).containsExactly(certificates("server.pem"));
    }

    @Test
    void thePassphraseIsCopiedSoTheCallerMayClearIt() throws Exception {
        char[] passphrase = PASSPHRASE.clone();
        PemSslContext.Builder builder =
                PemSslContext.builder().keyPair(fixture("server.pem"), fixture("server-key-encrypted.pem"), passphrase);
        Arrays.fill(passphrase, '\0');

        assertThat(handshake(trustingCa(), builder.build()).getPeerCertificates())
                .containsExactly(certificates("server.pem"));
    }

    @Test
    void pemStringsWithOpensslsTextAroundTheBlocksWork() throws Exception {
        String chain = "Bag Attributes\n    friendlyName: server\nsubject=O = jvmws test, CN = localhost\n"
                + "issuer=O = jvmws test, CN = jvmws test CA\n" + text("server.pem") + "trailing words\n";
        String key = "Bag Attributes\n    localKeyID: 01 02 03\nKey Attributes: <No Attributes>\n"
                + text("server-key.pem");
        SSLContext server = PemSslContext.builder().keyPair(chain, key).build();
        SSLContext client = PemSslContext.builder().trust(text("ca.pem")).build();

        assertThat(handshake(client, server).getPeerCertificates()).containsExactly(certificates("server.pem"));
    }

    @Test
    void oneFileHoldingTheChainAndTheKeyCanBeGivenAsBoth() throws Exception {
        Path combined = Files.writeString(temporary.resolve("combined.pem"),
                text("server-key.pem") + text("server.pem"));

        SSLContext server = PemSslContext.builder().keyPair(combined, combined).build();

        assertThat(handshake(trustingCa(), server).getPeerCertificates()).containsExactly(certificates("server.pem"));
    }

    @Test
    void everyCertificateOfATrustBundleIsTrusted() throws Exception {
        // The CA that signed server.pem comes second, so reading only the first block would fail.
        SSLContext client = PemSslContext.builder().trust(text("untrusted-ca.pem") + text("ca.pem")).build();

        assertThat(handshake(client, serverOf("server.pem", "server-key.pem")).getPeerCertificates())
                .containsExactly(certificates("server.pem"));
        assertThat(handshake(client, serverOf("untrusted.pem", "untrusted-key.pem")).getPeerCertificates())
                .containsExactly(certificates("untrusted.pem"));
    }

    @Test
    void trustCallsAddUp() throws Exception {
        SSLContext client = PemSslContext.builder().trust(fixture("untrusted-ca.pem")).trust(fixture("ca.pem")).build();

        handshake(client, serverOf("server.pem", "server-key.pem"));
        handshake(client, serverOf("untrusted.pem", "untrusted-key.pem"));
    }

    @Test
    void mutualTlsSucceedsWhenTheClientPresentsACertificateTheServerTrusts() throws Exception {
        SSLContext server = PemSslContext.builder()
                .keyPair(fixture("server.pem"), fixture("server-key.pem"))
                .trust(fixture("ca.pem"))
                .build();
        SSLContext client = PemSslContext.builder()
                .keyPair(fixture("client.pem"), fixture("client-key.pem"))
                .trust(fixture("ca.pem"))
                .build();
        SSLEngine serverEngine = InMemoryHandshake.server(server);
        serverEngine.setNeedClientAuth(true);

        InMemoryHandshake.run(InMemoryHandshake.client(client), serverEngine);

        assertThat(serverEngine.getSession().getPeerCertificates()).containsExactly(certificates("client.pem"));
    }

    @Test
    void mutualTlsFailsWhenTheClientHasNoKeyPair() {
        SSLContext server = PemSslContext.builder()
                .keyPair(fixture("server.pem"), fixture("server-key.pem"))
                .trust(fixture("ca.pem"))
                .build();
        SSLEngine serverEngine = InMemoryHandshake.server(server);
        serverEngine.setNeedClientAuth(true);

        assertThatThrownBy(() -> InMemoryHandshake.run(InMemoryHandshake.client(trustingCa()), serverEngine))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aServerSignedByAnotherCaIsRejected() {
        SSLContext server = serverOf("untrusted.pem", "untrusted-key.pem");

        assertThatThrownBy(() -> handshake(trustingCa(), server))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void aServerCertificateForAnotherHostIsRejected() {
        SSLContext server = serverOf("wrong-host.pem", "wrong-host-key.pem");

        assertThatThrownBy(() -> handshake(trustingCa(), server))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("localhost");
    }

    @Test
    void anExpiredServerCertificateIsRejected() {
        SSLContext server = serverOf("expired.pem", "expired-key.pem");

        assertThatThrownBy(() -> handshake(trustingCa(), server))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("validity check failed");
    }

    @Test
    void withoutTrustTheJdksDefaultTrustStoreIsUsedWhichLacksTheTestCa() {
        SSLContext client = PemSslContext.builder().build();

        assertThatThrownBy(() -> handshake(client, serverOf("server.pem", "server-key.pem")))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path building failed");
    }

    @Test
    void theProtocolChoosesTheContextsVersions() throws Exception {
        SSLContext client = PemSslContext.builder().trust(fixture("ca.pem")).protocol("TLSv1.2").build();

        assertThat(handshake(client, serverOf("server.pem", "server-key.pem")).getProtocol()).isEqualTo("TLSv1.2");
        assertThat(handshake(trustingCa(), serverOf("server.pem", "server-key.pem")).getProtocol())
                .isEqualTo("TLSv1.3");
    }

    @Test
    void anUnknownProtocolIsRefused() {
        PemSslContext.Builder builder = PemSslContext.builder().protocol("TLSv0.9");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLSv0.9");
    }

    @Test
    void aPkcs1KeyGetsTheOpensslCommandThatConvertsIt() {
        Path key = fixture("server-key-pkcs1.pem");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture("server.pem"), key);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#1")
                .hasMessageEndingWith("openssl pkcs8 -topk8 -nocrypt -in " + key + " -out "
                        + key.resolveSibling("server-key-pkcs1-pkcs8.pem"));
    }

    @Test
    void anEncryptedPkcs1KeyGetsTheCommandThatReEncryptsItAsPkcs8() {
        Path key = fixture("server-key-pkcs1-encrypted.pem");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture("server.pem"), key, PASSPHRASE);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encrypted PKCS#1")
                .hasMessageContaining("openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + key + " -out ");
    }

    @Test
    void aSec1EcKeyGetsTheOpensslCommandThatConvertsIt() {
        Path key = fixture("server-ec-key-sec1.pem");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture("server-ec.pem"), key);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SEC1")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key + " -out ");
    }

    @Test
    void anEmptyChainFileIsNamedInTheError() throws Exception {
        Path empty = Files.writeString(temporary.resolve("empty.pem"), "");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(empty, fixture("server-key.pem"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(empty + ": expected one or more -----BEGIN CERTIFICATE----- blocks")
                .hasMessageContaining("it is empty");
    }

    @Test
    void aTrustFileWithoutPemBlocksIsNamedInTheError() throws Exception {
        Path notPem = Files.writeString(temporary.resolve("notes.txt"), "just some words\n");
        PemSslContext.Builder builder = PemSslContext.builder().trust(notPem);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(notPem + ": expected one or more -----BEGIN CERTIFICATE----- blocks")
                .hasMessageContaining("no PEM block");
    }

    @Test
    void aKeyFileWithoutAKeySaysWhatItHasInstead() {
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture("server.pem"), fixture("server.pem"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(fixture("server.pem") + ": expected a -----BEGIN PRIVATE KEY-----")
                .hasMessageContaining("it has only CERTIFICATE, CERTIFICATE");
    }

    @Test
    void aFileNameGivenAsPemTextGetsAHint() {
        PemSslContext.Builder builder = PemSslContext.builder().keyPair("server.pem", "server-key.pem");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("certificate chain (PEM text given as a String; pass a Path to read a file)");
    }

    @Test
    void aCertificateBlockThatIsNotACertificateIsReported() {
        String notACertificate = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        PemSslContext.Builder builder = PemSslContext.builder().trust(text("ca.pem") + notACertificate);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("certificate 2 is not a valid X.509 certificate");
    }

    @Test
    void aBlockCutShortIsReported() {
        String cut = text("server.pem").substring(0, 200);
        PemSslContext.Builder builder = PemSslContext.builder().trust(cut);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-----BEGIN CERTIFICATE----- has no matching -----END CERTIFICATE-----");
    }

    @ParameterizedTest
    @CsvSource({
        "server.pem, client-key.pem", // RSA against RSA
        "server.pem, server-ec-key.pem", // EC against RSA
        "server-ec.pem, untrusted-key.pem", // RSA against EC
        "server-ed25519.pem, server-ec-key.pem", // EC against Ed25519
    })
    void aKeyThatDoesNotMatchTheLeafCertificateIsRefusedAtBuildTime(String chain, String key) {
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(fixture(chain), fixture(key));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(fixture(key) + ": the ")
                .hasMessageContaining("does not match the first certificate in " + fixture(chain));
    }

    @Test
    void aChainWithTheCaFirstIsRefusedAsAMismatch() {
        String caFirst = text("ca.pem") + text("server.pem");
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(caFirst, text("server-key.pem"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match the first certificate")
                .hasMessageContaining("CN=jvmws test CA");
    }

    @Test
    void aMissingFileIsAnUncheckedIoExceptionNamingIt() {
        Path missing = temporary.resolve("missing.pem");
        PemSslContext.Builder builder = PemSslContext.builder().trust(missing);

        assertThatThrownBy(builder::build)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString())
                .hasCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void buildingAgainRereadsTheFiles() throws Exception {
        Path chain = temporary.resolve("chain.pem");
        Path key = temporary.resolve("key.pem");
        Files.writeString(chain, text("server.pem"));
        Files.writeString(key, text("server-key.pem"));
        PemSslContext.Builder builder = PemSslContext.builder().keyPair(chain, key);
        SSLContext before = builder.build();

        Files.writeString(chain, text("server-ec.pem"));
        Files.writeString(key, text("server-ec-key.pem"));
        SSLContext after = builder.build();

        assertThat(handshake(trustingCa(), before).getPeerCertificates()).containsExactly(certificates("server.pem"));
        assertThat(handshake(trustingCa(), after).getPeerCertificates()).containsExactly(certificates("server-ec.pem"));
    }

    private static SSLSession handshake(SSLContext clientContext, SSLContext serverContext) throws Exception {
        SSLEngine client = InMemoryHandshake.client(clientContext);
        InMemoryHandshake.run(client, InMemoryHandshake.server(serverContext));
        return client.getSession();
    }

    /** The DER of a fixture's PKCS#8 "PRIVATE KEY" block. */
    private static byte[] pkcs8(String name) {
        String base64 = text(name).replaceAll("-----[A-Z ]+-----", "");
        return Base64.getMimeDecoder().decode(base64);
    }

    /** {@code plain} as an ENCRYPTED PRIVATE KEY, encrypted by the JDK's PBES2 (HmacSHA256, AES-256-CBC). */
    private static String jdkEncrypted(byte[] plain, char[] passphrase) throws Exception {
        String scheme = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance(scheme);
        cipher.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(passphrase)),
                new PBEParameterSpec(salt, 2048, new IvParameterSpec(iv)));
        byte[] encrypted = cipher.doFinal(plain);
        // JDK 17 finds no OID for the scheme's own name, so the parameters are re-read as plain "PBES2".
        AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
        pbes2.init(cipher.getParameters().getEncoded());
        byte[] der = new EncryptedPrivateKeyInfo(pbes2, encrypted).getEncoded();
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    private static SSLContext trustingCa() {
        return PemSslContext.builder().trust(fixture("ca.pem")).build();
    }

    private static SSLContext serverOf(String chain, String key) {
        return PemSslContext.builder().keyPair(fixture(chain), fixture(key)).build();
    }

    /** The certificates of a fixture as the JDK's own PEM reading finds them: the expected answer. */
    private static Certificate[] certificates(String name) throws Exception {
        try (InputStream in = Files.newInputStream(fixture(name))) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        }
    }

    private static Path fixture(String name) {
        try {
            return Path.of(PemSslContextTest.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("No fixture tls/" + name, e);
        }
    }

    private static String text(String name) {
        try {
            return Files.readString(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
