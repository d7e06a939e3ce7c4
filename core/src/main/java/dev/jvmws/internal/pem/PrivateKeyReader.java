package dev.jvmws.internal.pem;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the one private key in PEM text: PKCS#8 ({@code BEGIN PRIVATE KEY}) or encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, see {@link EncryptedPrivateKeyDecryptor}). Legacy openssl
 * forms get an error with the command that converts them, as the JDK reads only PKCS#8. Errors are
 * {@link IllegalArgumentException}s that start with the name of the source.
 */
public final class PrivateKeyReader {
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";

    /**
     * PKCS#8 names its algorithm by OID, but the JDK has no public way to read it, so each family a
     * TLS certificate can carry is tried in turn; each factory rejects keys of other algorithms.
     * "EdDSA" reads both Ed25519 and Ed448.
     */
    private static final List<String> KEY_FACTORY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PrivateKeyReader() {
    }

    /**
     * The private key in {@code pem}; {@code passphrase} decrypts an encrypted one and is ignored for
     * a plain one (as openssl and Node ignore it). Blocks of other kinds, such as certificates, are
     * skipped, so a file holding both a chain and its key can be given for each.
     */
    public static PrivateKey read(PemSource pem, char[] passphrase) {
        String text = pem.read();
        String source = pem.name();
        List<PemReader.Block> keys = new ArrayList<>();
        for (PemReader.Block block : PemReader.blocks(text, source)) {
            if (block.label().endsWith(PRIVATE_KEY)) {
                keys.add(block);
            }
        }
        if (keys.isEmpty()) {
            throw PemReader.missing(text, source, "a -----BEGIN " + PRIVATE_KEY + "----- or -----BEGIN "
                    + ENCRYPTED_PRIVATE_KEY + "----- block");
        }
        if (keys.size() > 1) {
            throw new IllegalArgumentException(source + ": expected one private key, found " + keys.size());
        }
        PemReader.Block key = keys.get(0);
        return switch (key.label()) {
            case PRIVATE_KEY -> decode(key.bytes(), source);
            case ENCRYPTED_PRIVATE_KEY -> decode(decrypt(key, pem, passphrase), source);
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw legacy(key, pem);
            default -> throw new IllegalArgumentException(source + ": a " + key.label() + " is not supported; "
                    + "expected " + PRIVATE_KEY + " or " + ENCRYPTED_PRIVATE_KEY + " (PKCS#8) with an RSA, EC, "
                    + "EdDSA or RSASSA-PSS key");
        };
    }

    private static byte[] decrypt(PemReader.Block key, PemSource pem, char[] passphrase) {
        if (passphrase == null) {
            throw new IllegalArgumentException(pem.name() + ": the key is encrypted (" + ENCRYPTED_PRIVATE_KEY
                    + "); give its passphrase to keyPair(chain, key, passphrase)");
        }
        return EncryptedPrivateKeyDecryptor.decrypt(key.bytes(), passphrase, pem);
    }

    private static PrivateKey decode(byte[] pkcs8, String source) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        List<GeneralSecurityException> rejections = new ArrayList<>();
        for (String algorithm : KEY_FACTORY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (NoSuchAlgorithmException e) {
                // A JDK without this family (EdDSA came in 15): the others may still fit.
            } catch (GeneralSecurityException e) {
                rejections.add(e);
            }
        }
        IllegalArgumentException error = new IllegalArgumentException(source + ": the private key is not a PKCS#8 "
                + "RSA, EC, EdDSA or RSASSA-PSS key that this JDK can read (each key factory's refusal is attached)");
        rejections.forEach(error::addSuppressed);
        throw error;
    }

    /** PKCS#1 {@code RSA PRIVATE KEY} and SEC1 {@code EC PRIVATE KEY}, plain or with Proc-Type encryption. */
    private static IllegalArgumentException legacy(PemReader.Block key, PemSource pem) {
        boolean encrypted = key.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED");
        String form = key.label().startsWith("RSA") ? "PKCS#1" : "SEC1";
        return new IllegalArgumentException(pem.name() + ": the key is in the legacy " + (encrypted ? "encrypted " : "")
                + form + " form (BEGIN " + key.label() + "), which Java does not read; convert it to PKCS#8 with: "
                + pkcs8Command(pem, encrypted));
    }

    /**
     * The openssl command that rewrites the key in {@code pem} as PKCS#8 next to it, encrypted or not.
     * openssl reads any key form as input, asking for the old passphrase and then a new one;
     * aes-256-cbc is openssl 3's default and what {@link EncryptedPrivateKeyDecryptor} reads.
     */
    static String pkcs8Command(PemSource pem, boolean encrypted) {
        Path in = pem.path() != null ? pem.path() : Path.of("key.pem");
        String name = in.getFileName().toString();
        int extension = name.lastIndexOf('.');
        Path out = in.resolveSibling((extension > 0 ? name.substring(0, extension) : name) + "-pkcs8.pem");
        return "openssl pkcs8 -topk8 " + (encrypted ? "-v2 aes-256-cbc" : "-nocrypt") + " -in " + in + " -out " + out;
    }
}
