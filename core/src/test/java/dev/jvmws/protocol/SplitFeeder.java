package dev.jvmws.protocol;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Feeds a fixture to a fresh {@link Receiver} split at every point (two pieces, {@code [0,i)} and
 * {@code [i,n)}, for every {@code i} from 0 to n), and one byte at a time, in every {@link Pieces}
 * kind, and checks the same expected events each time (after the JDK's {@code forEachBufferPartition}).
 */
final class SplitFeeder {
    /** Fixtures longer than this are split at every point near each end and at a stride in between. */
    private static final int EXHAUSTIVE_LIMIT = 4096;
    private static final int SAMPLED_EDGE = 160;
    private static final int SAMPLED_MIDDLE = 97;

    private SplitFeeder() {}

    static void assertEvents(byte[] fixture, Role role, Consumer<EventRecorder> expected) {
        assertEvents(fixture, role, limits -> limits, expected);
    }

    static void assertEvents(byte[] fixture, Role role, UnaryOperator<MessageAssembler.Limits> limits,
            Consumer<EventRecorder> expected) {
        assertEvents(fixture, role, limits, assembler -> {}, expected);
    }

    /** As above, with {@code setup} applied to each fresh assembler (e.g. keepFragments). */
    static void assertEvents(byte[] fixture, Role role, UnaryOperator<MessageAssembler.Limits> limits,
            Consumer<MessageAssembler> setup, Consumer<EventRecorder> expected) {
        int n = fixture.length;
        for (Pieces kind : Pieces.values()) {
            for (int i = 0; i <= n; i = nextSplit(i, n)) {
                Receiver receiver = new Receiver(role, limits);
                setup.accept(receiver.assembler);
                receiver.feed(kind.wrap(fixture, 0, i)).feed(kind.wrap(fixture, i, n));
                check(receiver, expected, role + ", " + kind + ", split at " + i + " of " + n);
            }
            Receiver receiver = new Receiver(role, limits);
            setup.accept(receiver.assembler);
            for (int i = 0; i < n; i++) {
                receiver.feed(kind.wrap(fixture, i, i + 1));
            }
            check(receiver, expected, role + ", " + kind + ", one byte at a time");
        }
    }

    private static int nextSplit(int i, int n) {
        if (n <= EXHAUSTIVE_LIMIT || i < SAMPLED_EDGE || i >= n - SAMPLED_EDGE) {
            return i + 1;
        }
        return Math.min(i + Math.max(1, (n - 2 * SAMPLED_EDGE) / SAMPLED_MIDDLE), n - SAMPLED_EDGE);
    }

    private static void check(Receiver receiver, Consumer<EventRecorder> expected, String run) {
        try {
            expected.accept(receiver.events);
            receiver.events.assertExhausted();
        } catch (AssertionError e) {
            AssertionError wrapped = new AssertionError(run + ": " + e.getMessage()
                    + "\nall events: " + receiver.events.all());
            wrapped.initCause(e);
            throw wrapped;
        }
    }
}
