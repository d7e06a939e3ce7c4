package dev.jvmws.protocol;

/** Which side receives: a server expects masked frames, a client unmasked ones (RFC 6455 §5.1). */
enum Role {
    SERVER(true),
    CLIENT(false);

    private final boolean receivesMasked;

    Role(boolean receivesMasked) {
        this.receivesMasked = receivesMasked;
    }

    /** Whether frames sent to this role are masked (what a well-behaved peer sends). */
    boolean masked() {
        return receivesMasked;
    }

    Role other() {
        return this == SERVER ? CLIENT : SERVER;
    }
}
