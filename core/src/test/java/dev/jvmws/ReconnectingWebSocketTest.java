package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reconnecting client against a loopback server; the waits between attempts are handed to the
 * test (which runs each when it chooses, reading the delay asked for), so no test waits for a backoff.
 */
@Timeout(30)
class ReconnectingWebSocketTest {
    /** A delay asked for, and what runs when the test lets it pass. */
    private record Wait(Duration delay, Runnable task) {}

    private final BlockingQueue<Wait> waits = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    private ReconnectingWebSocket.Builder builder(URI uri) {
        return ReconnectingWebSocket.builder(uri)
                .delays((delay, task) -> waits.add(new Wait(delay, task)))
                .random(() -> 1.0) // the top of the jitter range: delays are exactly the exponential cap
                .listener(WebSocket.Listener.builder()
                        .onOpen(ws -> events.add("open"))
                        .onText((ws, text) -> events.add("text " + text))
                        .onClose((ws, code, reason) -> events.add("close " + code))
                        .build())
                .events(new ReconnectingWebSocket.Events() {
                    @Override
                    public void onReconnecting(int attempt, Duration delay, int closeCode) {
                        events.add("reconnecting " + attempt + " after " + delay.toMillis() + " ms, code " + closeCode);
                    }

                    @Override
                    public void onConnected(WebSocket ws, int attempt) {
                        events.add("connected " + attempt);
                    }

                    @Override
                    public void onGiveUp(int closeCode) {
                        events.add("gave up " + closeCode);
                    }
                });
    }

    private String next() throws InterruptedException {
        String event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).as("an event within 5 s").isNotNull();
        return event;
    }

    private Wait nextWait() throws InterruptedException {
        Wait wait = waits.poll(5, TimeUnit.SECONDS);
        assertThat(wait).as("a delay asked for within 5 s").isNotNull();
        return wait;
    }

    @Test
    void theBackoffDoublesUpToItsCapWithFullJitter() {
        ReconnectingWebSocket.Builder top = ReconnectingWebSocket.builder(URI.create("ws://127.0.0.1:1"))
                .initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(8)).random(() -> 1.0);
        ReconnectingWebSocket ws = top.delays((delay, task) -> { }).maxAttempts(1).connect();
        assertThat(ws.delayFor(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(ws.delayFor(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ws.delayFor(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(ws.delayFor(40)).as("capped").isEqualTo(Duration.ofSeconds(8));
        ReconnectingWebSocket jittered = ReconnectingWebSocket.builder(URI.create("ws://127.0.0.1:1"))
                .random(() -> 0.25).delays((delay, task) -> { }).maxAttempts(1).connect();
        assertThat(jittered.delayFor(3)).as("a quarter of 4 s").isEqualTo(Duration.ofSeconds(1));
        ws.close();
        jittered.close();
    }

    @Test
    void aDroppedConnectionIsReplacedAfterTheBackoffAndSendsWhileDisconnectedGoFirstInOrder() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        ReconnectingWebSocket ws = builder(loopback.uri()).bufferWhileDisconnected(1_000).connect();
        assertThat(next()).isEqualTo("connected 0");
        assertThat(next()).isEqualTo("open");
        RecordingServerListener.Accepted first = server.nextConnection();

        first.ws().terminate();
        assertThat(next()).isEqualTo("close 1006");
        assertThat(next()).isEqualTo("reconnecting 1 after 1000 ms, code 1006");
        assertThat(ws.isOpen()).isFalse();
        CompletableFuture<Void> one = ws.send("one");
        CompletableFuture<Void> two = ws.send("two");
        Wait wait = nextWait();
        assertThat(wait.delay()).isEqualTo(Duration.ofSeconds(1));
        wait.task().run();

        assertThat(next()).isEqualTo("connected 1");
        assertThat(next()).isEqualTo("open");
        RecordingListener second = server.nextConnection().events();
        assertThat(second.nextText()).isEqualTo("one");
        assertThat(second.nextText()).isEqualTo("two");
        one.get(5, TimeUnit.SECONDS);
        two.get(5, TimeUnit.SECONDS);
        ws.send("three").get(5, TimeUnit.SECONDS);
        assertThat(second.nextText()).isEqualTo("three");

        ws.close().get(5, TimeUnit.SECONDS);
        assertThat(next()).isEqualTo("close 1000");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ws.current() != null && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait(); // the close event's handling is done once current() is null
        }
        assertThat(ws.current()).isNull();
        assertThat(waits).as("no reconnect after close()").isEmpty();
        assertThatThrownBy(() -> ws.send("late").get()).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutABufferASendWhileDisconnectedFailsAtOnce() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        ReconnectingWebSocket ws = builder(loopback.uri()).connect();
        next();
        next();
        server.nextConnection().ws().terminate();
        assertThat(next()).isEqualTo("close 1006");
        next(); // reconnecting
        CompletableFuture<Void> refused = ws.send("nobody hears");
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("not buffered");
        ws.close();
    }

    @Test
    void theReconnectPolicyCanRefuseByCloseCode() throws Exception {
        RecordingServerListener server = new RecordingServerListener();
        LoopbackServer loopback = LoopbackServer.start(server);
        builder(loopback.uri()).reconnectIf(code -> code != 1008).connect();
        next();
        next();
        server.nextConnection().ws().close(1008, "go away");
        assertThat(next()).isEqualTo("close 1008");
        assertThat(next()).isEqualTo("gave up 1008");
        assertThat(waits).isEmpty();
    }

    @Test
    void afterMaxAttemptsFailingInARowItGivesUp() throws Exception {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0)) {
            deadPort = free.getLocalPort();
        }
        builder(URI.create("ws://127.0.0.1:" + deadPort)).maxAttempts(2).connect();
        assertThat(next()).isEqualTo("close 1006");
        assertThat(next()).isEqualTo("reconnecting 1 after 1000 ms, code 1006");
        nextWait().task().run();
        assertThat(next()).isEqualTo("close 1006");
        assertThat(next()).isEqualTo("reconnecting 2 after 2000 ms, code 1006");
        nextWait().task().run();
        assertThat(next()).isEqualTo("close 1006");
        assertThat(next()).isEqualTo("gave up 1006");
    }

    /** The user's listener hears every event of each connection, the client hooks included. */
    @Test
    void everyListenerEventReachesTheUsersListener() throws Exception {
        LoopbackServer loopback = LoopbackServer.start(new RecordingServerListener());
        RecordingListener client = new RecordingListener();
        ReconnectingWebSocket ws = ReconnectingWebSocket.builder(loopback.uri()).listener(client).connect();
        assertThat(client.next()).as("onUpgrade, forwarded").isInstanceOf(RecordingListener.Upgrade.class);
        client.nextOpen();
        ws.close().get(5, TimeUnit.SECONDS);
        client.nextClose();
    }
}
