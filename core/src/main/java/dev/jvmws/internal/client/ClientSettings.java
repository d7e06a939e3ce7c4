package dev.jvmws.internal.client;

import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.internal.conn.ConnectionConfig;
import dev.jvmws.internal.io.EventLoop;
import java.time.Duration;
import java.util.List;

/**
 * The client options the connector uses, taken from {@code dev.jvmws.ClientOptions} (immutable).
 *
 * @param perMessageDeflate what to offer; null for no offer
 * @param config the connection's settings once open (permessage-deflate's agreement added then)
 * @param eventLoop the loop to connect on; null for the process's shared client loops
 * @param tls how {@code wss} hops make their TLS engine
 * @param proxy which HTTP proxy hops tunnel through; {@link ClientProxy#NONE} for none
 */
public record ClientSettings(
        List<String> subprotocols,
        HttpHeaders headers,
        String origin,
        int protocolVersion,
        Duration handshakeTimeout,
        boolean followRedirects,
        int maxRedirects,
        int maxHeaderBytes,
        PerMessageDeflateOptions perMessageDeflate,
        ConnectionConfig config,
        EventLoop eventLoop,
        ClientTls tls,
        ClientProxy proxy) {
}
