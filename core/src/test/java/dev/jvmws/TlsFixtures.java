package dev.jvmws;

import java.net.URISyntaxException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;

/**
 * The test certificates in {@code src/test/resources/tls} (made by {@code make-fixtures.sh}: a test CA,
 * certificates it signed for localhost, another host, a client, an expired one, and one from a CA
 * nobody trusts), as files and as TLS contexts.
 */
public final class TlsFixtures {
    private TlsFixtures() {
    }

    public static Path file(String name) {
        try {
            return Path.of(TlsFixtures.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's context from {@code name}.pem and {@code name}-key.pem. */
    public static SSLContext serverContext(String name) {
        return PemSslContext.builder().keyPair(file(name + ".pem"), file(name + "-key.pem")).build();
    }

    /** A client's context trusting the test CA only. */
    public static SSLContext trustingTestCa() {
        return PemSslContext.builder().trust(file("ca.pem")).build();
    }
}
