package dev.jvmws;

import dev.jvmws.handshake.HandshakeRequest;
import java.util.Set;

/**
 * Chooses the subprotocol of a connection from those the client offered (ws's {@code handleProtocols}).
 * Runs on the connection's event loop. The default picks the first offered.
 */
@FunctionalInterface
public interface SubprotocolSelector {
    /**
     * @param offered the client's subprotocols in its order (never empty when called)
     * @return one of {@code offered}, or null to answer without a subprotocol (the client then fails
     *     the connection if it required one)
     */
    String select(Set<String> offered, HandshakeRequest request);

    SubprotocolSelector FIRST_OFFERED = (offered, request) -> offered.iterator().next();
}
