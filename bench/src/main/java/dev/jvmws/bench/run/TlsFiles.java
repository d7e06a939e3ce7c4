package dev.jvmws.bench.run;

import java.nio.file.Path;

/**
 * The certificate every server of the TLS workloads serves, and the CA the load generator trusts: the
 * core's test fixtures ({@code core/src/test/resources/tls}, made by its {@code make-fixtures.sh}), an
 * EC P-256 leaf for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, issued by the RSA test CA.
 * EC, as deployments use it: the server's signature in each handshake is far cheaper than RSA's.
 * Immutable.
 *
 * @param certificate the server's chain, leaf first (PEM)
 * @param privateKey  its PKCS#8 key (PEM, unencrypted)
 * @param ca          the CA bundle the load generator trusts (PEM)
 */
public record TlsFiles(Path certificate, Path privateKey, Path ca) {

    /** The fixtures under the repository root {@code root}. */
    public static TlsFiles under(Path root) {
        Path directory = root.resolve("core/src/test/resources/tls");
        return new TlsFiles(directory.resolve("server-ec.pem"), directory.resolve("server-ec-key.pem"),
                directory.resolve("ca.pem"));
    }
}
