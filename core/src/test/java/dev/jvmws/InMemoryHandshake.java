package dev.jvmws;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * A TLS handshake between two {@link SSLEngine}s in memory: each engine's output is the other's
 * input, delegated tasks run inline, no sockets or threads. It proves contexts work together, not
 * merely that they were built.
 */
final class InMemoryHandshake {
    /** A full TLS 1.3 or 1.2 handshake takes a handful of rounds; this many means it is stuck. */
    private static final int MAX_ROUNDS = 100;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private InMemoryHandshake() {
    }

    /** A client engine for "localhost" that checks the server's name the way HTTPS does. */
    static SSLEngine client(SSLContext context) {
        SSLEngine engine = context.createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    static SSLEngine server(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    /**
     * Runs the handshake to its end on both sides.
     *
     * @throws SSLException the first failure either engine reports (an {@code SSLHandshakeException}
     *     for a rejected certificate)
     */
    static void run(SSLEngine client, SSLEngine server) throws SSLException {
        ByteBuffer clientToServer = ByteBuffer.allocate(client.getSession().getPacketBufferSize() * 4);
        ByteBuffer serverToClient = ByteBuffer.allocate(server.getSession().getPacketBufferSize() * 4);
        ByteBuffer clientApplication = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        ByteBuffer serverApplication = ByteBuffer.allocate(server.getSession().getApplicationBufferSize());
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (isDone(client) && isDone(server)) {
                return;
            }
            step(client, serverToClient, clientToServer, clientApplication);
            step(server, clientToServer, serverToClient, serverApplication);
        }
        throw new AssertionError("The handshake did not finish in " + MAX_ROUNDS + " rounds: client "
                + client.getHandshakeStatus() + ", server " + server.getHandshakeStatus());
    }

    /** Lets one engine send what it wants to send, then read what its peer sent. */
    private static void step(SSLEngine engine, ByteBuffer incoming, ByteBuffer outgoing, ByteBuffer application)
            throws SSLException {
        runDelegatedTasks(engine);
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            SSLEngineResult result = engine.wrap(NOTHING, outgoing);
            runDelegatedTasks(engine);
            if (result.getStatus() != SSLEngineResult.Status.OK) {
                break; // BUFFER_OVERFLOW: the peer reads first; CLOSED: the engine failed and said so
            }
        }
        incoming.flip();
        try {
            while (isUnwrapping(engine) && incoming.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(incoming, application);
                application.clear(); // a handshake carries no application data
                runDelegatedTasks(engine);
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break; // BUFFER_UNDERFLOW: the rest of the record comes next round
                }
            }
        } finally {
            incoming.compact();
        }
    }

    private static boolean isUnwrapping(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN;
    }

    private static boolean isDone(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runDelegatedTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
