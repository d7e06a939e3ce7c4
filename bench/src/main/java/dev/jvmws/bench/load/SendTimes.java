package dev.jvmws.bench.load;

/**
 * The send times of one connection's messages in flight, oldest first: echoes come back in order,
 * so the oldest send time belongs to the next reply. A ring of {@code long}s; not thread-safe.
 */
final class SendTimes {
    private final long[] ring;
    private final int mask;
    private long head;
    private long tail;

    SendTimes(int capacity) {
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        ring = new long[size];
        mask = size - 1;
    }

    void add(long nanos, int count) {
        if (tail - head + count > ring.length) {
            throw new IllegalStateException("more than " + ring.length + " messages in flight");
        }
        for (int i = 0; i < count; i++) {
            ring[(int) (tail++ & mask)] = nanos;
        }
    }

    /** Removes and returns the oldest send time. */
    long poll() {
        if (head == tail) {
            throw new IllegalStateException("a reply arrived for no message in flight");
        }
        return ring[(int) (head++ & mask)];
    }
}
