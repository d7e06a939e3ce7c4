package dev.jvmws;

import dev.jvmws.event.Event;
import dev.jvmws.event.EventListener;
import dev.jvmws.internal.io.Failures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A socket's W3C event listeners (see {@link dev.jvmws.event.EventTarget} for the rules): kept in the
 * order they were added, the {@code on…} handlers among them. Made on first use, so sockets that
 * never use the W3C interface pay nothing. Thread-safe: changes take a lock; dispatch copies the
 * listeners of the event's type under it and calls them outside it.
 */
final class EventListeners {
    private static final Set<String> TYPES = Set.of(Event.OPEN, Event.MESSAGE, Event.CLOSE, Event.ERROR);

    /** {@code handler}: set through an {@code on…} property rather than {@code addEventListener}. */
    private record Entry(String type, EventListener listener, boolean once, boolean handler) {}

    private final List<Entry> entries = new ArrayList<>(4);

    synchronized void add(String type, EventListener listener, boolean once) {
        if (listener == null || !TYPES.contains(type)) {
            return;
        }
        for (Entry entry : entries) {
            if (!entry.handler && entry.type.equals(type) && entry.listener == listener) {
                return;
            }
        }
        entries.add(new Entry(type, listener, once, false));
    }

    synchronized void remove(String type, EventListener listener) {
        entries.removeIf(entry -> !entry.handler && entry.type.equals(type) && entry.listener == listener);
    }

    /** Replaces {@code type}'s {@code on…} handler (null: none); the new one runs after the listeners added before it. */
    synchronized void setHandler(String type, EventListener handler) {
        entries.removeIf(entry -> entry.handler && entry.type.equals(type));
        if (handler != null) {
            entries.add(new Entry(type, handler, false, true));
        }
    }

    synchronized EventListener handler(String type) {
        for (Entry entry : entries) {
            if (entry.handler && entry.type.equals(type)) {
                return entry.listener;
            }
        }
        return null;
    }

    /**
     * Calls the listeners of {@code event}'s type in order, each even if one before it threw; then
     * throws the first exception (the others suppressed in it), so the socket's exception rule applies.
     */
    void dispatch(Event event) {
        List<EventListener> listeners = new ArrayList<>(2);
        synchronized (this) {
            entries.removeIf(entry -> {
                if (!entry.type.equals(event.type())) {
                    return false;
                }
                listeners.add(entry.listener);
                return entry.once;
            });
        }
        RuntimeException first = null;
        for (EventListener listener : listeners) {
            try {
                listener.handleEvent(event);
            } catch (Throwable e) {
                Failures.rethrowIfFatal(e);
                RuntimeException thrown = e instanceof RuntimeException runtime ? runtime : new RuntimeException(e);
                if (first == null) {
                    first = thrown;
                } else {
                    first.addSuppressed(thrown);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
