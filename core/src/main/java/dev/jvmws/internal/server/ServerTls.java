package dev.jvmws.internal.server;

import dev.jvmws.ServerOptions;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * How a server makes the {@link SSLEngine} of each accepted TLS connection: the user's context and
 * parameters, client certificates not asked, wanted or required, and ALPN answering {@code http/1.1}
 * when the client offers it (and nothing otherwise, rather than refusing the handshake).
 *
 * @param parameters protocols, cipher suites and the like; null for the context's defaults
 */
public record ServerTls(SSLContext context, SSLParameters parameters, ServerOptions.ClientAuth clientAuth) {

    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        if (parameters != null) {
            engine.setSSLParameters(parameters);
        }
        engine.setWantClientAuth(clientAuth == ServerOptions.ClientAuth.WANT);
        if (clientAuth == ServerOptions.ClientAuth.NEED) {
            engine.setNeedClientAuth(true);
        }
        engine.setHandshakeApplicationProtocolSelector(
                (unused, offered) -> offered.contains("http/1.1") ? "http/1.1" : "");
        return engine;
    }
}
