package dev.jvmws.internal.conn;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Keeps a fragmented message whole on the wire: while one sender's message is unfinished, data
 * frames of other senders wait, in the order they came, and go out after its last frame. A sender is
 * whoever the caller says (ws's {@code fin(false)} sends: the calling thread; a message writer: the
 * writer), so a message begun on one thread never takes another thread's message as its
 * continuation.
 *
 * <p>Loop thread only.
 */
final class MessageOrder {
    private record Held(Object sender, Runnable send) {}

    /** The sender of the unfinished message, or null. */
    private Object owner;
    /** Made when a send first has to wait: most connections never fragment. */
    private ArrayDeque<Held> waiting;
    private boolean releasing;

    /** Whether a frame of {@code sender} may go now; if not, {@code send} runs once it may. */
    boolean admit(Object sender, Runnable send) {
        if (owner == null || owner == sender) {
            return true;
        }
        if (waiting == null) {
            waiting = new ArrayDeque<>();
        }
        waiting.add(new Held(sender, send));
        return false;
    }

    /** A frame of {@code sender} went out; {@code fin} says whether it ended its message. */
    void sent(Object sender, boolean fin) {
        if (!fin) {
            owner = sender;
        } else if (owner == sender) {
            owner = null;
            release();
        }
    }

    /** Runs what waited, in order: the sends of a sender who takes over meanwhile go before the others'. */
    private void release() {
        if (releasing || waiting == null) {
            return; // the outer release goes on with the new owner
        }
        releasing = true;
        try {
            Held next;
            while ((next = nextAdmitted()) != null) {
                next.send().run();
            }
        } finally {
            releasing = false;
        }
    }

    private Held nextAdmitted() {
        if (owner == null) {
            return waiting.poll();
        }
        for (Iterator<Held> it = waiting.iterator(); it.hasNext(); ) {
            Held held = it.next();
            if (held.sender() == owner) {
                it.remove();
                return held;
            }
        }
        return null;
    }

    /** The connection is closing: what waits runs now, and finds it closed (its future fails). */
    void abandon() {
        owner = null;
        release();
    }
}
