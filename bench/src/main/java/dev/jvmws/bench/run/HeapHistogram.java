package dev.jvmws.bench.run;

import java.io.IOException;

/** Reads the output of {@code jcmd <pid> GC.class_histogram}. */
final class HeapHistogram {
    private HeapHistogram() {
    }

    /** The bytes on its {@code Total <instances> <bytes>} line. */
    static long totalBytes(String histogram) throws IOException {
        for (String line : histogram.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[0].equals("Total")) {
                try {
                    return Long.parseLong(parts[2]);
                } catch (NumberFormatException e) {
                    throw new IOException("unreadable histogram total: " + line.trim(), e);
                }
            }
        }
        throw new IOException("no Total line in the class histogram");
    }
}
