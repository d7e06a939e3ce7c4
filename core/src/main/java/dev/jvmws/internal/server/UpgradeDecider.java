package dev.jvmws.internal.server;

import dev.jvmws.ClientVerifier;
import dev.jvmws.ServerOptions;
import dev.jvmws.Verdict;
import dev.jvmws.extension.DeflateParameters;
import dev.jvmws.extension.ExtensionHeader;
import dev.jvmws.extension.PerMessageDeflate;
import dev.jvmws.extension.PerMessageDeflateOptions;
import dev.jvmws.handshake.HandshakeException;
import dev.jvmws.handshake.HandshakeRejection;
import dev.jvmws.handshake.HandshakeRequest;
import dev.jvmws.handshake.HttpHead;
import dev.jvmws.handshake.HttpHeaders;
import dev.jvmws.handshake.HttpStatus;
import dev.jvmws.handshake.ServerHandshake;
import dev.jvmws.handshake.Subprotocols;
import dev.jvmws.internal.conn.ConnectionConfig;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The server's decision on each upgrade request, in ws's order: protocol validation (method, Upgrade,
 * Connection, Host, key, version, subprotocol syntax), {@code shouldHandle} (path), closing state
 * (503), subprotocol choice, {@code verifyClient}, then the 101 with the {@code onHeaders} hook.
 *
 * <p>Runs on the connection's event loop; an asynchronous verification's answer is brought back to it.
 *
 * @param <S> the public socket type (see {@link UpgradeSite})
 */
public final class UpgradeDecider<S> implements UpgradeHandler {
    private final UpgradeSite<S> server;
    private final ServerOptions options;
    /** Shared by all of the server's connections (immutable), with the server's one memory budget. */
    private final ConnectionConfig connectionConfig;

    public UpgradeDecider(UpgradeSite<S> server, ServerOptions options, ConnectionConfig connectionConfig) {
        this.server = server;
        this.options = options;
        this.connectionConfig = connectionConfig;
    }

    @Override
    public void onUpgradeRequest(PendingUpgrade connection, HttpHead head) {
        SSLSession tls = connection.tlsSession();
        decide(connection, HandshakeRequest.of(head, connection.remoteAddress(), tls != null, peerCertificates(tls)), null);
    }

    private static List<Certificate> peerCertificates(SSLSession tls) {
        if (tls == null) {
            return List.of();
        }
        try {
            return List.of(tls.getPeerCertificates());
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of();
        }
    }

    @Override
    public void onInvalidRequest(PendingUpgrade connection, int status, String message) {
        server.rejected(status);
        server.reportClientError(HandshakeRejection.of(status, message), null);
    }

    public long messageMemoryHeld() {
        return connectionConfig.messageMemoryHeld();
    }

    public long messageMemoryPeak() {
        return connectionConfig.messageMemoryPeak();
    }

    /** Decides on {@code request}; {@code result} (may be null) learns the outcome. Loop thread. */
    public void decide(PendingUpgrade connection, HandshakeRequest received, CompletableFuture<S> result) {
        HandshakeRequest request = received.trusting(options.trustedProxies());
        byte[] plain;
        try {
            plain = server.plainHttpAnswer(request);
        } catch (RuntimeException e) {
            server.reportError(e);
            reject(connection, request, HandshakeRejection.of(500, HttpStatus.reasonPhrase(500)), result);
            return;
        }
        if (plain != null) {
            connection.reject(plain); // answered; not an upgrade, so neither a client error nor a socket
            if (result != null) {
                result.completeExceptionally(new HandshakeException("Answered as a plain HTTP request"));
            }
            return;
        }
        HandshakeRejection rejection = ServerHandshake.validate(request);
        if (rejection == null && !server.shouldHandle(request)) {
            rejection = HandshakeRejection.of(400, "Bad Request");
        }
        if (rejection == null && server.isClosing()) {
            rejection = HandshakeRejection.of(503, HttpStatus.reasonPhrase(503));
        }
        if (rejection == null && server.isFull()) {
            rejection = HandshakeRejection.of(503, "Too many connections");
        }
        Endpoint endpoint = null;
        if (rejection == null) {
            endpoint = server.endpointFor(request);
            if (endpoint == null) {
                rejection = HandshakeRejection.of(404, "No WebSocket endpoint at " + request.path());
            }
        }
        if (rejection != null) {
            reject(connection, request, rejection, result);
            return;
        }
        Endpoint chosen = endpoint;
        String protocol;
        try {
            protocol = chosen.subprotocol() != null ? chosen.subprotocol() : selectProtocol(request);
        } catch (RuntimeException e) {
            server.reportError(e);
            reject(connection, request, HandshakeRejection.of(500, HttpStatus.reasonPhrase(500)), result);
            return;
        }
        PerMessageDeflate.Acceptance deflate;
        try {
            deflate = negotiateDeflate(request, chosen.deflate());
        } catch (IllegalArgumentException e) {
            reject(connection, request, HandshakeRejection.of(400,
                    "Invalid or unacceptable Sec-WebSocket-Extensions header"), result);
            return;
        }
        ClientVerifier verifier = options.verifyClient();
        if (verifier == null) {
            accept(connection, request, protocol, deflate, chosen, result);
            return;
        }
        CompletionStage<Verdict> verdict;
        try {
            verdict = verifier.verify(request);
        } catch (RuntimeException e) {
            server.reportError(e);
            reject(connection, request, HandshakeRejection.of(500, HttpStatus.reasonPhrase(500)), result);
            return;
        }
        verdict.whenComplete((answer, error) -> connection.eventLoop().run(() -> {
            if (error != null || answer == null) {
                if (error != null) {
                    server.reportError(error);
                }
                reject(connection, request, HandshakeRejection.of(500, HttpStatus.reasonPhrase(500)), result);
            } else if (answer.isAccepted()) {
                accept(connection, request, protocol, deflate, chosen, result);
            } else {
                String body = answer.body() != null ? answer.body() : HttpStatus.reasonPhrase(answer.status());
                // The application's own refusal: not a client error to report back to it (ws emits no
                // wsClientError for verifyClient either).
                refuse(connection, HandshakeRejection.of(answer.status(), body, answer.headers()), result);
            }
        }));
    }

    private String selectProtocol(HandshakeRequest request) {
        String header = request.headers().joined("Sec-WebSocket-Protocol");
        if (header == null) {
            return null;
        }
        Set<String> offered = Subprotocols.parse(header); // syntax already checked by validate()
        if (offered.isEmpty()) {
            return null;
        }
        String chosen = options.handleProtocols().select(offered, request);
        if (chosen != null && !offered.contains(chosen)) {
            throw new IllegalStateException("handleProtocols chose \"" + chosen
                    + "\", which the client did not offer " + offered);
        }
        return chosen;
    }

    /**
     * ws's order and rule: with permessage-deflate on, a malformed header or an invalid parameter value
     * fails the handshake (400); offers we must decline (unknown or repeated parameters, needs we don't
     * meet) are skipped, and with none left the connection opens uncompressed.
     *
     * @return the agreement, or null when not compressing
     * @throws IllegalArgumentException for a malformed header or an invalid value
     */
    private PerMessageDeflate.Acceptance negotiateDeflate(HandshakeRequest request, PerMessageDeflateOptions deflateOptions) {
        String header = request.headers().joined("Sec-WebSocket-Extensions");
        if (deflateOptions == null || header == null) {
            return null;
        }
        return PerMessageDeflate.accept(ExtensionHeader.parse(header), deflateOptions).orElse(null);
    }

    private void accept(PendingUpgrade connection, HandshakeRequest request, String protocol,
            PerMessageDeflate.Acceptance deflate, Endpoint endpoint, CompletableFuture<S> result) {
        String extensions = deflate == null ? null : deflate.responseHeader();
        byte[] response;
        BiConsumer<HttpHeaders.Builder, HandshakeRequest> hook = options.responseHeaders();
        try {
            List<String> extra = null;
            if (hook != null) {
                HttpHeaders.Builder headers = HttpHeaders.builder();
                hook.accept(headers, request);
                List<String> lines = new ArrayList<>();
                headers.build().forEach((name, value) -> lines.add(name + ": " + value));
                extra = lines;
            }
            response = ServerHandshake.acceptResponse(request, protocol, extensions, extra);
        } catch (RuntimeException e) {
            server.reportError(e);
            reject(connection, request, HandshakeRejection.of(500, HttpStatus.reasonPhrase(500)), result);
            return;
        }
        DeflateParameters agreed = deflate == null ? null : deflate.parameters();
        S socket = server.newSocket(protocol, agreed);
        ConnectionConfig config = agreed == null ? endpoint.config() : endpoint.config().withDeflate(agreed);
        connection.accept(response, config, server.eventsOf(socket), open -> {
            server.opened(socket, open, request, endpoint.target());
            if (result != null) {
                result.complete(socket);
            }
        });
    }

    private void reject(PendingUpgrade connection, HandshakeRequest request, HandshakeRejection rejection,
            CompletableFuture<S> result) {
        answer(connection, request, rejection, true, result);
    }

    /** Answers {@code rejection} and fails {@code result}, without an {@code onClientError}. */
    private void refuse(PendingUpgrade connection, HandshakeRejection rejection, CompletableFuture<S> result) {
        answer(connection, null, rejection, false, result);
    }

    private void answer(PendingUpgrade connection, HandshakeRequest request, HandshakeRejection rejection,
            boolean clientError, CompletableFuture<S> result) {
        connection.reject(rejection.toBytes());
        server.rejected(rejection.status());
        if (clientError) {
            server.reportClientError(rejection, request);
        }
        if (result != null) {
            result.completeExceptionally(new HandshakeException(rejection.body(), rejection.status(),
                    rejection.headers(), new byte[0]));
        }
    }
}
