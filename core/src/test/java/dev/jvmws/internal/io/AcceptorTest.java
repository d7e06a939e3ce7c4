package dev.jvmws.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accept loop's back-off, on a clock the test moves: after a failed accept (EMFILE) nothing is
 * tried again until the back-off has passed, to the nanosecond — a listening socket that stays ready
 * can't spin a core — and the back-off doubles from 50 ms to 1 s while failures go on and starts
 * over once accepting works. Also what a Unix listener does with its socket file on close.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AcceptorTest {
    private final ManualClock clock = new ManualClock();
    private final EventLoopGroup group = new EventLoopGroup(1, "acceptor-test", true, error -> {}, clock);
    /** Each accept call: "failed" or "accepted". */
    private final LinkedBlockingQueue<String> attempts = new LinkedBlockingQueue<>();
    private final List<SocketChannel> accepted = new ArrayList<>();
    private final List<Socket> peers = new ArrayList<>();
    private volatile boolean failing = true;
    private Acceptor acceptor;

    @AfterEach
    void stop() throws Exception {
        for (Socket peer : peers) {
            peer.close();
        }
        if (acceptor != null) {
            acceptor.close().get(5, TimeUnit.SECONDS);
        }
        group.shutdown().get(5, TimeUnit.SECONDS);
        for (SocketChannel socket : accepted) {
            socket.close();
        }
    }

    private void start() throws Exception {
        acceptor = Acceptor.bind(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64,
                (loop, socket) -> accepted.add(socket)).get(5, TimeUnit.SECONDS);
        acceptor.acceptWith(channel -> {
            if (failing) {
                attempts.add("failed");
                throw new IOException("Too many open files"); // as EMFILE: the peer stays in the backlog
            }
            SocketChannel socket = channel.accept();
            if (socket != null) {
                attempts.add("accepted");
            }
            return socket;
        });
    }

    /** Opens a connection; it waits in the listening socket's backlog until accepted. */
    private void connect() throws Exception {
        Socket peer = new Socket();
        peer.connect(acceptor.localAddress(), 5_000);
        peers.add(peer);
    }

    /** Returns once the loop has run every task and timer due now. */
    private void settle() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        group.first().execute(() -> group.first().schedule(() -> done.complete(null), 0));
        done.get(5, TimeUnit.SECONDS);
    }

    /** Moves the clock by {@code millis}, checking that nothing was tried a nanosecond before. */
    private void passBackOff(long millis) throws Exception {
        clock.advance(Duration.ofNanos(millis * 1_000_000 - 1));
        settle();
        assertThat(attempts).as("accept calls before the back-off of " + millis + " ms has passed").isEmpty();
        clock.advance(Duration.ofNanos(1));
    }

    /** Waits for the next accept call and for the loop to finish its wake-up (the back-off is scheduled). */
    private void expect(String attempt) throws Exception {
        assertThat(attempts.poll(5, TimeUnit.SECONDS)).isEqualTo(attempt);
        settle();
    }

    @Test
    void backsOffFrom50MillisDoublingTo1SecondAndStartsOverOnceAcceptingWorks() throws Exception {
        start();
        connect();
        expect("failed"); // accepting stops for 50 ms; the peer waits in the backlog
        for (long backoff : new long[] {50, 100, 200, 400, 800, 1_000, 1_000}) {
            passBackOff(backoff);
            expect("failed");
        }

        failing = false;
        passBackOff(1_000);
        expect("accepted");
        settle();
        assertThat(accepted).hasSize(1);

        failing = true;
        connect();
        expect("failed"); // the first failure after a success: the back-off starts over at 50 ms
        passBackOff(50);
        expect("failed");
        passBackOff(100);
        expect("failed");
    }

    @Test
    void aSecondCloseLeavesALaterListenersSocketFileAlone(@TempDir Path dir) throws Exception {
        // Closing removes the socket file (the JDK leaves it), once: close() again, or the loop's
        // shutdown after it, must not delete the file of a new listener on the same path.
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("reused.sock"));
        Acceptor first = Acceptor.bind(group, path, 64, (loop, socket) -> accepted.add(socket)).get(5, TimeUnit.SECONDS);
        first.close().get(5, TimeUnit.SECONDS);
        assertThat(path.getPath()).doesNotExist();
        acceptor = Acceptor.bind(group, path, 64, (loop, socket) -> accepted.add(socket)).get(5, TimeUnit.SECONDS);

        first.close().get(5, TimeUnit.SECONDS);

        assertThat(path.getPath()).exists();
        assertThat(acceptor.localAddress()).isEqualTo(path);
    }
}
