package dev.jvmws;

import dev.jvmws.internal.conn.SharedMessage;
import dev.jvmws.protocol.CloseCode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link WebSocketServer#broadcast} sends: the message is framed once — and, for receivers that
 * negotiated permessage-deflate, compressed once per window size they agreed to (see
 * {@link SharedMessage}) — and every open receiver's queue gets a read-only view of the same bytes;
 * receivers that are behind are handled by the caller's {@link WebSocketServer.SlowReceivers} policy.
 * Any thread.
 */
final class Broadcasts {
    private Broadcasts() {
    }

    static WebSocketServer.BroadcastResult send(Collection<WebSocket> receivers, ByteBuffer payload, int opcode,
            WebSocketServer.SlowReceivers slow) {
        Objects.requireNonNull(slow, "slow");
        int queued = 0;
        int skipped = 0;
        int closed = 0;
        try (SharedMessage message = new SharedMessage(opcode, payload)) {
            for (WebSocket receiver : receivers) {
                if (receiver.readyState() != ReadyState.OPEN) {
                    continue;
                }
                if (slow != WebSocketServer.SlowReceivers.QUEUE && receiver.isBehind()) {
                    if (slow == WebSocketServer.SlowReceivers.CLOSE) {
                        receiver.close(CloseCode.POLICY_VIOLATION, "Too slow to receive broadcasts");
                        closed++;
                    } else {
                        skipped++;
                    }
                    continue;
                }
                if (receiver.sendShared(message, new CompletableFuture<>())) {
                    queued++;
                } else {
                    skipped++; // its maxBufferedBytes is reached
                }
            }
        }
        return new WebSocketServer.BroadcastResult(queued, skipped, closed);
    }
}
