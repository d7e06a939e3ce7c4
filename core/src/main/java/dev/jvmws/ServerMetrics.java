package dev.jvmws;

import java.util.Map;

/**
 * A snapshot of a server's counters since it started ({@link WebSocketServer#metrics()}): plain values
 * to log, expose or bind to a metrics library (the {@code jvmws-metrics-micrometer} module binds them
 * to Micrometer). Counts are exact per counter, though the snapshot is not atomic across counters.
 *
 * @param openConnections connections open now
 * @param handshakesAccepted upgrades answered 101
 * @param handshakesRejected upgrades refused, by HTTP status (400, 401, 404, 426, 431, 503…)
 * @param messagesReceived whole messages delivered to listeners
 * @param messagesSent messages queued for sending (a message sent in parts counts once, at its end)
 * @param bytesReceived frame bytes read (plaintext over TLS)
 * @param bytesSent frame bytes written
 * @param closeCodes closed connections by the close code their close event reported (1000, 1001, 1006…)
 * @param failures connections failed by this server, by the close code it sent (1002 protocol error,
 *     1007 bad UTF-8, 1008 policy, 1009 too big, 1011 a listener threw…)
 * @param peakBufferedBytes the highest {@code bufferedAmount} any connection reached (the send queues'
 *     high-water mark)
 */
public record ServerMetrics(int openConnections, long handshakesAccepted, Map<Integer, Long> handshakesRejected,
        long messagesReceived, long messagesSent, long bytesReceived, long bytesSent, Map<Integer, Long> closeCodes,
        Map<Integer, Long> failures, long peakBufferedBytes) {

    /** The failures that were the peer's protocol errors (1002, 1007, 1008, 1009, 1010). */
    public long protocolErrors() {
        long sum = 0;
        for (int code : new int[] {1002, 1007, 1008, 1009, 1010}) {
            sum += failures.getOrDefault(code, 0L);
        }
        return sum;
    }
}
