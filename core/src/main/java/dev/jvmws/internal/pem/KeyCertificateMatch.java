package dev.jvmws.internal.pem;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Checks that a private key belongs to a certificate, so a mismatched pair fails when the context
 * is built, naming both sources, rather than in some peer's handshake with a vaguer error.
 *
 * <p>The JDK cannot derive an EC or EdDSA public key from the private key to compare the two, so the
 * pair is checked the way the handshake uses it (TLS 1.3 CertificateVerify): what the key signs, the
 * certificate's public key must verify.
 */
public final class KeyCertificateMatch {
    /** Any message will do: only whether the signature verifies matters. */
    private static final byte[] MESSAGE = "jvmws key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyCertificateMatch() {
    }

    /** @throws IllegalArgumentException if {@code privateKey} is not the key of {@code leaf} */
    public static void require(PrivateKey privateKey, String keySource, X509Certificate leaf, String chainSource) {
        if (!matches(privateKey, leaf)) {
            throw new IllegalArgumentException(keySource + ": the " + privateKey.getAlgorithm()
                    + " private key does not match the first certificate in " + chainSource + " ("
                    + leaf.getSubjectX500Principal().getName() + ", " + leaf.getPublicKey().getAlgorithm()
                    + " key); the chain must start with this key's certificate");
        }
    }

    private static boolean matches(PrivateKey privateKey, X509Certificate leaf) {
        try {
            Signature signer = signature(privateKey);
            signer.initSign(privateKey);
            signer.update(MESSAGE);
            byte[] signed = signer.sign();
            Signature verifier = signature(privateKey);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(MESSAGE);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false; // an EC key against an RSA certificate, say: the verifier refuses the key
        }
    }

    private static Signature signature(PrivateKey privateKey) throws GeneralSecurityException {
        String algorithm = switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> privateKey.getAlgorithm(); // RSASSA-PSS and EdDSA name their own signatures
        };
        Signature signature = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            // RFC 4055 §3.1: a PSS key may be bound to parameters of its own; an unbound one takes any.
            AlgorithmParameterSpec bound = ((RSAKey) privateKey).getParams();
            signature.setParameter(bound != null ? bound
                    : new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        return signature;
    }
}
