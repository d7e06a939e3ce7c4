package dev.jvmws.event;

/**
 * A W3C event listener ({@code handleEvent}); a lambda, or an object whose {@code handleEvent} does
 * the work (ws accepts both). Use pattern matching for the event's kind:
 * {@code ws.addEventListener("message", e -> { if (e instanceof MessageEvent m) ... })}.
 */
@FunctionalInterface
public interface EventListener {
    void handleEvent(Event event);
}
