package dev.jvmws;

import dev.jvmws.handshake.HandshakeRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Decides whether to accept an upgrade request (ws's {@code verifyClient}), synchronously or
 * asynchronously. Runs on the connection's event loop: return a {@link CompletionStage} that another
 * thread completes if the decision needs I/O (a database, an auth service), never block.
 * The request's origin is {@link HandshakeRequest#origin()}; {@link HandshakeRequest#isSecure()} tells TLS.
 */
@FunctionalInterface
public interface ClientVerifier {
    CompletionStage<Verdict> verify(HandshakeRequest request);

    /** A synchronous check: false rejects with 401 Unauthorized. */
    static ClientVerifier of(Predicate<HandshakeRequest> check) {
        return request -> CompletableFuture.completedFuture(check.test(request) ? Verdict.accept() : Verdict.reject());
    }
}
