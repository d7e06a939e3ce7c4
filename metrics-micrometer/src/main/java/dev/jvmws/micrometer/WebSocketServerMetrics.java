package dev.jvmws.micrometer;

import dev.jvmws.ServerMetrics;
import dev.jvmws.WebSocketServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Binds a {@link WebSocketServer}'s {@link ServerMetrics} snapshot to Micrometer:
 * {@code new WebSocketServerMetrics(server, Tags.of("endpoint", "chat")).bindTo(registry)}.
 *
 * <p>Meters (names follow Micrometer's conventions: dot-separated, base units; each also carries the
 * extra tags given here):
 * <ul>
 *   <li>{@code websocket.connections.open} (gauge, connections)</li>
 *   <li>{@code websocket.handshakes} (counter) tagged {@code outcome=accepted, status=101}, and
 *       {@code outcome=rejected, status=NNN} for each HTTP status the server has answered an upgrade
 *       with (400, 404, 426…). Accepted upgrades carry {@code status=101} so that every meter of one
 *       name has the same tag keys, which Prometheus requires.</li>
 *   <li>{@code websocket.messages} (counter) tagged {@code direction=received|sent}</li>
 *   <li>{@code websocket.bytes} (counter, bytes) tagged {@code direction=received|sent}: frame bytes</li>
 *   <li>{@code websocket.closes} (counter) tagged {@code code=NNNN}: closed connections by close code</li>
 *   <li>{@code websocket.failures} (counter) tagged {@code code=NNNN}: connections the server failed,
 *       by the close code it sent ({@link ServerMetrics#protocolErrors()} is the sum of some of them)</li>
 *   <li>{@code websocket.send.queue.peak} (gauge, bytes): the highest {@code bufferedAmount} any
 *       connection reached</li>
 * </ul>
 *
 * <p>Every counter is a {@link FunctionCounter} over the server's own cumulative counts, so nothing is
 * counted twice and the values never go down.
 *
 * <p><b>Statuses and codes that appear later.</b> Micrometer's usual way to get a meter per tag value
 * is to register it when the value is first seen (registration is idempotent; a new id makes a new
 * meter). A snapshot has no "first seen" event, so this binder looks for one whenever it reads a
 * snapshot: {@code bindTo} registers the keys present then, and each read of any of these meters
 * (every scrape or publish reads them) registers counters for statuses and codes not seen before, in
 * every registry this binder was bound to. A new key is therefore exported from the scrape after the
 * one that first read it, at the latest; nothing else (no thread, no {@code close()}) is needed, unlike
 * a timer-driven refresh (Micrometer's {@code KafkaMetrics}). Looking a meter up without reading any
 * ({@code registry.find(..)}) does not refresh: call {@link #refresh()} first. Keys are never
 * removed: the counts they name only grow.
 *
 * <p><b>Cost.</b> Each meter read takes a fresh {@code server.metrics()} rather than sharing a cached
 * one: a snapshot sums six {@code LongAdder}s and copies three small maps (about 35 ns warm, under a
 * microsecond cold, measured in a loop on a busy 2-core machine), so a scrape of the ~15 meters costs
 * microseconds. A cache would add a staleness window and an ordering hazard (an older snapshot
 * published after a newer one would make a counter go back) to save that.
 *
 * <p><b>References.</b> As with Micrometer's own binders, the meters hold the server weakly: a server
 * dropped by the application (a listening server is held by its threads) is not kept alive by the
 * registry, and its meters then read {@code NaN}.
 *
 * <p>Thread-safe: bind, refresh and read from any thread.
 */
public final class WebSocketServerMetrics implements MeterBinder {

    private final WeakReference<WebSocketServer> server;
    private final Tags tags;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<Integer> rejectedStatuses = ConcurrentHashMap.newKeySet();
    private final Set<Integer> closeCodes = ConcurrentHashMap.newKeySet();
    private final Set<Integer> failureCodes = ConcurrentHashMap.newKeySet();

    public WebSocketServerMetrics(WebSocketServer server) {
        this(server, Tags.empty());
    }

    /** @param tags added to every meter, e.g. {@code Tags.of("endpoint", "chat")} to tell servers apart */
    public WebSocketServerMetrics(WebSocketServer server, Iterable<Tag> tags) {
        this.server = new WeakReference<>(Objects.requireNonNull(server, "server"));
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        WebSocketServer bound = server.get();
        if (bound == null) {
            return;
        }
        // Added before the known keys are registered, so a key a concurrent read adds meanwhile is
        // registered here or by that read (both sides add first, then look at the other's set).
        registries.add(registry);

        Gauge.builder("websocket.connections.open", bound, s -> read(s).openConnections())
                .description("WebSocket connections open now").baseUnit("connections").tags(tags)
                .register(registry);
        Gauge.builder("websocket.send.queue.peak", bound, s -> read(s).peakBufferedBytes())
                .description("The highest number of bytes any connection had queued for sending")
                .baseUnit(BaseUnits.BYTES).tags(tags).register(registry);

        FunctionCounter.builder("websocket.handshakes", bound, s -> read(s).handshakesAccepted())
                .description("WebSocket upgrades answered, by outcome and HTTP status")
                .tags(tags).tag("outcome", "accepted").tag("status", "101").register(registry);
        counter(registry, bound, "websocket.messages", "Whole WebSocket messages", null, "direction", "received",
                ServerMetrics::messagesReceived);
        counter(registry, bound, "websocket.messages", "Whole WebSocket messages", null, "direction", "sent",
                ServerMetrics::messagesSent);
        counter(registry, bound, "websocket.bytes", "WebSocket frame bytes", BaseUnits.BYTES, "direction", "received",
                ServerMetrics::bytesReceived);
        counter(registry, bound, "websocket.bytes", "WebSocket frame bytes", BaseUnits.BYTES, "direction", "sent",
                ServerMetrics::bytesSent);

        ServerMetrics now = bound.metrics();
        rejectedStatuses.addAll(now.handshakesRejected().keySet());
        closeCodes.addAll(now.closeCodes().keySet());
        failureCodes.addAll(now.failures().keySet());
        rejectedStatuses.forEach(status -> registerRejected(registry, bound, status));
        closeCodes.forEach(code -> registerClose(registry, bound, code));
        failureCodes.forEach(code -> registerFailure(registry, bound, code));
    }

    /**
     * Registers counters for the statuses and codes the server has counted since the last read or
     * refresh, in every registry this binder is bound to. Reads do this themselves; call it before
     * looking meters up by tag without reading any.
     */
    public void refresh() {
        WebSocketServer bound = server.get();
        if (bound != null) {
            read(bound);
        }
    }

    /** One snapshot for one meter read, registering counters for any key it shows for the first time. */
    private ServerMetrics read(WebSocketServer bound) {
        ServerMetrics now = bound.metrics();
        for (Integer status : now.handshakesRejected().keySet()) {
            if (rejectedStatuses.add(status)) {
                registries.forEach(registry -> registerRejected(registry, bound, status));
            }
        }
        for (Integer code : now.closeCodes().keySet()) {
            if (closeCodes.add(code)) {
                registries.forEach(registry -> registerClose(registry, bound, code));
            }
        }
        for (Integer code : now.failures().keySet()) {
            if (failureCodes.add(code)) {
                registries.forEach(registry -> registerFailure(registry, bound, code));
            }
        }
        return now;
    }

    private void registerRejected(MeterRegistry registry, WebSocketServer bound, int status) {
        FunctionCounter.builder("websocket.handshakes", bound,
                        s -> read(s).handshakesRejected().getOrDefault(status, 0L))
                .description("WebSocket upgrades answered, by outcome and HTTP status")
                .tags(tags).tag("outcome", "rejected").tag("status", Integer.toString(status)).register(registry);
    }

    private void registerClose(MeterRegistry registry, WebSocketServer bound, int code) {
        counter(registry, bound, "websocket.closes", "Closed WebSocket connections, by the close code reported", null,
                "code", Integer.toString(code), s -> s.closeCodes().getOrDefault(code, 0L));
    }

    private void registerFailure(MeterRegistry registry, WebSocketServer bound, int code) {
        counter(registry, bound, "websocket.failures", "WebSocket connections failed by the server, by the close code"
                + " it sent", null, "code", Integer.toString(code), s -> s.failures().getOrDefault(code, 0L));
    }

    private void counter(MeterRegistry registry, WebSocketServer bound, String name, String description,
            String baseUnit, String tagKey, String tagValue, Function<ServerMetrics, Long> value) {
        FunctionCounter.builder(name, bound, s -> value.apply(read(s)))
                .description(description).baseUnit(baseUnit).tags(tags).tag(tagKey, tagValue).register(registry);
    }
}
