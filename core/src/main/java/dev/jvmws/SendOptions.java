package dev.jvmws;

/**
 * Per-send choices, as ws's {@code send(data, options)}. Immutable; build with {@link #builder()} or
 * use the constants.
 *
 * <ul>
 *   <li>{@code type}: send a {@code String} as a binary message, or bytes as a text message (bytes
 *       sent as text must be valid UTF-8; the peer will check). Default {@link Type#AS_DATA}.</li>
 *   <li>{@code fin}: false starts or continues a fragmented message (ws's behaviour): the next sends
 *       <em>from the same thread</em> continue it until one with {@code fin} true ends it. Messages
 *       sent meanwhile from other threads wait and go out after it, whole: frames of two messages
 *       never interleave. To build a message in parts from code that may run on any thread, use
 *       {@link WebSocket#newMessage}, whose writer owns its message.</li>
 *   <li>{@code compress}: compress with permessage-deflate when it was negotiated (default true);
 *       the first fragment of a message decides for the whole message. Ignored otherwise.</li>
 *   <li>{@code masking}: overrides masking (default {@link Masking#BY_ROLE}: clients mask, servers
 *       don't). A test hook: the RFC requires clients to mask.</li>
 * </ul>
 */
public final class SendOptions {
    /** What kind of message the data is sent as. */
    public enum Type {
        /** By the data's type: a {@code String} as text, bytes as binary. */
        AS_DATA,
        TEXT,
        BINARY
    }

    /** Whether frames are masked. */
    public enum Masking {
        /** As the role requires: clients mask, servers don't (RFC 6455 §5.1). */
        BY_ROLE,
        MASKED,
        UNMASKED
    }

    /** Defaults: the data's own type, a whole message, masking by role. */
    public static final SendOptions DEFAULT = builder().build();
    /** A message fragment that more fragments will follow. */
    public static final SendOptions MORE_FRAGMENTS = builder().fin(false).build();

    private final Type type;
    private final boolean fin;
    private final boolean compress;
    private final Masking masking;

    private SendOptions(Builder builder) {
        this.type = builder.type;
        this.fin = builder.fin;
        this.compress = builder.compress;
        this.masking = builder.masking;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Type type() {
        return type;
    }

    public boolean fin() {
        return fin;
    }

    public boolean compress() {
        return compress;
    }

    public Masking masking() {
        return masking;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Type type = Type.AS_DATA;
        private boolean fin = true;
        private boolean compress = true;
        private Masking masking = Masking.BY_ROLE;

        private Builder() {}

        public Builder type(Type type) {
            this.type = java.util.Objects.requireNonNull(type, "type");
            return this;
        }

        /** ws's {@code binary}: true sends as binary, false as text. */
        public Builder binary(boolean binary) {
            return type(binary ? Type.BINARY : Type.TEXT);
        }

        public Builder fin(boolean fin) {
            this.fin = fin;
            return this;
        }

        public Builder compress(boolean compress) {
            this.compress = compress;
            return this;
        }

        public Builder masking(Masking masking) {
            this.masking = java.util.Objects.requireNonNull(masking, "masking");
            return this;
        }

        /** ws's {@code mask}: true masks, false does not, whatever the role. */
        public Builder mask(boolean mask) {
            return masking(mask ? Masking.MASKED : Masking.UNMASKED);
        }

        public SendOptions build() {
            return new SendOptions(this);
        }
    }
}
