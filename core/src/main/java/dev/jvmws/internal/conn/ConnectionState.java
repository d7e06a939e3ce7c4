package dev.jvmws.internal.conn;

import dev.jvmws.protocol.CloseCode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lifecycle of one connection, and the only place it changes: the ready state users see
 * (CONNECTING, OPEN, CLOSING, CLOSED) and the halves of the closing handshake behind it (close frame
 * sent, close frame received, output shut, socket closed). Every other class asks here.
 *
 * <p>Transitions, all on the connection's event loop except {@link #startClosing}:
 * <pre>
 *   CONNECTING --opened--> OPEN --closeSent / closeReceived / failed--> CLOSING --closed--> CLOSED
 *   CONNECTING ------------------------------ closed ---------------------------------------> CLOSED
 * </pre>
 * As ws and the W3C API: {@code close()} shows CLOSING on the calling thread as soon as it returns, so
 * OPEN → CLOSING may also happen off the loop, by compare-and-set; every other transition is the
 * loop's. The ready state is readable from any thread.
 */
public final class ConnectionState {
    /** The states users see, in the W3C order; {@code dev.jvmws.ReadyState} maps them by name. */
    public enum Ready { CONNECTING, OPEN, CLOSING, CLOSED }

    private static final VarHandle READY;

    static {
        try {
            READY = MethodHandles.lookup().findVarHandle(ConnectionState.class, "ready", Ready.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Ready ready = Ready.CONNECTING;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean outputShut;
    /** The transport is closing or closed: set first when the connection ends, CLOSED once the end is reported. */
    private boolean transportClosed;
    private int receivedCode = CloseCode.ABNORMAL_CLOSURE;
    private String receivedReason = "";

    public Ready ready() {
        return ready;
    }

    /** The upgrade was accepted: frames may flow. Loop thread. */
    void opened() {
        ready = Ready.OPEN;
    }

    /** {@code close()} was called: OPEN becomes CLOSING at once, on any thread. */
    void startClosing() {
        READY.compareAndSet(this, Ready.OPEN, Ready.CLOSING);
    }

    /** Our close frame is queued: nothing may follow it (RFC 6455 §5.5.1). Loop thread. */
    void closeSent() {
        closeSent = true;
        toClosing();
    }

    /** The peer's close frame arrived with {@code code} (1005 when it had none). Loop thread. */
    void closeReceived(int code, String reason) {
        closeReceived = true;
        receivedCode = code;
        receivedReason = reason;
        toClosing();
    }

    /** The connection failed (RFC 6455 §7.1.7): it is closing whether or not a close frame can go. */
    void failed() {
        toClosing();
    }

    void outputShut() {
        outputShut = true;
    }

    /** The transport is being closed; the close event and {@link #closed} follow. Loop thread. */
    void transportClosed() {
        transportClosed = true;
    }

    /** The socket is closed; final. Loop thread. */
    void closed() {
        ready = Ready.CLOSED;
    }

    private void toClosing() {
        if (ready != Ready.CLOSED) {
            ready = Ready.CLOSING;
        }
    }

    public boolean isOpen() {
        return ready == Ready.OPEN;
    }

    public boolean isConnecting() {
        return ready == Ready.CONNECTING;
    }

    public boolean isClosed() {
        return ready == Ready.CLOSED;
    }

    /** Whether a data or control frame may still be queued: open or closing, and no close frame sent. */
    boolean canSend() {
        return !closeSent && (ready == Ready.OPEN || ready == Ready.CLOSING);
    }

    boolean hasSentClose() {
        return closeSent;
    }

    boolean hasReceivedClose() {
        return closeReceived;
    }

    boolean isOutputShut() {
        return outputShut;
    }

    boolean isTransportClosed() {
        return transportClosed;
    }

    /** Both close frames passed: the closing handshake completed (the W3C {@code wasClean}). */
    boolean isCleanClose() {
        return closeSent && closeReceived;
    }

    /** The code the close event reports: the peer's, or 1006 when no close frame arrived. */
    int closeCode() {
        return closeReceived ? receivedCode : CloseCode.ABNORMAL_CLOSURE;
    }

    String closeReason() {
        return closeReceived ? receivedReason : "";
    }

    @Override
    public String toString() {
        return ready + (closeSent ? " close-sent" : "") + (closeReceived ? " close-received" : "")
                + (outputShut ? " output-shut" : "") + (transportClosed ? " transport-closed" : "");
    }
}
