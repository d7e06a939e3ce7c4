package dev.jvmws.bench.abuse;

import java.time.Duration;

/**
 * Full size (the figures of issue 8) or {@code --quick} (about a tenth: a smoke run of ~10 s per
 * attack). Each attack states both sizes where it uses them, so the numbers stay next to their use.
 */
record Scale(boolean quick) {
    static final Scale FULL = new Scale(false);
    static final Scale QUICK = new Scale(true);

    int pick(int full, int quickValue) {
        return quick ? quickValue : full;
    }

    long pick(long full, long quickValue) {
        return quick ? quickValue : full;
    }

    Duration pick(Duration full, Duration quickValue) {
        return quick ? quickValue : full;
    }

    /** How long the honest client keeps probing after an attack: is the server serving again? */
    Duration afterPhase() {
        return pick(Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    String label() {
        return quick ? "quick" : "full";
    }
}
