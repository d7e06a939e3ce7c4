package dev.jvmws.internal.pem;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts a PKCS#8 {@code EncryptedPrivateKeyInfo} into the plain PKCS#8 bytes.
 *
 * <p>PBES2 (RFC 8018 §6.2), what openssl 1.1 and 3 write, is read here and decrypted with the JDK's
 * PBKDF2 and CBC ciphers, because JDK 17's own PBES2 parser refuses AES-192 and DES-EDE3
 * ({@code openssl pkcs8 -v2 aes-192-cbc} or {@code -v2 des3}: "PBE parameter parsing error:
 * expecting the object identifier for AES cipher") and names its cipher only through
 * {@code AlgorithmParameters.toString()}. Other schemes (PBES1 and PKCS#12's, like openssl 1.0's
 * default PBE-SHA1-3DES) go through {@link EncryptedPrivateKeyInfo} by the name the JDK gives them.
 * scrypt is not in the JDK. Errors are {@link IllegalArgumentException}s that start with the name of
 * the source.
 */
final class EncryptedPrivateKeyDecryptor {
    private static final String PBES2 = "1.2.840.113549.1.5.13";
    private static final String PBKDF2 = "1.2.840.113549.1.5.12";
    private static final String SCRYPT = "1.3.6.1.4.1.11591.4.11";
    /** RFC 8018 Appendix A.2: the PRF when the parameters name none. */
    private static final String HMAC_SHA1 = "1.2.840.113549.2.7";
    private static final Map<String, String> PBKDF2_BY_PRF = Map.of(
            HMAC_SHA1, "PBKDF2WithHmacSHA1",
            "1.2.840.113549.2.8", "PBKDF2WithHmacSHA224",
            "1.2.840.113549.2.9", "PBKDF2WithHmacSHA256",
            "1.2.840.113549.2.10", "PBKDF2WithHmacSHA384",
            "1.2.840.113549.2.11", "PBKDF2WithHmacSHA512");
    private static final Map<String, CbcCipher> CIPHERS = Map.of(
            "2.16.840.1.101.3.4.1.2", new CbcCipher("AES", 16),
            "2.16.840.1.101.3.4.1.22", new CbcCipher("AES", 24),
            "2.16.840.1.101.3.4.1.42", new CbcCipher("AES", 32),
            "1.2.840.113549.3.7", new CbcCipher("DESede", 24));

    private record CbcCipher(String algorithm, int keyBytes) {
    }

    private EncryptedPrivateKeyDecryptor() {
    }

    static byte[] decrypt(byte[] encryptedPrivateKeyInfo, char[] passphrase, PemSource pem) {
        DerReader info = new DerReader(encryptedPrivateKeyInfo,
                pem.name() + ": the " + PrivateKeyReader.ENCRYPTED_PRIVATE_KEY).sequence();
        DerReader algorithm = info.sequence();
        byte[] plain;
        try {
            plain = PBES2.equals(algorithm.objectIdentifier())
                    ? decryptPbes2(algorithm.sequence(), info.octetString(), passphrase, pem)
                    : decryptByJdkName(encryptedPrivateKeyInfo, passphrase, pem);
        } catch (BadPaddingException e) {
            throw wrongPassphrase(pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(pem.name() + ": could not decrypt the key: " + e.getMessage(), e);
        }
        // A wrong passphrase still yields valid padding about once in 256 tries; then the bytes are
        // noise rather than the DER SEQUENCE PKCS#8 starts with.
        if (!DerReader.isOneSequence(plain)) {
            throw wrongPassphrase(pem, null);
        }
        return plain;
    }

    /** RFC 8018 §6.2.2 and Appendix A.2, A.4: PBES2-params, PBKDF2-params. */
    private static byte[] decryptPbes2(DerReader parameters, byte[] encrypted, char[] passphrase, PemSource pem)
            throws GeneralSecurityException {
        DerReader kdf = parameters.sequence();
        String kdfOid = kdf.objectIdentifier();
        if (!PBKDF2.equals(kdfOid)) {
            throw unsupported(pem, "the key derivation " + (SCRYPT.equals(kdfOid) ? "scrypt" : kdfOid), null);
        }
        DerReader kdfParameters = kdf.sequence();
        byte[] salt = kdfParameters.octetString();
        BigInteger iterations = kdfParameters.integer();
        if (iterations.signum() <= 0 || iterations.bitLength() >= Integer.SIZE) {
            throw new IllegalArgumentException(pem.name() + ": the key's PBKDF2 iteration count " + iterations
                    + " is out of range");
        }
        if (kdfParameters.hasMore() && kdfParameters.peekTag() == DerReader.INTEGER) {
            kdfParameters.integer(); // keyLength: the cipher implies it
        }
        String prf = kdfParameters.hasMore() ? kdfParameters.sequence().objectIdentifier() : HMAC_SHA1;
        String pbkdf2 = PBKDF2_BY_PRF.get(prf);
        if (pbkdf2 == null) {
            throw unsupported(pem, "PBKDF2 with the PRF " + prf, null);
        }
        DerReader encryption = parameters.sequence();
        String cipherOid = encryption.objectIdentifier();
        CbcCipher cipher = CIPHERS.get(cipherOid);
        if (cipher == null) {
            throw unsupported(pem, "PBES2 with the cipher " + cipherOid, null);
        }
        byte[] iv = encryption.octetString();

        PBEKeySpec password = new PBEKeySpec(passphrase, salt, iterations.intValue(), cipher.keyBytes() * 8);
        byte[] key = SecretKeyFactory.getInstance(pbkdf2).generateSecret(password).getEncoded();
        password.clearPassword();
        try {
            Cipher decryptor = Cipher.getInstance(cipher.algorithm() + "/CBC/PKCS5Padding");
            decryptor.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, cipher.algorithm()), new IvParameterSpec(iv));
            return decryptor.doFinal(encrypted);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The JDK's documented recipe for {@link EncryptedPrivateKeyInfo}, for schemes other than PBES2. */
    private static byte[] decryptByJdkName(byte[] encryptedPrivateKeyInfo, char[] passphrase, PemSource pem)
            throws GeneralSecurityException {
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(encryptedPrivateKeyInfo);
        } catch (IOException e) {
            throw new IllegalArgumentException(pem.name() + ": the " + PrivateKeyReader.ENCRYPTED_PRIVATE_KEY
                    + " is malformed: " + e.getMessage(), e);
        }
        String name = info.getAlgName();
        PBEKeySpec password = new PBEKeySpec(passphrase);
        try {
            Cipher cipher = Cipher.getInstance(name);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(name).generateSecret(password),
                    info.getAlgParameters());
            return cipher.doFinal(info.getEncryptedData());
        } catch (NoSuchAlgorithmException e) {
            throw unsupported(pem, name, e);
        } finally {
            password.clearPassword();
        }
    }

    private static IllegalArgumentException unsupported(PemSource pem, String scheme, Exception cause) {
        return new IllegalArgumentException(pem.name() + ": the key is encrypted with " + scheme
                + ", which the JDK lacks; re-encrypt it with: " + PrivateKeyReader.pkcs8Command(pem, true), cause);
    }

    private static IllegalArgumentException wrongPassphrase(PemSource pem, Exception cause) {
        return new IllegalArgumentException(pem.name() + ": could not decrypt the "
                + PrivateKeyReader.ENCRYPTED_PRIVATE_KEY + ": wrong passphrase", cause);
    }
}
