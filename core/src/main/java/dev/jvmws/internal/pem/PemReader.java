package dev.jvmws.internal.pem;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the blocks of PEM text (RFC 7468's textual encoding, plus RFC 1421's headers that legacy
 * encrypted keys carry) and the X.509 certificates among them. Text outside the blocks, such as the
 * "Bag Attributes" and "subject=" lines openssl writes, is ignored. Errors are
 * {@link IllegalArgumentException}s that start with the name of the source.
 */
public final class PemReader {
    static final String CERTIFICATE = "CERTIFICATE";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemReader() {
    }

    /**
     * One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}…), its RFC 1421 headers (empty
     * except in legacy encrypted keys) and its base64 body, decoded only when asked for, because a
     * block we reject by its label need not be valid base64.
     */
    record Block(String label, Map<String, String> headers, String base64, String source) {
        byte[] bytes() {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": the " + label + " block is not valid base64", e);
            }
        }
    }

    /** Every block in {@code text}, in order; none if there are none. */
    static List<Block> blocks(String text, String source) {
        List<Block> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int begin = text.indexOf(BEGIN, from);
            if (begin < 0) {
                return blocks;
            }
            int labelStart = begin + BEGIN.length();
            int labelEnd = text.indexOf(DASHES, labelStart);
            int lineEnd = lineEnd(text, labelStart);
            if (labelEnd < 0 || labelEnd > lineEnd) {
                throw new IllegalArgumentException(source + ": malformed line " + text.substring(begin, lineEnd));
            }
            String label = text.substring(labelStart, labelEnd);
            String endLine = END + label + DASHES;
            int end = text.indexOf(endLine, labelEnd);
            if (end < 0) {
                throw new IllegalArgumentException(source + ": " + BEGIN + label + DASHES + " has no matching "
                        + endLine + " (is the text cut short?)");
            }
            blocks.add(block(label, text.substring(labelEnd + DASHES.length(), end), source));
            from = end + endLine.length();
        }
    }

    /** The certificates in {@code pem}, in order (a chain is leaf first); at least one. */
    public static List<X509Certificate> certificates(PemSource pem) {
        String text = pem.read();
        String source = pem.name();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("This JDK has no X.509 CertificateFactory", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(text, source)) {
            if (!block.label().equals(CERTIFICATE)) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.bytes())));
            } catch (CertificateException e) {
                throw new IllegalArgumentException(source + ": certificate " + (certificates.size() + 1)
                        + " is not a valid X.509 certificate: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw missing(text, source, "one or more " + BEGIN + CERTIFICATE + DASHES + " blocks");
        }
        return certificates;
    }

    /** The error for a source without the block we need, saying what it has instead. */
    static IllegalArgumentException missing(String text, String source, String expected) {
        List<String> labels = new ArrayList<>();
        for (Block block : blocks(text, source)) {
            labels.add(block.label());
        }
        String found;
        if (text.isBlank()) {
            found = "it is empty";
        } else if (labels.isEmpty()) {
            found = "it has no PEM block";
        } else {
            found = "it has only " + String.join(", ", labels);
        }
        return new IllegalArgumentException(source + ": expected " + expected + ", but " + found);
    }

    private static Block block(String label, String body, String source) {
        // RFC 1421 §4.4: "Name: value" header lines, then a blank line, then the base64 text.
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder base64 = new StringBuilder(body.length());
        boolean inHeaders = true;
        for (String line : body.split("\r\n|\r|\n")) {
            int colon = line.indexOf(':');
            if (inHeaders && colon > 0) {
                headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                continue;
            }
            if (!line.isBlank()) {
                inHeaders = false;
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (!Character.isWhitespace(c)) {
                    base64.append(c);
                }
            }
        }
        return new Block(label, Map.copyOf(headers), base64.toString(), source);
    }

    private static int lineEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }
}
