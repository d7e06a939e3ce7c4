package dev.jvmws.bench.load;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, on each connection's own loop thread, the replies its connections have received and how
 * many of those came compressed (RSV1 set): a server may accept permessage-deflate and still send a
 * message uncompressed, which the compressed workloads report rather than hide.
 */
public final class CompressedReplies {
    private static final long TIMEOUT_SECONDS = 10;

    /** Replies received and, of them, compressed ones. */
    public record Count(long replies, long compressed) {
        /** Compressed share of the replies (0 when there were none). */
        public double share() {
            return replies == 0 ? 0 : (double) compressed / replies;
        }
    }

    private CompressedReplies() {
    }

    /** Sums over {@code connections}, each read on its loop; waits at most a few seconds. */
    static Count count(List<LoadConnection> connections) throws InterruptedException {
        AtomicLong replies = new AtomicLong();
        AtomicLong compressed = new AtomicLong();
        CountDownLatch counted = new CountDownLatch(connections.size());
        for (LoadConnection connection : connections) {
            connection.loop().execute(() -> {
                replies.addAndGet(connection.messagesReceived());
                compressed.addAndGet(connection.compressedReceived());
                counted.countDown();
            });
        }
        if (!counted.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("load threads did not answer within " + TIMEOUT_SECONDS + " s");
        }
        return new Count(replies.get(), compressed.get());
    }
}
