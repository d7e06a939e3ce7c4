package dev.jvmws.bench.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens many connections with a bounded number of handshakes in flight, so that a burst of connects
 * does not overflow the server's accept backlog (a dropped SYN costs a one-second retransmit, which
 * would measure the kernel, not the server). Connections are dealt round-robin over the loops, each
 * loop pacing its own share; source addresses come from {@link SourceAddresses#forConnections}.
 * Thread-safe.
 */
public final class ConnectionOpener {
    /**
     * Handshakes in flight at once when opening many connections: as many as H1's connectors, and no
     * more than the JDK's default accept backlog (50), so even a server that keeps that default never
     * has a SYN dropped.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 50;

    private final List<LoadConnection> opened = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final CountDownLatch finished;
    private final int count;
    private long elapsedNanos;

    private ConnectionOpener(int count) {
        this.count = count;
        this.finished = new CountDownLatch(count);
    }

    /**
     * Opens {@code count} connections to {@code target}, each sending {@code message} (may be null)
     * and driven by {@code behavior}, and waits until all are open or failed, or {@code timeoutMillis}
     * passes.
     *
     * @throws LoadException if any connection failed or the time ran out
     */
    static ConnectionOpener open(LoadGenerator generator, Target target, Message message, ConnectionBehavior behavior,
            int count, int maxInFlight, long timeoutMillis) throws LoadException, InterruptedException {
        ConnectionOpener opener = new ConnectionOpener(count);
        SourceAddresses sources = SourceAddresses.forConnections(count);
        int threads = generator.threads();
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int share = count / threads + (i < count % threads ? 1 : 0);
            int inFlight = Math.max(1, maxInFlight / threads);
            LoadLoop loop = generator.loop(i);
            Pacer pacer = opener.new Pacer(loop, target, message, behavior, sources, share, inFlight);
            loop.execute(pacer::startMore);
        }
        boolean done = opener.finished.await(timeoutMillis, TimeUnit.MILLISECONDS);
        opener.elapsedNanos = System.nanoTime() - start;
        if (opener.failures.get() > 0) {
            throw new LoadException(opener.failures.get() + " of " + count + " connections failed to open to "
                    + target + "; first: " + opener.firstFailure.get());
        }
        if (!done) {
            throw new LoadException("only " + opener.opened.size() + " of " + count + " connections to " + target
                    + " opened within " + timeoutMillis + " ms");
        }
        return opener;
    }

    /** The open connections, in the order they opened. */
    List<LoadConnection> connections() {
        synchronized (opened) {
            return new ArrayList<>(opened);
        }
    }

    /** Time from the first connect to the last completed handshake. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    public int count() {
        return count;
    }

    /** One loop's share: starts connections while fewer than {@code maxInFlight} are handshaking. */
    private final class Pacer implements LoadConnection.OpenListener {
        private final LoadLoop loop;
        private final Target target;
        private final Message message;
        private final ConnectionBehavior behavior;
        private final SourceAddresses sources;
        private final int maxInFlight;
        private int notStarted;
        private int inFlight;

        Pacer(LoadLoop loop, Target target, Message message, ConnectionBehavior behavior, SourceAddresses sources,
                int share, int maxInFlight) {
            this.loop = loop;
            this.target = target;
            this.message = message;
            this.behavior = behavior;
            this.sources = sources;
            this.notStarted = share;
            this.maxInFlight = maxInFlight;
        }

        void startMore() {
            while (notStarted > 0 && inFlight < maxInFlight) {
                notStarted--;
                inFlight++;
                new LoadConnection(loop, target, message, behavior).start(sources.next(), this);
            }
        }

        @Override
        public void onOpened(LoadConnection connection) {
            inFlight--;
            opened.add(connection);
            finished.countDown();
            loop.execute(this::startMore);
        }

        @Override
        public void onOpenFailed(LoadConnection connection, String reason) {
            inFlight--;
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, reason);
            finished.countDown();
            loop.execute(this::startMore);
        }
    }
}
