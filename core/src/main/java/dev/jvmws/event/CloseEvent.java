package dev.jvmws.event;

/**
 * The connection closed: the close {@link #code()} and {@link #reason()} (1005 and "" when the
 * peer's close frame had none; 1006 when there was no closing handshake) and whether it was clean
 * (both close frames passed, as ws's {@code wasClean}).
 */
public final class CloseEvent extends Event {
    private final int code;
    private final String reason;
    private final boolean wasClean;

    public CloseEvent(EventTarget target, int code, String reason, boolean wasClean) {
        super(CLOSE, target);
        this.code = code;
        this.reason = reason == null ? "" : reason;
        this.wasClean = wasClean;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean wasClean() {
        return wasClean;
    }

    @Override
    public String toString() {
        return "CloseEvent[" + code + (reason.isEmpty() ? "" : " " + reason) + (wasClean ? ", clean]" : "]");
    }
}
