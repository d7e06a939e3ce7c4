package dev.jvmws.internal.conn;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.TimerWheel;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameWriter;
import dev.jvmws.protocol.Opcode;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's dead-peer detection and idle timeout, on its loop's {@link TimerWheel}:
 * <ul>
 *   <li>{@code pingInterval}: when nothing at all has arrived for that long, a ping is sent (a control
 *       frame, so it passes queued data); anything that arrives after it — a pong, a message, any byte —
 *       counts as an answer (WebSocket-Node's keepalive, which any data resets).
 *   <li>{@code pongTimeout}: a ping left unanswered that long drops the connection: close 1006 and an
 *       error ({@link SocketTimeoutException}) saying why. Without it, pings go on every interval and
 *       the connection is never dropped (WebSocket-Node's {@code dropConnectionOnKeepaliveTimeout: false}).
 *   <li>{@code idleTimeout}: no message (text or binary, either way) for that long closes the
 *       connection with 1001 "Idle timeout"; pings and pongs are not messages.
 * </ul>
 * Arrivals and messages only write a timestamp; the deadline is checked lazily when the wheel gets
 * to it, so a busy connection costs no timer work per message. Loop thread only.
 */
final class Heartbeat extends TimerWheel.Entry {
    /**
     * @param pingIntervalNanos 0 for no pings
     * @param pongTimeoutNanos 0 for never dropping a silent peer
     * @param idleTimeoutNanos 0 for no idle timeout
     */
    record Settings(long pingIntervalNanos, long pongTimeoutNanos, long idleTimeoutNanos) {
        boolean isOff() {
            return pingIntervalNanos == 0 && idleTimeoutNanos == 0;
        }
    }

    private final Connection connection;
    private final Settings settings;
    private final EventLoop loop;
    private long lastArrival;
    private long lastMessage;
    private long pingSentAt;
    private boolean awaitingAnswer;

    Heartbeat(Connection connection, Settings settings, EventLoop loop) {
        this.connection = connection;
        this.settings = settings;
        this.loop = loop;
    }

    void start() {
        long now = loop.nanoTime();
        lastArrival = now;
        lastMessage = now;
        scheduleNext();
    }

    /** Bytes arrived from the peer. */
    void arrived() {
        lastArrival = loop.nanoTime();
    }

    /** A message was received or sent. */
    void messagePassed() {
        lastMessage = loop.nanoTime();
    }

    void stop() {
        loop.timerWheel().cancel(this);
    }

    @Override
    protected void expired(long now) {
        if (connection.readyState() != ConnectionState.Ready.OPEN) {
            return; // closing: the close timeout bounds the rest
        }
        long idle = settings.idleTimeoutNanos();
        if (idle > 0 && now - lastMessage >= idle) {
            connection.close(FrameWriter.closePayload(CloseCode.GOING_AWAY, "Idle timeout"));
            return;
        }
        long interval = settings.pingIntervalNanos();
        if (interval > 0) {
            if (awaitingAnswer && lastArrival - pingSentAt >= 0) {
                awaitingAnswer = false;
            }
            long timeout = settings.pongTimeoutNanos();
            if (awaitingAnswer && timeout > 0 && now - pingSentAt >= timeout) {
                connection.closeChannel(new SocketTimeoutException("No answer to a ping within "
                        + TimeUnit.NANOSECONDS.toMillis(timeout) + " ms: the peer is gone"));
                return;
            }
            long quietSince = awaitingAnswer ? pingSentAt : lastArrival;
            if (now - quietSince >= interval) {
                connection.sends().sendControl(Opcode.PING, ByteBuffer.allocate(0), null, new CompletableFuture<>());
                pingSentAt = now;
                awaitingAnswer = true;
            }
        }
        scheduleNext();
    }

    /** The earliest moment something may be due; checked then, and pushed on if activity moved it. */
    private void scheduleNext() {
        long next = Long.MAX_VALUE;
        boolean any = false;
        if (settings.idleTimeoutNanos() > 0) {
            next = lastMessage + settings.idleTimeoutNanos();
            any = true;
        }
        long interval = settings.pingIntervalNanos();
        if (interval > 0) {
            long due = (awaitingAnswer ? pingSentAt : lastArrival) + interval;
            if (awaitingAnswer && settings.pongTimeoutNanos() > 0) {
                due = earlier(due, pingSentAt + settings.pongTimeoutNanos());
            }
            next = any ? earlier(next, due) : due;
        }
        loop.timerWheel().schedule(this, next);
    }

    private static long earlier(long a, long b) {
        return a - b <= 0 ? a : b;
    }
}
