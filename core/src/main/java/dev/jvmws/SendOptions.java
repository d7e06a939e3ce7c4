package dev.jvmws;

/**
 * Per-send choices, as ws's {@code send(data, options)}. Immutable; build with {@link #builder()} or
 * use the constants.
 *
 * <ul>
 *   <li>{@code binary}: send a {@code String} as a binary message, or bytes as a text message (bytes
 *       sent as text must be valid UTF-8; the peer will check).</li>
 *   <li>{@code fin}: false starts or continues a fragmented message; the next sends continue it until
 *       one with {@code fin} true ends it. Frames of other messages never interleave with it.</li>
 *   <li>{@code compress}: compress with permessage-deflate when it was negotiated (default true);
 *       the first fragment of a message decides for the whole message. Ignored otherwise.</li>
 *   <li>{@code mask}: overrides masking (null = as the role requires: clients mask, servers don't).
 *       A test hook: the RFC requires clients to mask.</li>
 * </ul>
 */
public final class SendOptions {
    /** Defaults: the data's own type, a whole message, masking by role. */
    public static final SendOptions DEFAULT = builder().build();
    /** A message fragment that more fragments will follow. */
    public static final SendOptions MORE_FRAGMENTS = builder().fin(false).build();

    private final Boolean binary;
    private final boolean fin;
    private final boolean compress;
    private final Boolean mask;

    private SendOptions(Builder builder) {
        this.binary = builder.binary;
        this.fin = builder.fin;
        this.compress = builder.compress;
        this.mask = builder.mask;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Null when the data's type decides (String → text, bytes → binary). */
    public Boolean binary() {
        return binary;
    }

    public boolean fin() {
        return fin;
    }

    public boolean compress() {
        return compress;
    }

    /** Null when the role decides. */
    public Boolean mask() {
        return mask;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Boolean binary;
        private boolean fin = true;
        private boolean compress = true;
        private Boolean mask;

        private Builder() {}

        public Builder binary(boolean binary) {
            this.binary = binary;
            return this;
        }

        public Builder fin(boolean fin) {
            this.fin = fin;
            return this;
        }

        public Builder compress(boolean compress) {
            this.compress = compress;
            return this;
        }

        public Builder mask(boolean mask) {
            this.mask = mask;
            return this;
        }

        public SendOptions build() {
            return new SendOptions(this);
        }
    }
}
