package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.internal.io.ManualClock;
import dev.jvmws.protocol.CloseCode;
import dev.jvmws.protocol.WebSocketProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks of issue 8, scaled down to run in seconds: one peer (or a few) must not be able to
 * take the server's memory or its event loops, and an honest client is served during and after.
 * The full-size attacks run with {@code bin/abuse}.
 */
class AttackSurvivalTest {
    private static final int MIB = 1024 * 1024;
    private LoopbackServer loopback;
    private final List<Socket> attackers = new ArrayList<>();
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void tearDown() throws Exception {
        for (Socket socket : attackers) {
            socket.close();
        }
    }

    @Test
    void trickledMessagesAreHeldWithinTheServersBudgetAndTheLargestHoldersAreClosed() throws Exception { // A8
        long budget = 8L * MIB;
        RecordingServerListener server = new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing());
        loopback = LoopbackServer.start(ServerOptions.builder()
                .maxPayload(4 * MIB)
                .messageMemoryBudget(budget)
                .messageMemoryWait(Duration.ofMillis(300))
                .clock(clock), server);
        int count = 12;
        List<RecordingListener> serverSides = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket socket = attacker(64 * 1024);
            socket.getOutputStream().write(frameHeader(0x82, 4 * MIB - 1));
            serverSides.add(server.nextConnection().events());
        }
        // Each sends 1 MiB of its 4 MiB message and stalls: 12 MiB asked of an 8 MiB budget.
        byte[] chunk = new byte[64 * 1024];
        long maxHeld = 0;
        for (int round = 0; round < 16; round++) {
            for (Socket socket : attackers) {
                socket.getOutputStream().write(chunk);
            }
            maxHeld = Math.max(maxHeld, loopback.server.messageMemoryHeld());
        }
        honestEcho(loopback.connectOpen(new RecordingListener()));
        int tooMuch = 0;
        // The wait is 300 ms of the server's clock: moved by hand, a wait at a time, until someone waited it out.
        // (The real-time bound only caps how long the machine may take to get the connections waiting.)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (tooMuch == 0 && System.nanoTime() < deadline) {
            clock.advance(Duration.ofMillis(300));
            maxHeld = Math.max(maxHeld, loopback.server.messageMemoryHeld());
            for (RecordingListener events : serverSides) {
                RecordingListener.Event event = events.poll(Duration.ofMillis(10));
                if (event instanceof RecordingListener.Failure failure
                        && failure.error() instanceof WebSocketProtocolException violation
                        && violation.closeCode() == CloseCode.TRY_AGAIN_LATER) {
                    tooMuch++;
                }
            }
        }
        assertThat(tooMuch).as("connections closed with 1013 once the wait was over").isPositive();
        // Bytes already read when the budget ran out are kept: at most a read and a chunk each.
        assertThat(maxHeld).isLessThanOrEqualTo(budget + count * (256 * 1024 + MIB));
        honestEcho(loopback.connectOpen(new RecordingListener()));
    }

    @Test
    void theServerCountsTheBytesOfUnfinishedMessagesAgainstItsBudgetAndReleasesThem() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder().maxPayload(MIB).messageMemoryBudget(8L * MIB), server);
        Socket socket = attacker(64 * 1024);
        RecordingListener serverSide = server.nextConnection().events();
        socket.getOutputStream().write(frameHeader(0x82, MIB));
        socket.getOutputStream().write(new byte[MIB / 2]); // half the message: held, unfinished
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loopback.server.messageMemoryHeld() < MIB / 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(loopback.server.messageMemoryHeld()).as("held while unfinished").isBetween((long) MIB / 2, 2L * MIB);

        socket.getOutputStream().write(new byte[MIB / 2]);
        assertThat(serverSide.nextBinary()).hasSize(MIB);
        while (loopback.server.messageMemoryHeld() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(loopback.server.messageMemoryHeld()).as("released once delivered").isZero();
        assertThat(loopback.server.messageMemoryPeak()).as("the most held at once").isBetween((long) MIB / 2, 2L * MIB);
    }

    @Test
    void messagesInflatingSideBySideWaitForTheBudgetAsReadingDoes() throws Exception { // A7
        long budget = 2L * MIB;
        RecordingServerListener server = new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing());
        loopback = LoopbackServer.start(ServerOptions.builder()
                .maxPayload(MIB)
                .perMessageDeflate(true)
                .messageMemoryBudget(budget)
                .messageMemoryWait(Duration.ofMillis(300))
                .clock(clock), server);
        // The first frame of a compressed message (RSV1, not final) inflating to just under maxPayload:
        // each connection reads its few KiB at once, then inflates slice by slice from what it read.
        byte[] firstFrame = PerMessageDeflateTest.clientFrame(0x42,
                PerMessageDeflateTest.deflate(new byte[MIB - 64 * 1024]));
        int count = 20;
        List<RecordingListener> serverSides = compressedAttackers(server, count, firstFrame);
        int closed = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closed == 0 && System.nanoTime() < deadline) {
            clock.advance(Duration.ofMillis(300)); // the server's clock: a wait at a time
            for (RecordingListener events : serverSides) {
                if (events.poll(Duration.ofMillis(1)) instanceof RecordingListener.Failure failure) {
                    assertThat(((WebSocketProtocolException) failure.error()).closeCode())
                            .isEqualTo(CloseCode.TRY_AGAIN_LATER);
                    closed++;
                }
            }
        }
        assertThat(closed).as("holders of the spent budget are closed once the wait is over").isPositive();
        // 20 x ~1 MiB would be held without the wait; with it, the budget, one leader's message and a
        // slice and a chunk each.
        assertThat(loopback.server.messageMemoryPeak()).isLessThanOrEqualTo(budget + MIB + count * 512 * 1024);
        honestEcho(loopback.connectOpen(new RecordingListener()));
    }

    @Test
    void bombsWaitingForTheBudgetAreStoppedOneAfterAnotherWithoutWaitingOut() throws Exception { // A7
        RecordingServerListener server = new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing());
        loopback = LoopbackServer.start(ServerOptions.builder()
                .maxPayload(MIB)
                .perMessageDeflate(true)
                .messageMemoryBudget(2L * MIB)
                .messageMemoryWait(Duration.ofSeconds(60)), server);
        byte[] bomb = PerMessageDeflateTest.clientFrame(0xC2, PerMessageDeflateTest.deflate(new byte[16 * MIB]));
        List<RecordingListener> serverSides = compressedAttackers(server, 10, bomb);
        // The budget holds two of them; one connection at a time goes on past it, so each bomb
        // reaches maxPayload (1009) in turn, long before the 60 s wait would close anyone.
        for (RecordingListener events : serverSides) {
            Throwable error = events.nextError();
            assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(CloseCode.MESSAGE_TOO_BIG);
        }
        honestEcho(loopback.connectOpen(new RecordingListener()));
    }

    @Test
    void slowAndSilentHandshakesAreCutAtTheHandshakeTimeout() throws Exception { // A1, A3
        loopback = LoopbackServer.start(ServerOptions.builder().handshakeTimeout(Duration.ofMillis(400)),
                new RecordingServerListener().connectionListeners(() -> new RecordingListener().echoing()));
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Socket socket = new Socket();
            attackers.add(socket);
            socket.connect(new InetSocketAddress("127.0.0.1", loopback.port()), 5000);
            socket.setSoTimeout(5000);
            slow.add(socket);
        }
        byte[] request = RawSocket.upgradeRequest("/").getBytes(StandardCharsets.ISO_8859_1);
        for (int b = 0; b < 3; b++) { // a byte at a time from half of them; the other half stay silent
            for (int i = 0; i < slow.size(); i += 2) {
                slow.get(i).getOutputStream().write(request[b]);
            }
        }
        honestEcho(loopback.connectOpen(new RecordingListener()));
        for (Socket socket : slow) {
            assertThat(socket.getInputStream().read()).as("cut without an answer").isEqualTo(-1);
        }
    }

    @Test
    void peersResettingMidFrameLeaveNothingBehind() throws Exception { // A9
        RecordingServerListener server = new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing());
        loopback = LoopbackServer.start(ServerOptions.builder(), server);
        for (int i = 0; i < 60; i++) {
            Socket socket = attacker(64 * 1024);
            byte[] frame = RawSocket.maskedFrame(0x2, new byte[1000]);
            socket.getOutputStream().write(Arrays.copyOf(frame, i % 3 == 0 ? 1 : i % 3 == 1 ? 5 : 500));
            socket.setSoLinger(true, 0);
            socket.close(); // a reset in the header, the mask key or the payload
            server.nextConnection();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!loopback.server.clients().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(loopback.server.clients()).as("every reset connection is gone").isEmpty();
        assertThat(loopback.server.messageMemoryHeld()).isZero();
        honestEcho(loopback.connectOpen(new RecordingListener()));
    }

    @Test
    void pingFloodFromAPeerThatNeverReadsIsClosedWith1008() throws Exception { // A5
        RecordingServerListener server = new RecordingServerListener()
                .connectionListeners(() -> new RecordingListener().echoing());
        loopback = LoopbackServer.start(ServerOptions.builder().closeTimeout(Duration.ofSeconds(1)), server);
        Socket socket = attacker(4096);
        RecordingServerListener.Accepted accepted = server.nextConnection();
        byte[] pings = new byte[1000 * 131];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(maskedPing(), 0, pings, i * 131, 131);
        }
        CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < 400 && !socket.isClosed(); i++) {
                    socket.getOutputStream().write(pings);
                }
            } catch (IOException ignored) {
                // the server closed the connection: what the test waits for
            }
        });
        RecordingListener.Event event = accepted.events().next();
        while (event instanceof RecordingListener.Ping) {
            event = accepted.events().next();
        }
        assertThat(event).isInstanceOf(RecordingListener.Failure.class);
        Throwable error = ((RecordingListener.Failure) event).error();
        assertThat(error).isInstanceOf(WebSocketProtocolException.class);
        assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
        assertThat(error).hasMessageContaining("pongs");
        // What stayed queued: the pongs that could not be written, no more.
        assertThat(accepted.ws().bufferedAmount()).isLessThanOrEqualTo(61 * 127 + 4);
        socket.close();
        flood.get(10, TimeUnit.SECONDS);
        honestEcho(loopback.connectOpen(new RecordingListener()));
    }

    @Test
    void autoPongQueueIsUnboundedOnlyWhenAskedFor() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder().maxPendingAutoPongs(0), server);
        Socket socket = attacker(4096);
        RecordingServerListener.Accepted accepted = server.nextConnection();
        byte[] ping = maskedPing();
        for (int i = 0; i < 50_000; i++) {
            socket.getOutputStream().write(ping);
        }
        accepted.events().next(RecordingListener.Ping.class);
        assertThat(accepted.ws().readyState()).isEqualTo(ReadyState.OPEN);
    }

    @Test
    void sendsBeyondMaxBufferedBytesFailAndQueueNothing() throws Exception { // A6, the library's part
        RecordingServerListener server = new RecordingServerListener();
        long limit = 256 * 1024;
        loopback = LoopbackServer.start(ServerOptions.builder().maxBufferedBytes(limit), server);
        attacker(4096); // never reads
        WebSocket ws = server.nextConnection().ws();
        ByteBuffer message = ByteBuffer.allocate(64 * 1024);
        Throwable refused = null;
        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        for (int i = 0; i < 10_000 && refused == null; i++) {
            CompletableFuture<Void> sent = ws.send(message.duplicate());
            if (sent.isCompletedExceptionally()) {
                try {
                    sent.get();
                } catch (ExecutionException e) {
                    refused = e.getCause();
                }
            } else {
                accepted.add(sent);
            }
            assertThat(ws.bufferedAmount()).isLessThanOrEqualTo(limit);
        }
        assertThat(refused).isInstanceOf(SendBufferFullException.class);
        assertThat(((SendBufferFullException) refused).limit()).isEqualTo(limit);
        assertThat(ws.readyState()).as("a refused send leaves the connection open").isEqualTo(ReadyState.OPEN);
        assertThat(accepted).as("sends accepted before the cap stay queued, not failed")
                .noneMatch(CompletableFuture::isCompletedExceptionally);
    }

    @Test
    void anEmptyQueueTakesAMessageLargerThanTheCap() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder().maxBufferedBytes(1024), server);
        RecordingListener client = new RecordingListener();
        loopback.connectOpen(client);
        WebSocket ws = server.nextConnection().ws();
        ws.send(ByteBuffer.allocate(100_000)).get(5, TimeUnit.SECONDS);
        assertThat(client.nextBinary()).hasSize(100_000);
    }

    @Test
    void floodOfEmptyFragmentsIsClosedWith1008AtTheDefaultLimit() throws Exception { // A4
        RecordingServerListener server = new RecordingServerListener();
        loopback = LoopbackServer.start(ServerOptions.builder(), server);
        Socket socket = attacker(64 * 1024);
        RecordingServerListener.Accepted accepted = server.nextConnection();
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(new byte[] {0x01, (byte) 0x80, 0, 0, 0, 0}); // TEXT, not final, empty, masked
        for (int i = 0; i < 20_000; i++) {
            frames.writeBytes(new byte[] {0x00, (byte) 0x80, 0, 0, 0, 0});
        }
        try {
            socket.getOutputStream().write(frames.toByteArray());
        } catch (IOException ignored) {
            // closed by the server part-way: expected
        }
        Throwable error = accepted.events().nextError();
        assertThat(((WebSocketProtocolException) error).closeCode()).isEqualTo(CloseCode.POLICY_VIOLATION);
        assertThat(error).hasMessageContaining("fragments");
    }

    @Test
    void fatalErrorOnALoopStopsTheServerVisibly() throws Exception {
        RecordingServerListener server = new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                throw new OutOfMemoryError("simulated");
            }
        });
        loopback = LoopbackServer.start(ServerOptions.builder(), server);
        RecordingListener client = new RecordingListener();
        WebSocket ws = loopback.connectOpen(client);
        ws.send("boom");
        assertThat(server.nextServerError()).isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
        client.next(RecordingListener.Close.class);
        CompletableFuture<Void> closed = loopback.server.close();
        try {
            closed.get(5, TimeUnit.SECONDS);
            throw new AssertionError("close() completed normally after a fatal error");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OutOfMemoryError.class);
        }
        loopback.closedByTheTest();
    }

    @Test
    void nonFatalErrorFromAListenerClosesOnlyItsConnection() throws Exception {
        RecordingServerListener server = new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                if (text.equals("boom")) {
                    throw new NoClassDefFoundError("simulated, like a class that can't load without a free fd");
                }
                ws.send(text);
            }
        });
        loopback = LoopbackServer.start(ServerOptions.builder().threads(1), server);
        RecordingListener victim = new RecordingListener();
        loopback.connectOpen(victim).send("boom");
        victim.assertNextClose(CloseCode.INTERNAL_ERROR, "");
        RecordingListener other = new RecordingListener();
        loopback.connectOpen(other).send("still here");
        assertThat(other.nextText()).isEqualTo("still here");
    }

    @Test
    void fatalErrorInAClientCallbackClosesThatClientAndLaterClientsStillConnect() throws Exception {
        loopback = LoopbackServer.start(ServerOptions.builder(),
                new RecordingServerListener().connectionListeners(() -> new RecordingListener().echoing()));
        RecordingListener victim = new RecordingListener() {
            @Override
            public void onText(WebSocket ws, String text) {
                throw new OutOfMemoryError("simulated");
            }
        };
        loopback.connectOpen(victim).send("boom");
        assertThat(victim.nextError()).isInstanceOf(OutOfMemoryError.class);
        victim.next(RecordingListener.Close.class);
        // Clients share the process's loops: the one lost is replaced. Try on every loop.
        for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
            honestEcho(loopback.connectOpen(new RecordingListener()));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An upgraded raw connection with a small receive buffer; closed in teardown. */
    private Socket attacker(int receiveBuffer, String... extraHeaders) throws IOException {
        Socket socket = new Socket();
        attackers.add(socket);
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress("127.0.0.1", loopback.port()), 5000);
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(RawSocket.upgradeRequest("/", extraHeaders).getBytes(StandardCharsets.ISO_8859_1));
        InputStream in = socket.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat(b).as("upgrade response").isNotNegative();
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return socket;
    }

    /**
     * Opens {@code count} attackers that negotiate permessage-deflate, then has each send
     * {@code frames}, all connected before any sends; returns their server-side recorders.
     */
    private List<RecordingListener> compressedAttackers(RecordingServerListener server, int count, byte[] frames)
            throws IOException {
        List<RecordingListener> serverSides = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(attacker(64 * 1024, "Sec-WebSocket-Extensions: permessage-deflate"));
            serverSides.add(server.nextConnection().events());
        }
        for (Socket socket : sockets) {
            socket.getOutputStream().write(frames);
        }
        return serverSides;
    }

    private static byte[] frameHeader(int firstByte, long length) {
        ByteBuffer header = ByteBuffer.allocate(14);
        header.put((byte) firstByte).put((byte) (0x80 | 127)).putLong(length).putInt(0);
        return header.array();
    }

    private static byte[] maskedPing() {
        byte[] frame = new byte[131];
        frame[0] = (byte) 0x89;
        frame[1] = (byte) (0x80 | 125);
        return frame; // mask key and payload all zero: a valid 125-byte ping
    }

    /** Checks that {@code ws} gets its echo; returns its listener. */
    private static WebSocket.Listener honestEcho(WebSocket ws) throws Exception {
        RecordingListener listener = new RecordingListener();
        ws.setListener(listener);
        ws.send("honest").get(5, TimeUnit.SECONDS);
        assertThat(listener.nextText()).isEqualTo("honest");
        return listener;
    }
}
