package dev.jvmws.event;

/**
 * The W3C {@code EventTarget} of a WebSocket, with ws's rules:
 * <ul>
 *   <li>the types are {@link Event#OPEN}, {@link Event#MESSAGE}, {@link Event#CLOSE} and
 *       {@link Event#ERROR}; listeners for any other type are ignored (nothing would dispatch it);
 *   <li>listeners of one type run in the order they were added; one already added for the type is
 *       not added again; a {@code once} listener is removed before its first call;
 *   <li>a listener that throws does not stop the others: after all have run, the first exception goes
 *       on as one thrown from a {@link dev.jvmws.WebSocket.Listener} callback would (the connection
 *       closes with 1011 and reports it);
 *   <li>the {@code on…} handlers ({@code setOnmessage} …) are listeners too: setting one replaces the
 *       previous handler only (never a listener added with {@link #addEventListener}) and puts it last;
 *       null removes it. {@link #removeEventListener} removes only listeners added with
 *       {@code addEventListener}.
 * </ul>
 * Thread-safe: listeners may be added and removed from any thread, also while events are dispatched
 * (a change applies from the next event). Events are dispatched on the thread that runs the socket's
 * callbacks (see {@link dev.jvmws.WebSocket}).
 */
public interface EventTarget {
    /** {@link #addEventListener(String, EventListener, boolean)} without {@code once}. */
    default void addEventListener(String type, EventListener listener) {
        addEventListener(type, listener, false);
    }

    /** Adds {@code listener} for events of {@code type}; with {@code once}, it is removed when first called. */
    void addEventListener(String type, EventListener listener, boolean once);

    /** Removes {@code listener} (added with {@link #addEventListener}) from {@code type}'s listeners. */
    void removeEventListener(String type, EventListener listener);
}
