package dev.jvmws.transport;

import dev.jvmws.protocol.MaskGenerator;

/**
 * Per-connection settings the transport needs once a connection is upgraded.
 *
 * @param client whether this end is the client (it masks its frames and expects unmasked ones)
 * @param maxPayload largest accepted message in bytes, 0 for no limit
 * @param maxFragments most frames per message, 0 for no limit
 * @param closeTimeoutNanos how long to wait for the closing handshake before dropping the connection
 * @param maskGenerator mask keys for client frames; null for the event loop's secure generator
 */
public record ConnectionConfig(
        boolean client,
        long maxPayload,
        int maxFragments,
        boolean skipUtf8Validation,
        boolean autoPong,
        long closeTimeoutNanos,
        MaskGenerator maskGenerator) {}
