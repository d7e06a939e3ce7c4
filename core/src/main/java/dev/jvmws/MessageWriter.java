package dev.jvmws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One message sent in parts, each part a frame (RFC 6455 fragmentation): for data produced piece by
 * piece, a large payload streamed without holding it whole, or a message built on several threads
 * one after another. Made by {@link WebSocket#newMessage}. The writer owns its message: while it is
 * unfinished, messages sent on the socket by anyone else wait and go out whole after its last frame,
 * in the order they were sent.
 *
 * <p>Parts are sent without copying when large (don't change their bytes until their future
 * completes). Call {@link #finish} once, last; a part after it throws. Not thread-safe: one thread at a
 * time, with the calls in the order the parts are to go.
 */
public final class MessageWriter {
    private final WebSocket ws;
    private final SendOptions.Type type;
    private final boolean compress;
    private boolean finished;

    MessageWriter(WebSocket ws, SendOptions.Type type, boolean compress) {
        this.ws = ws;
        this.type = type;
        this.compress = compress;
    }

    /** Sends {@code part} as the message's next frame. */
    public CompletableFuture<Void> write(ByteBuffer part) {
        return send(part, false);
    }

    /** Sends {@code part} as the message's next frame (UTF-8; a text message's parts join into its text). */
    public CompletableFuture<Void> write(String part) {
        return send(ByteBuffer.wrap(part.getBytes(StandardCharsets.UTF_8)), false);
    }

    /** Ends the message with {@code last} as its final frame. */
    public CompletableFuture<Void> finish(ByteBuffer last) {
        return send(last, true);
    }

    public CompletableFuture<Void> finish(String last) {
        return finish(ByteBuffer.wrap(last.getBytes(StandardCharsets.UTF_8)));
    }

    /** Ends the message with an empty final frame. */
    public CompletableFuture<Void> finish() {
        return finish(ByteBuffer.allocate(0));
    }

    private CompletableFuture<Void> send(ByteBuffer data, boolean fin) {
        if (finished) {
            throw new IllegalStateException("The message is finished");
        }
        finished = fin;
        return ws.sendPart(data, type, fin, compress, this);
    }
}
