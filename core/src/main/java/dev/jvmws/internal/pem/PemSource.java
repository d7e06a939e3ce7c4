package dev.jvmws.internal.pem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where PEM text comes from: a file, read each time the text is asked for, or text given directly.
 * {@code name} is how errors refer to it.
 */
public record PemSource(Path path, String text, String name) {

    public static PemSource of(Path path) {
        return new PemSource(Objects.requireNonNull(path, "path"), null, path.toString());
    }

    /** {@code role} names text given as a String in errors, with a hint for those who meant a path. */
    public static PemSource of(String text, String role) {
        return new PemSource(null, Objects.requireNonNull(text, role),
                role + " (PEM text given as a String; pass a Path to read a file)");
    }

    /** @throws UncheckedIOException if the file cannot be read */
    String read() {
        if (text != null) {
            return text;
        }
        try {
            // Latin-1 maps every byte to a char, so stray non-ASCII bytes around the blocks (a
            // subject line in another charset) never fail the read; the blocks are ASCII.
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read: " + e, e);
        }
    }
}
