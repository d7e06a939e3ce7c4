package dev.jvmws.internal.conn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.internal.io.EventLoop;
import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.internal.io.MemoryTransport;
import dev.jvmws.internal.io.TransportHandler;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.Opcode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection driven over the in-memory transport pair: no sockets, a clock the test moves, and a
 * raw peer that reads the exact bytes on the wire.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionTest {
    private static final long CLOSE_TIMEOUT_NANOS = Duration.ofSeconds(30).toNanos();
    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = clock.newLoop("connection-test");

    @AfterEach
    void stop() {
        loop.shutdown();
    }

    private static final long HIGH_WATER = 2000;
    private static final long LOW_WATER = 500;

    private static ConnectionConfig config(boolean client) {
        return new ConnectionConfig(client, 1 << 20, 0, false, true, CLOSE_TIMEOUT_NANOS, null, null, null, null,
                60, 0, HIGH_WATER, LOW_WATER, null, null, 0, 0, 0, 0, 0, null);
    }

    /** Records what the connection reports, in order. */
    static class Events implements ConnectionListener {
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onOpen() {}

        @Override
        public void onText(String text) {
            events.add("text " + text);
        }

        @Override
        public void onBinary(ByteBuffer data) {
            events.add("binary " + data.remaining());
        }

        @Override
        public void onBinaryFragments(List<ByteBuffer> fragments) {
            events.add("fragments " + fragments.size());
        }

        @Override
        public void onPing(ByteBuffer payload) {
            events.add("ping");
        }

        @Override
        public void onPong(ByteBuffer payload) {
            events.add("pong");
        }

        @Override
        public void onDrain() {
            events.add("drain");
        }

        @Override
        public void onError(Throwable error) {
            events.add("error " + error.getMessage());
        }

        @Override
        public void onClosed(int code, String reason, boolean wasClean) {
            events.add("closed " + code + " " + reason + " " + wasClean);
        }

        /** The next event other than a drain (for tests about something else). */
        String nextButDrain() throws InterruptedException {
            String event = next();
            return event.equals("drain") ? next() : event;
        }

        String next() throws InterruptedException {
            String event = events.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("an event within 5 s").isNotNull();
            return event;
        }
    }

    private Connection open(MemoryTransport transport, boolean client, ConnectionListener listener) throws Exception {
        CompletableFuture<Connection> opened = new CompletableFuture<>();
        loop.execute(() -> Connection.open(transport, config(client), listener, null, null, opened::complete));
        return opened.get(5, TimeUnit.SECONDS);
    }

    /**
     * Reads exactly {@code count} bytes from the raw end, as the peer's kernel would hand them over,
     * waiting for the end to become readable between reads.
     */
    private static byte[] readRaw(MemoryTransport end, int count) throws Exception {
        Semaphore readable = new Semaphore(0);
        end.handler(new TransportHandler() {
            @Override
            public void onReadable() {
                end.readInterest(false); // once per wait: the test thread reads
                readable.release();
            }

            @Override
            public void onWritable() {}

            @Override
            public void onLoopShutdown(Throwable cause) {}

            @Override
            public void onUnexpectedError(Throwable error) {}
        });
        ByteBuffer into = ByteBuffer.allocate(count);
        while (into.hasRemaining()) {
            if (end.read(into) == 0) {
                end.loop().execute(() -> end.readInterest(true));
                assertThat(readable.tryAcquire(5, TimeUnit.SECONDS))
                        .as("%d bytes within 5 s, %d so far", count, into.position()).isTrue();
            }
        }
        return into.array();
    }

    @Test
    void messagesCrossThePairBothWaysAndTheClosingHandshakeIsClean() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        Events clientEvents = new Events();
        Events serverEvents = new Events();
        Connection client = open(pair[0], true, clientEvents);
        Connection server = open(pair[1], false, serverEvents);

        client.sends().send(Opcode.TEXT, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)), true, false, null, this,
                new CompletableFuture<>());
        assertThat(serverEvents.next()).isEqualTo("text hello");
        server.sends().send(Opcode.BINARY, ByteBuffer.allocate(100_000), true, false, null, this, new CompletableFuture<>());
        assertThat(clientEvents.next()).isEqualTo("binary 100000");

        // The loop is held busy so the closing handshake cannot finish before the state is read: close()
        // called off the loop must report CLOSING by itself, before the loop has run anything.
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            loopHeld.countDown();
            awaitQuietly(release);
        });
        assertThat(loopHeld.await(5, TimeUnit.SECONDS)).isTrue();
        client.close(ByteBuffer.wrap(new byte[] {0x03, (byte) 0xE8}));
        ConnectionState.Ready stateOnReturn = client.readyState();
        release.countDown();
        assertThat(stateOnReturn).as("CLOSING as soon as close() returns").isEqualTo(ConnectionState.Ready.CLOSING);
        assertThat(serverEvents.nextButDrain()).isEqualTo("closed 1000  true");
        assertThat(clientEvents.nextButDrain()).isEqualTo("closed 1000  true");
        assertThat(client.readyState()).isEqualTo(ConnectionState.Ready.CLOSED);
        assertThat(server.readyState()).isEqualTo(ConnectionState.Ready.CLOSED);
    }

    @Test
    void aPingPassesQueuedDataFramesAtTheNextFrameBoundaryWithoutSplittingOne() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1024); // the peer reads nothing yet
        Connection server = open(pair[1], false, new Events());
        onLoop(() -> server.sends().send(Opcode.BINARY, ByteBuffer.allocate(4000), true, false, null, this, new CompletableFuture<>()));
        nextTurn(); // the first frame's first KiB is written: it is partly sent
        onLoop(() -> {
            server.sends().send(Opcode.BINARY, ByteBuffer.allocate(4000), true, false, null, this, new CompletableFuture<>());
            server.sends().sendControl(Opcode.PING, ByteBuffer.wrap(new byte[] {'p'}), null, new CompletableFuture<>());
        });

        MemoryTransport peer = pair[0];
        byte[] first = readRaw(peer, 4 + 4000);
        assertThat(first[0] & 0xFF).as("the first data frame, whole").isEqualTo(0x82);
        assertThat(readRaw(peer, 3)).as("then the ping, ahead of the second data frame").containsExactly(0x89, 1, 'p');
        assertThat(readRaw(peer, 4 + 4000)[0] & 0xFF).isEqualTo(0x82);
        assertThat(server.bufferedAmount()).isZero();
    }

    @Test
    void aPongQueuedBeforeAnyDataIsWrittenGoesFirst() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        Connection server = open(pair[1], false, new Events());
        onLoop(() -> {
            server.sends().send(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'d'}), true, false, null, this, new CompletableFuture<>());
            server.sends().sendControl(Opcode.PONG, ByteBuffer.allocate(0), null, new CompletableFuture<>());
        });
        assertThat(readRaw(pair[0], 5)).containsExactly(0x8A, 0, 0x81, 1, 'd');
    }

    @Test
    void theCloseFrameWaitsForDataAlreadyAccepted() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        Connection server = open(pair[1], false, new Events());
        onLoop(() -> {
            server.sends().send(Opcode.TEXT, ByteBuffer.wrap(new byte[] {'d'}), true, false, null, this, new CompletableFuture<>());
            server.close(ByteBuffer.allocate(0));
        });
        assertThat(readRaw(pair[0], 5)).containsExactly(0x81, 1, 'd', 0x88, 0);
    }

    @Test
    void drainIsToldOnceTheQueueIsBackAtTheLowWaterMarkAfterPassingTheHighOne() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 1024); // the peer reads nothing yet
        Events events = new Events();
        Connection server = open(pair[1], false, events);
        onLoop(() -> server.sends().send(Opcode.BINARY, ByteBuffer.allocate(1500), true, false, null, this, new CompletableFuture<>()));
        readRaw(pair[0], 4 + 1500);
        nextTurn();
        assertThat(events.events).as("never above the high-water mark: no drain").isEmpty();

        onLoop(() -> server.sends().send(Opcode.BINARY, ByteBuffer.allocate(3000), true, false, null, this, new CompletableFuture<>()));
        nextTurn();
        assertThat(server.bufferedAmount()).as("behind: the peer has read nothing").isGreaterThan(HIGH_WATER - 1024);
        assertThat(events.events).isEmpty();
        readRaw(pair[0], 1024); // down to ~2 KiB queued: still above the low-water mark
        nextTurn();
        assertThat(events.events).isEmpty();
        readRaw(pair[0], 4 + 3000 - 1024);
        assertThat(events.next()).isEqualTo("drain");
        assertThat(server.bufferedAmount()).isZero();
    }

    @Test
    void withAnExecutorCallbacksRunThereInOrderAndAListenerBehindHoldsTheReadingUntilItCatchesUp() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "callbacks"));
        CountDownLatch blocked = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        Events events = new Events() {
            @Override
            public void onText(String text) {
                threads.add(Thread.currentThread().getName());
                if (text.equals("000")) {
                    await(blocked); // the listener falls behind: more than Delivery.HOLD_AT events wait
                }
                super.onText(text);
            }
        };
        try {
            CompletableFuture<Connection> opened = new CompletableFuture<>();
            ConnectionConfig withExecutor = new ConnectionConfig(false, 1 << 20, 0, false, true, CLOSE_TIMEOUT_NANOS,
                    null, null, null, null, 60, 0, HIGH_WATER, LOW_WATER, null, executor, 0, 0, 0, 0, 0, null);
            loop.execute(() -> Connection.open(pair[1], withExecutor, events, null, null, opened::complete));
            opened.get(5, TimeUnit.SECONDS);
            int count = Delivery.HOLD_AT * 3;
            writeTexts(pair[0], 0, count);
            nextTurn();
            nextTurn();
            writeTexts(pair[0], count, count + 10); // arrives while the first ones wait for the listener
            nextTurn();
            nextTurn();
            assertThat(pair[1].unread()).as("held: what came later is not read while the listener is behind")
                    .isEqualTo(10 * (6 + 3));
            count += 10;
            blocked.countDown();
            for (int i = 0; i < count; i++) {
                assertThat(events.next()).isEqualTo("text " + String.format("%03d", i));
            }
            assertThat(threads).containsOnly("callbacks");
        } finally {
            blocked.countDown();
            executor.shutdown();
        }
    }

    /** Writes masked text frames "from" .. "to - 1" (each 3 characters at most) to {@code end}. */
    private void writeTexts(MemoryTransport end, int from, int to) throws Exception {
        ByteBuffer frames = ByteBuffer.allocate((to - from) * 16);
        for (int i = from; i < to; i++) {
            byte[] text = String.format("%03d", i).getBytes(StandardCharsets.UTF_8);
            frames.put((byte) 0x81).put((byte) (0x80 | text.length)).putInt(0).put(text);
        }
        frames.flip();
        onLoop(() -> {
            try {
                end.write(frames);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onLoop(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            action.run();
            done.complete(null);
        });
        done.get(5, TimeUnit.SECONDS);
    }

    /** Returns once the loop has finished its current turn, flushes included, and begun the next. */
    private void nextTurn() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.defer(() -> done.complete(null)));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPeerThatNeverAnswersTheCloseIsDroppedAtTheCloseTimeoutNotBefore() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        Events events = new Events();
        Connection server = open(pair[1], false, events);
        server.close(ByteBuffer.wrap(new byte[] {0x03, (byte) 0xE8}));
        assertThat(readRaw(pair[0], 4)).containsExactly(0x88, 2, 0x03, 0xE8); // the close timer runs
        clock.advance(Duration.ofNanos(CLOSE_TIMEOUT_NANOS - 1));
        settle();
        assertThat(events.events).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(events.next()).isEqualTo("closed " + CloseCode.ABNORMAL_CLOSURE + "  false");
    }

    @Test
    void aListenerThatThrowsFailsTheConnectionWith1011AndIsToldOnce() throws Exception {
        MemoryTransport[] pair = MemoryTransport.pair(loop, loop, 64 * 1024);
        Events events = new Events() {
            @Override
            public void onText(String text) {
                super.onText(text);
                throw new IllegalStateException("listener bug");
            }
        };
        open(pair[1], false, events);
        pair[0].loop().execute(() -> {
            try {
                pair[0].write(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81, 0, 0, 0, 0, 'x'}));
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(events.next()).isEqualTo("text x");
        assertThat(events.next()).isEqualTo("error listener bug");
        assertThat(readRaw(pair[0], 4)).containsExactly(0x88, 2, 0x03, 0xF3); // 1011
    }

    /** Returns once the loop has run every timer due at the clock's present time. */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> loop.schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }
}
