package dev.jvmws.bench.abuse;

import java.util.Locale;

/** How figures are written in the abuse report: counts with thousands separators, short units, reasons. */
final class Figures {
    private Figures() {
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.1f" : "%.0f", ms);
    }

    /** KiB below 1 MiB, MiB below 1 GiB, GiB above. */
    static String bytes(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", bytes / 1024.0);
        }
        double mib = bytes / (1024.0 * 1024.0);
        return mib >= 1024 ? String.format(Locale.ROOT, "%.2f GiB", mib / 1024)
                : String.format(Locale.ROOT, mib < 10 ? "%.1f MiB" : "%.0f MiB", mib);
    }

    static String cores(double cores) {
        return Double.isNaN(cores) ? "–" : String.format(Locale.ROOT, "%.2f", cores);
    }

    /** A one-line failure reason: the exception's message, or its class for messageless ones. */
    static String reason(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message.replaceAll("\\s+", " ");
    }
}
