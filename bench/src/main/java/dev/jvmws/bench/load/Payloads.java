package dev.jvmws.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The message payloads the workloads send: printable ASCII (valid UTF-8 for text frames), either a
 * cycle of digits and letters or JSON-like text that compresses as application messages do.
 */
public final class Payloads {
    /** The shortest {@link #json} payload: an empty array. */
    public static final int MIN_JSON_BYTES = 2;
    private static final byte[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(
            StandardCharsets.US_ASCII);
    private static final String[] EVENTS = {"order.created", "order.updated", "order.filled", "order.cancelled",
        "quote.updated", "trade.executed"};
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "TSLA", "META", "ORCL"};
    private static final String[] VENUES = {"XNAS", "XNYS", "BATS", "ARCX"};
    /** Fixed, so every run sends the same bytes and compresses them to the same size. */
    private static final long JSON_SEED = 0x5EEDL;

    private Payloads() {
    }

    /** {@code size} bytes cycling through digits and letters. */
    public static byte[] ascii(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = ALPHABET[i % ALPHABET.length];
        }
        return payload;
    }

    /** {@link #json(int, int)}'s variant 0. */
    public static byte[] json(int size) {
        return json(size, 0);
    }

    /**
     * Exactly {@code size} bytes of JSON (at least {@value #MIN_JSON_BYTES}): an array of trading
     * events with repeated keys and pseudo-random values, padded with spaces before the closing
     * bracket. Each {@code variant} has its own fixed seed, so variants share their structure but not
     * their values, as an application's messages do. Realistic for permessage-deflate: 2 KiB
     * compresses to about a quarter on its own.
     */
    public static byte[] json(int size, int variant) {
        if (size < MIN_JSON_BYTES) {
            throw new IllegalArgumentException("JSON payload needs at least " + MIN_JSON_BYTES + " bytes: " + size);
        }
        SplittableRandom random = new SplittableRandom(JSON_SEED + variant);
        StringBuilder json = new StringBuilder(size).append('[');
        for (int id = 1; ; id++) {
            String event = event(random, id);
            int separator = id == 1 ? 0 : 1;
            if (json.length() + separator + event.length() + 1 > size) {
                break;
            }
            json.append(separator == 0 ? "" : ",").append(event);
        }
        json.append(" ".repeat(size - json.length() - 1)).append(']');
        return json.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String event(SplittableRandom random, int id) {
        return String.format(Locale.ROOT, "{\"id\":%d,\"type\":\"%s\",\"symbol\":\"%s\",\"venue\":\"%s\","
                        + "\"price\":%.2f,\"quantity\":%d,\"side\":\"%s\",\"ts\":\"2026-11-25T%02d:%02d:%02d.%03dZ\","
                        + "\"account\":\"acct-%05d\"}",
                100_000 + id * 7 + random.nextInt(7), EVENTS[random.nextInt(EVENTS.length)],
                SYMBOLS[random.nextInt(SYMBOLS.length)], VENUES[random.nextInt(VENUES.length)],
                10 + random.nextDouble() * 990, 1 + random.nextInt(5_000), random.nextBoolean() ? "buy" : "sell",
                9 + random.nextInt(8), random.nextInt(60), random.nextInt(60), random.nextInt(1000),
                random.nextInt(100_000));
    }
}
