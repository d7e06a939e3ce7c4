package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The client an attack must not hurt: once a second it sends a small text message on a connection it
 * keeps (reconnecting at the next tick if it was lost), and, on a second thread, opens a new
 * connection, echoes one message and closes it. Each probe counts in the phase it started in (during
 * the attack, or after it); the round trip is from the write of the message to the read of its echo.
 * A probe that gets no answer within {@link #PROBE_TIMEOUT_MILLIS} fails. Thread-safe.
 */
final class HonestClient implements AutoCloseable {
    static final int PROBE_TIMEOUT_MILLIS = 3_000;
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

    enum Phase { DURING, AFTER }

    private final InetSocketAddress target;
    private final ProbeStats[] kept = {new ProbeStats(), new ProbeStats()};
    private final ProbeStats[] fresh = {new ProbeStats(), new ProbeStats()};
    private final Thread keptThread;
    private final Thread freshThread;
    private volatile Phase phase = Phase.DURING;
    private volatile boolean stopped;
    private ProbeConnection keptConnection;
    private long sequence;

    private HonestClient(InetSocketAddress target) {
        this.target = target;
        this.keptThread = new Thread(() -> loop(this::probeKept), "honest-kept");
        this.freshThread = new Thread(() -> loop(this::probeFresh), "honest-fresh");
        keptThread.setDaemon(true);
        freshThread.setDaemon(true);
    }

    /** Opens the kept connection now (before the attack begins), then probes every second. */
    static HonestClient start(InetSocketAddress target) {
        HonestClient client = new HonestClient(target);
        try {
            client.keptConnection = ProbeConnection.open(target, PROBE_TIMEOUT_MILLIS);
        } catch (IOException e) {
            client.kept[Phase.DURING.ordinal()].failed("connect: " + Figures.reason(e));
        }
        client.keptThread.start();
        client.freshThread.start();
        return client;
    }

    void phase(Phase next) {
        phase = next;
    }

    /** The probes on the kept connection in phase {@code p}. */
    ProbeStats kept(Phase p) {
        return kept[p.ordinal()];
    }

    /** The probes on a new connection each in phase {@code p}. */
    ProbeStats fresh(Phase p) {
        return fresh[p.ordinal()];
    }

    /** Stops probing; waits for a probe in progress (at most its timeout) and closes the kept connection. */
    @Override
    public void close() throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        keptThread.interrupt();
        freshThread.interrupt();
        keptThread.join(PROBE_TIMEOUT_MILLIS * 3L);
        freshThread.join(PROBE_TIMEOUT_MILLIS * 3L);
        if (keptConnection != null) {
            keptConnection.close();
        }
    }

    private void loop(Runnable probe) {
        long next = System.nanoTime();
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (stopped) {
                return;
            }
            probe.run();
            // A slow probe delays the next one rather than piling probes up.
            next = Math.max(next + PERIOD_NANOS, System.nanoTime());
        }
    }

    private void probeKept() {
        ProbeStats stats = kept[phase.ordinal()];
        try {
            if (keptConnection == null) {
                keptConnection = ProbeConnection.open(target, PROBE_TIMEOUT_MILLIS);
            }
            stats.ok(keptConnection.echo("probe " + (++sequence)));
        } catch (IOException e) {
            stats.failed(Figures.reason(e));
            if (keptConnection != null) {
                keptConnection.close();
                keptConnection = null;
            }
        }
    }

    private void probeFresh() {
        ProbeStats stats = fresh[phase.ordinal()];
        try (ProbeConnection connection = ProbeConnection.open(target, PROBE_TIMEOUT_MILLIS)) {
            stats.ok(connection.echo("fresh probe"));
        } catch (IOException e) {
            stats.failed(Figures.reason(e));
        }
    }
}
