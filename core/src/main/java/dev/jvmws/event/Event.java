package dev.jvmws.event;

import java.util.Objects;

/**
 * A W3C event: its {@link #type()} and the socket it happened on ({@link #target()}). {@code open} is
 * a plain {@code Event}; the other types have their own classes. Immutable.
 */
public sealed class Event permits MessageEvent, CloseEvent, ErrorEvent {
    /** The connection opened (clients only: a server-side socket is born open, as in ws). */
    public static final String OPEN = "open";
    /** A message arrived ({@link MessageEvent}). */
    public static final String MESSAGE = "message";
    /** The connection closed ({@link CloseEvent}); always the last event. */
    public static final String CLOSE = "close";
    /** Something failed ({@link ErrorEvent}); a close event follows. */
    public static final String ERROR = "error";

    private final String type;
    private final EventTarget target;

    public Event(String type, EventTarget target) {
        this.type = Objects.requireNonNull(type, "type");
        this.target = target;
    }

    public final String type() {
        return type;
    }

    /** The socket the event happened on. */
    public final EventTarget target() {
        return target;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + type + "]";
    }
}
