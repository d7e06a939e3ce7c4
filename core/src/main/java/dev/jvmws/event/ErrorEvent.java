package dev.jvmws.event;

import java.util.Objects;

/** Something failed: the {@link #error()} and its {@link #message()}. A {@link CloseEvent} follows. */
public final class ErrorEvent extends Event {
    private final Throwable error;

    public ErrorEvent(EventTarget target, Throwable error) {
        super(ERROR, target);
        this.error = Objects.requireNonNull(error, "error");
    }

    public Throwable error() {
        return error;
    }

    /** The error's message, or its class name when it has none. */
    public String message() {
        String message = error.getMessage();
        return message != null ? message : error.getClass().getName();
    }
}
