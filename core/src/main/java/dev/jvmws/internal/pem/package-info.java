/**
 * Internal (not exported; not API even on the class path): reading PEM for {@code PemSslContext} —
 * certificate blocks, PKCS#8 private keys (plain and PBES2-encrypted, with the small DER reading
 * that needs), and the check that a key belongs to its certificate. JDK cryptography only.
 */
package dev.jvmws.internal.pem;
