package dev.jvmws.bench.load;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle connections (M1): opens many connections, upgrades them and then leaves them alone, so the
 * server's memory per idle connection can be read. Counts connections the server drops meanwhile.
 */
public final class IdleLoad implements ConnectionBehavior {
    private final LoadGenerator generator;
    private final Target target;
    private final AtomicInteger dropped = new AtomicInteger();

    public IdleLoad(LoadGenerator generator, Target target) {
        this.generator = generator;
        this.target = target;
    }

    /**
     * Opens {@code count} connections (at most {@link ConnectionOpener#DEFAULT_MAX_IN_FLIGHT}
     * handshakes at once) and returns the time it took in nanoseconds.
     */
    public long open(int count, long timeoutMillis) throws LoadException, InterruptedException {
        return ConnectionOpener.open(generator, target, null, this, count, ConnectionOpener.DEFAULT_MAX_IN_FLIGHT,
                timeoutMillis).elapsedNanos();
    }

    /** Connections the server closed after they were open. */
    public int dropped() {
        return dropped.get();
    }

    @Override
    public void onClosed(LoadConnection connection, String failure) {
        dropped.incrementAndGet();
    }
}
