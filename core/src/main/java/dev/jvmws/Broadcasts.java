package dev.jvmws;

import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.FrameWriter;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link WebSocketServer#broadcast} sends: the frame is encoded once (unmasked, RSV1 clear) and
 * every open receiver's queue gets a read-only view of the same bytes; receivers that are behind are
 * handled by the caller's {@link WebSocketServer.SlowReceivers} policy. Any thread.
 */
final class Broadcasts {
    private Broadcasts() {
    }

    static WebSocketServer.BroadcastResult send(Collection<WebSocket> receivers, ByteBuffer payload, int opcode,
            WebSocketServer.SlowReceivers slow) {
        Objects.requireNonNull(slow, "slow");
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(FrameWriter.headerSize(length, false) + length);
        FrameWriter.writeHeader(frame, true, 0, opcode, length, false, 0);
        frame.put(payload).flip();
        int queued = 0;
        int skipped = 0;
        int closed = 0;
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
            if (receiver.sendShared(frame, new CompletableFuture<>())) {
                queued++;
            } else {
                skipped++; // its maxBufferedBytes is reached
            }
        }
        return new WebSocketServer.BroadcastResult(queued, skipped, closed);
    }
}
