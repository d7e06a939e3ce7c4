package dev.jvmws.internal.conn;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.protocol.MaskGenerator;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Per-connection settings the transport needs once a connection is upgraded.
 *
 * @param client whether this end is the client (it masks its frames and expects unmasked ones)
 * @param maxPayload largest accepted message in bytes, 0 for no limit
 * @param maxFragments most frames per message, 0 for no limit
 * @param closeTimeoutNanos how long to wait for the closing handshake before dropping the connection
 * @param maskGenerator mask keys for client frames; null for the event loop's secure generator
 * @param deflateOptions permessage-deflate settings (threshold, zlib level and strategy); null when off
 * @param zlibPermits bounds the zlib work of all connections sharing these options; null for none
 * @param deflate the permessage-deflate agreement of this connection; null when not negotiated
 * @param maxPendingAutoPongs most automatic pongs queued and not yet written before the connection is
 *     closed (1008); 0 for no limit
 * @param maxBufferedBytes most bytes queued for sending beyond which a data send is refused; 0 for none
 * @param highWaterMark bytes queued above which the connection is behind (see {@link ConnectionListener#onDrain})
 * @param lowWaterMark bytes queued at or below which a connection that was behind has drained
 * @param messageMemory the server-wide budget for unfinished messages; null for none (clients)
 * @param callbackExecutor where the listener's callbacks run, in order; null for the connection's loop
 * @param heartbeatPingNanos ping after this long without input; 0 for no pings (see {@link Heartbeat})
 * @param heartbeatTimeoutNanos drop a peer that answers no ping within this; 0 for never
 * @param idleTimeoutNanos close (1001) after this long without a message either way; 0 for never
 * @param maxFrameSize largest data frame payload accepted; 0 for no limit beyond {@code maxPayload}
 * @param fragmentSize outgoing data frames carry at most this many payload bytes; 0 for one frame per send
 * @param metrics where the connection counts messages, bytes, failures and queue peaks; null for none
 */
public record ConnectionConfig(
        boolean client,
        long maxPayload,
        int maxFragments,
        boolean skipUtf8Validation,
        boolean autoPong,
        long closeTimeoutNanos,
        MaskGenerator maskGenerator,
        PerMessageDeflateOptions deflateOptions,
        Semaphore zlibPermits,
        DeflateParameters deflate,
        int maxPendingAutoPongs,
        long maxBufferedBytes,
        long highWaterMark,
        long lowWaterMark,
        MessageMemoryBudget messageMemory,
        Executor callbackExecutor,
        long heartbeatPingNanos,
        long heartbeatTimeoutNanos,
        long idleTimeoutNanos,
        long maxFrameSize,
        long fragmentSize,
        ConnectionMetrics metrics) {

    /** This configuration with {@code agreement} as the negotiated permessage-deflate parameters. */
    public ConnectionConfig withDeflate(DeflateParameters agreement) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeoutNanos, maskGenerator, deflateOptions, zlibPermits, agreement, maxPendingAutoPongs,
                maxBufferedBytes, highWaterMark, lowWaterMark, messageMemory, callbackExecutor,
                heartbeatPingNanos, heartbeatTimeoutNanos, idleTimeoutNanos, maxFrameSize, fragmentSize, metrics);
    }

    /**
     * This configuration with a server-wide budget of {@code limitBytes} for unfinished messages, a
     * connection waiting for it up to {@code waitNanos} before it may be closed.
     */
    public ConnectionConfig withMessageMemoryBudget(long limitBytes, long waitNanos) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeoutNanos, maskGenerator, deflateOptions, zlibPermits, deflate, maxPendingAutoPongs,
                maxBufferedBytes, highWaterMark, lowWaterMark, new MessageMemoryBudget(limitBytes, waitNanos),
                callbackExecutor, heartbeatPingNanos, heartbeatTimeoutNanos, idleTimeoutNanos, maxFrameSize, fragmentSize, metrics);
    }

    /** This configuration counting into {@code recorder}. */
    public ConnectionConfig withMetrics(ConnectionMetrics recorder) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeoutNanos, maskGenerator, deflateOptions, zlibPermits, deflate, maxPendingAutoPongs,
                maxBufferedBytes, highWaterMark, lowWaterMark, messageMemory, callbackExecutor,
                heartbeatPingNanos, heartbeatTimeoutNanos, idleTimeoutNanos, maxFrameSize, fragmentSize, recorder);
    }

    /** Where to count; {@link ConnectionMetrics#NONE} when nothing is counted. */
    ConnectionMetrics counters() {
        return metrics == null ? ConnectionMetrics.NONE : metrics;
    }

    /** The heartbeat and idle-timeout settings; null when both are off. */
    Heartbeat.Settings heartbeat() {
        Heartbeat.Settings settings = new Heartbeat.Settings(heartbeatPingNanos, heartbeatTimeoutNanos, idleTimeoutNanos);
        return settings.isOff() ? null : settings;
    }

    /** This configuration counting unfinished messages against {@code other}'s budget (one budget per server). */
    public ConnectionConfig withMessageMemoryOf(ConnectionConfig other) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeoutNanos, maskGenerator, deflateOptions, zlibPermits, deflate, maxPendingAutoPongs,
                maxBufferedBytes, highWaterMark, lowWaterMark, other.messageMemory, callbackExecutor,
                heartbeatPingNanos, heartbeatTimeoutNanos, idleTimeoutNanos, maxFrameSize, fragmentSize, metrics);
    }

    /** The most bytes ever held at once in unfinished messages under this configuration's budget; 0 without one. */
    public long messageMemoryPeak() {
        return messageMemory == null ? 0 : messageMemory.peakBytes();
    }

    /** The bytes held in unfinished messages under this configuration's budget; 0 without one. */
    public long messageMemoryHeld() {
        return messageMemory == null ? 0 : messageMemory.heldBytes();
    }
}
