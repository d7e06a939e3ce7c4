package dev.jvmws.extension;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.zip.Deflater;

/**
 * What an endpoint asks for and accepts when negotiating permessage-deflate (RFC 7692), and how it
 * compresses. Names and defaults are ws's ({@code perMessageDeflate} options). The same object serves
 * both roles: a client turns it into its offer ({@link PerMessageDeflate#offer}) and checks the
 * server's response against it ({@link PerMessageDeflate#acceptResponse}); a server merges it with a
 * client's offer ({@link PerMessageDeflate#accept}).
 *
 * <p>zlib's {@code memLevel} (ws's {@code zlibDeflateOptions.memLevel}) has no counterpart:
 * {@code java.util.zip} does not expose it, and always uses zlib's default of 8.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class PerMessageDeflateOptions {

    /** ws's defaults: every accessor's documented default. */
    public static final PerMessageDeflateOptions DEFAULTS = builder().build();

    private static final int MIN_WINDOW_BITS = 8;
    private static final int MAX_WINDOW_BITS = 15;
    private static final int UNSET = 0;

    private final int threshold;
    private final int concurrencyLimit;
    private final boolean serverNoContextTakeover;
    private final boolean clientNoContextTakeover;
    private final int serverMaxWindowBits;
    private final int clientMaxWindowBits;
    private final boolean offerClientMaxWindowBits;
    private final int level;
    private final int strategy;

    private PerMessageDeflateOptions(Builder builder) {
        this.threshold = builder.threshold;
        this.concurrencyLimit = builder.concurrencyLimit;
        this.serverNoContextTakeover = builder.serverNoContextTakeover;
        this.clientNoContextTakeover = builder.clientNoContextTakeover;
        this.serverMaxWindowBits = builder.serverMaxWindowBits;
        this.clientMaxWindowBits = builder.clientMaxWindowBits;
        this.offerClientMaxWindowBits = builder.offerClientMaxWindowBits;
        this.level = builder.level;
        this.strategy = builder.strategy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Messages whose first fragment is smaller than this many bytes are sent uncompressed (default
     * 1024), in both roles. As in ws this applies only while context takeover is off for the direction
     * we send in: with context takeover every message is compressed, since even a small message then
     * compresses well against the history of the earlier ones. 0 compresses everything.
     */
    public int threshold() {
        return threshold;
    }

    /**
     * How many messages may be compressed or decompressed at the same time (default 10), in both
     * roles, as ws's limit on concurrent zlib work; it bounds the native memory of zlib streams.
     */
    public int concurrencyLimit() {
        return concurrencyLimit;
    }

    /**
     * Client: asks the server to compress every message on its own ({@code server_no_context_takeover}
     * in the offer), which lets us keep no decompression context between messages. Server: compress
     * every message on our own even if the client did not ask, and say so in the response. Default
     * false.
     */
    public boolean serverNoContextTakeover() {
        return serverNoContextTakeover;
    }

    /**
     * Client: compress every message on our own, and announce it ({@code client_no_context_takeover}
     * in the offer). Server: require the client to compress every message on its own (the response
     * then carries {@code client_no_context_takeover}), so we keep no decompression context for it.
     * Default false.
     */
    public boolean clientNoContextTakeover() {
        return clientNoContextTakeover;
    }

    /**
     * Client: asks the server to compress with at most this LZ77 window ({@code server_max_window_bits}
     * in the offer), and refuses a response granting more. Server: compress with at most this window,
     * or with the client's smaller limit. Unset by default (a 15-bit, 32 KiB window); 8–15.
     */
    public OptionalInt serverMaxWindowBits() {
        return serverMaxWindowBits == UNSET ? OptionalInt.empty() : OptionalInt.of(serverMaxWindowBits);
    }

    /**
     * Client: compress with at most this window, and announce it ({@code client_max_window_bits=N} in
     * the offer); a server may lower it further. Server: require the client to compress with at most
     * this window; offers that do not announce {@code client_max_window_bits} are then declined, since
     * such a client may not support the limit (RFC 7692 §7.1.2.2). Unset by default; 8–15.
     */
    public OptionalInt clientMaxWindowBits() {
        return clientMaxWindowBits == UNSET ? OptionalInt.empty() : OptionalInt.of(clientMaxWindowBits);
    }

    /**
     * Client only, and only while {@link #clientMaxWindowBits()} is unset: whether the offer carries
     * {@code client_max_window_bits} without a value, telling the server it may limit our window
     * (default true, as ws). False is ws's {@code clientMaxWindowBits: false}: the offer leaves the
     * parameter out and a response that sets it is refused. Ignored by servers.
     */
    public boolean offerClientMaxWindowBits() {
        return offerClientMaxWindowBits;
    }

    /**
     * The zlib compression level for the messages we send, in both roles: -1 (zlib's default,
     * {@link Deflater#DEFAULT_COMPRESSION}) or 0–9. Not negotiated.
     */
    public int level() {
        return level;
    }

    /**
     * The zlib strategy for the messages we send, in both roles: {@link Deflater#DEFAULT_STRATEGY}
     * (the default), {@link Deflater#FILTERED} or {@link Deflater#HUFFMAN_ONLY}. Not negotiated.
     */
    public int strategy() {
        return strategy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PerMessageDeflateOptions other
                && threshold == other.threshold
                && concurrencyLimit == other.concurrencyLimit
                && serverNoContextTakeover == other.serverNoContextTakeover
                && clientNoContextTakeover == other.clientNoContextTakeover
                && serverMaxWindowBits == other.serverMaxWindowBits
                && clientMaxWindowBits == other.clientMaxWindowBits
                && offerClientMaxWindowBits == other.offerClientMaxWindowBits
                && level == other.level
                && strategy == other.strategy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(threshold, concurrencyLimit, serverNoContextTakeover, clientNoContextTakeover,
                serverMaxWindowBits, clientMaxWindowBits, offerClientMaxWindowBits, level, strategy);
    }

    @Override
    public String toString() {
        return "PerMessageDeflateOptions[threshold=" + threshold
                + ", concurrencyLimit=" + concurrencyLimit
                + ", serverNoContextTakeover=" + serverNoContextTakeover
                + ", clientNoContextTakeover=" + clientNoContextTakeover
                + ", serverMaxWindowBits=" + serverMaxWindowBits()
                + ", clientMaxWindowBits=" + clientMaxWindowBits()
                + ", offerClientMaxWindowBits=" + offerClientMaxWindowBits
                + ", level=" + level
                + ", strategy=" + strategy + "]";
    }

    /**
     * Mutable builder; every setter validates its argument at once. See the accessors of
     * {@link PerMessageDeflateOptions} for each option's meaning and default. Not thread-safe.
     */
    public static final class Builder {
        private int threshold = 1024;
        private int concurrencyLimit = 10;
        private boolean serverNoContextTakeover;
        private boolean clientNoContextTakeover;
        private int serverMaxWindowBits = UNSET;
        private int clientMaxWindowBits = UNSET;
        private boolean offerClientMaxWindowBits = true;
        private int level = Deflater.DEFAULT_COMPRESSION;
        private int strategy = Deflater.DEFAULT_STRATEGY;

        private Builder() {
        }

        /** @throws IllegalArgumentException if {@code bytes} is negative */
        public Builder threshold(int bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("threshold must be >= 0: " + bytes);
            }
            this.threshold = bytes;
            return this;
        }

        /** @throws IllegalArgumentException if {@code limit} is less than 1 */
        public Builder concurrencyLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("concurrencyLimit must be >= 1: " + limit);
            }
            this.concurrencyLimit = limit;
            return this;
        }

        public Builder serverNoContextTakeover(boolean noContextTakeover) {
            this.serverNoContextTakeover = noContextTakeover;
            return this;
        }

        public Builder clientNoContextTakeover(boolean noContextTakeover) {
            this.clientNoContextTakeover = noContextTakeover;
            return this;
        }

        /** @throws IllegalArgumentException if {@code bits} is not 8–15 */
        public Builder serverMaxWindowBits(int bits) {
            this.serverMaxWindowBits = checkWindowBits("serverMaxWindowBits", bits);
            return this;
        }

        /** @throws IllegalArgumentException if {@code bits} is not 8–15 */
        public Builder clientMaxWindowBits(int bits) {
            this.clientMaxWindowBits = checkWindowBits("clientMaxWindowBits", bits);
            return this;
        }

        public Builder offerClientMaxWindowBits(boolean offer) {
            this.offerClientMaxWindowBits = offer;
            return this;
        }

        /** @throws IllegalArgumentException if {@code level} is not -1 to 9 */
        public Builder level(int level) {
            if (level < -1 || level > 9) {
                throw new IllegalArgumentException("level must be -1 to 9: " + level);
            }
            this.level = level;
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code strategy} is not {@link Deflater#DEFAULT_STRATEGY},
         *     {@link Deflater#FILTERED} or {@link Deflater#HUFFMAN_ONLY}
         */
        public Builder strategy(int strategy) {
            if (strategy != Deflater.DEFAULT_STRATEGY && strategy != Deflater.FILTERED
                    && strategy != Deflater.HUFFMAN_ONLY) {
                throw new IllegalArgumentException("strategy must be Deflater.DEFAULT_STRATEGY, FILTERED"
                        + " or HUFFMAN_ONLY: " + strategy);
            }
            this.strategy = strategy;
            return this;
        }

        public PerMessageDeflateOptions build() {
            return new PerMessageDeflateOptions(this);
        }

        private static int checkWindowBits(String option, int bits) {
            if (bits < MIN_WINDOW_BITS || bits > MAX_WINDOW_BITS) {
                throw new IllegalArgumentException(option + " must be 8-15: " + bits);
            }
            return bits;
        }
    }
}
