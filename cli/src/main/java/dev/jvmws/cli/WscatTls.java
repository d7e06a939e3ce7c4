package dev.jvmws.cli;

import dev.jvmws.ClientOptions;
import dev.jvmws.PemSslContext;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * wscat's TLS flags as client options: {@code --ca} (the CA bundle to trust instead of the JDK's, as
 * Node's {@code ca} replaces its defaults), {@code --cert} and {@code --key} (a client certificate),
 * {@code --passphrase} (the key's; asked for when given without a value) and {@code -n}/{@code --no-check}
 * (no certificate or host name check). The PEM files are read by {@link PemSslContext}, so its
 * one-line errors (a wrong passphrase, a key that does not match, a file that cannot be read) are what
 * wscat prints.
 */
final class WscatTls {
    /** picocli's value for {@code --passphrase} given without one: no passphrase anyone would type. */
    static final String PROMPT = "\u0000prompt";

    private WscatTls() {}

    /**
     * Sets what the flags ask for on {@code options}.
     *
     * @param passphrase the key's passphrase, or null
     * @throws IllegalArgumentException for flags that do not go together, or PEM material that cannot
     *     be used
     * @throws java.io.UncheckedIOException if a file cannot be read
     */
    static void configure(ClientOptions.Builder options, Path ca, Path cert, Path key, char[] passphrase,
            boolean noCheck) {
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key go together: give both");
        }
        if (noCheck) {
            options.insecureTrustAllCertificates(); // --ca is moot: nothing is checked
            if (cert == null) {
                return;
            }
            ca = null; // the client certificate is still presented (npm wscat: rejectUnauthorized false + cert/key)
        } else if (ca == null && cert == null) {
            return;
        }
        PemSslContext.Builder context = PemSslContext.builder();
        if (ca != null) {
            context.trust(ca);
        }
        if (cert != null) {
            if (passphrase != null) {
                context.keyPair(cert, key, passphrase);
            } else {
                context.keyPair(cert, key);
            }
        }
        options.sslContext(context.build());
    }

    /**
     * Asks for the key's passphrase: without echo on the console when wscat runs on one (npm wscat's
     * {@code read({silent: true})}); otherwise the first line of {@code in}, without a prompt (no
     * console means a script is typing, and a prompt would end up in front of its output or error
     * line). Only that line is consumed: the rest of the input is still there for interactive mode.
     */
    static char[] readPassphrase(InputStream in) {
        Console console = System.console();
        if (console != null && in == System.in) {
            char[] typed = console.readPassword("Passphrase: ");
            return typed == null ? new char[0] : typed;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            // Byte by byte: a buffered reader would take input meant for the connection.
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (IOException e) {
            // end of input: the passphrase is what was read so far
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return (text.endsWith("\r") ? text.substring(0, text.length() - 1) : text).toCharArray();
    }
}
