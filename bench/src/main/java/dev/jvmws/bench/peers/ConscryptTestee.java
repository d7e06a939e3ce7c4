package dev.jvmws.bench.peers;

import dev.jvmws.cli.Testee;
import java.security.Provider;
import java.security.Security;
import javax.net.ssl.SSLContext;
import org.conscrypt.Conscrypt;

/**
 * Our testee ({@code bin/testee}'s own {@link Testee}, from {@code cli/target/jvmws-cli.jar}, which
 * the runner puts ahead of the bench jar on the class path) with Conscrypt as its TLS provider, the
 * way Conscrypt's documentation tells users to drop it in: {@link Conscrypt#newProvider()} inserted as
 * the JVM's first security provider, so the testee's unchanged {@code PemSslContext} (key managers
 * from the same PEM files) gets Conscrypt's {@code SSLContext}, BoringSSL underneath. Nothing in the
 * library knows about it: the provider is the user's choice.
 *
 * <p>Usage: the testee's, e.g. {@code server --port P --tls-cert CERT.pem --tls-key KEY.pem}. Exits
 * non-zero if Conscrypt's native library does not load or {@code SSLContext.getInstance("TLS")} does
 * not come from it; announces the provider before the testee's ready line.
 */
public final class ConscryptTestee {
    private ConscryptTestee() {
    }

    public static void main(String[] args) throws Exception {
        Conscrypt.checkAvailability();
        Provider conscrypt = Conscrypt.newProvider();
        Security.insertProviderAt(conscrypt, 1);
        Provider chosen = SSLContext.getInstance("TLS").getProvider();
        if (chosen != conscrypt) {
            throw new IllegalStateException("SSLContext TLS comes from " + chosen.getName() + ", not Conscrypt");
        }
        Conscrypt.Version version = Conscrypt.version();
        PeerArgs.announceTls("Conscrypt " + version.major() + "." + version.minor() + "." + version.patch()
                + " (" + conscrypt.getName() + " first among the JVM's security providers)");
        Testee.main(args);
    }
}
