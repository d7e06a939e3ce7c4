package dev.jvmws.transport;

import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.protocol.MaskGenerator;
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
        DeflateParameters deflate) {

    /** This configuration with {@code agreement} as the negotiated permessage-deflate parameters. */
    public ConnectionConfig withDeflate(DeflateParameters agreement) {
        return new ConnectionConfig(client, maxPayload, maxFragments, skipUtf8Validation, autoPong,
                closeTimeoutNanos, maskGenerator, deflateOptions, zlibPermits, agreement);
    }
}
