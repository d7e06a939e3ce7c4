package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The small promises of the public API on a live loopback pair: what a connection says about itself,
 * the futures its calls return, and the server's lifecycle callbacks.
 */
class ConnectionApiTest {
    private static final long WAIT = LoopbackServer.WAIT_SECONDS;

    @Test
    void eachEndKnowsItsRoleAndItsPeer() throws Exception {
        LoopbackServer server = LoopbackServer.start();
        try {
            RecordingListener events = new RecordingListener();
            WebSocket client = server.connectOpen(events);
            WebSocket accepted = server.events.nextConnection().ws();
            assertThat(client.isClient()).isTrue();
            assertThat(accepted.isClient()).isFalse();
            assertThat(client.remoteAddress()).isEqualTo(server.address());
            assertThat(accepted.remoteAddress().getAddress()).isEqualTo(server.address().getAddress());
            assertThat(client.toString()).contains("client " + server.uri()).contains("OPEN");
            assertThat(accepted.toString()).contains("server " + accepted.remoteAddress()).contains("OPEN");
            assertThat(client.binaryType()).isEqualTo(BinaryType.BYTE_BUFFER);
        } finally {
            server.close();
        }
    }

    @Test
    void pingPongAndCloseReturnFuturesThatCompleteOnceWritten() throws Exception {
        LoopbackServer server = LoopbackServer.start();
        try {
            RecordingListener events = new RecordingListener();
            WebSocket client = server.connectOpen(events);
            RecordingListener serverSide = server.events.nextConnection().events();
            CompletableFuture<Void> ping = client.ping(ByteBuffer.wrap(new byte[] {1}));
            CompletableFuture<Void> pong = client.pong(ByteBuffer.wrap(new byte[] {2}));
            ping.get(WAIT, TimeUnit.SECONDS);
            pong.get(WAIT, TimeUnit.SECONDS);
            assertThat(client.ping().get(WAIT, TimeUnit.SECONDS)).isNull();
            assertThat(client.pong().get(WAIT, TimeUnit.SECONDS)).isNull();
            assertThat(((RecordingListener.Ping) serverSide.next()).data()).containsExactly(1);
            assertThat(events.next(RecordingListener.Pong.class).data()).as("the answer to the first ping").containsExactly(1);
            assertThat(events.next(RecordingListener.Pong.class).data()).isEmpty();
            CompletableFuture<Void> closed = client.close(1000, "done");
            closed.get(WAIT, TimeUnit.SECONDS);
            assertThat(client.readyState()).isIn(ReadyState.CLOSING, ReadyState.CLOSED);
        } finally {
            server.close();
        }
    }

    @Test
    void theServerTellsItsListenerWhenItListensAndWhenItHasClosed() throws Exception {
        CompletableFuture<WebSocketServer> listening = new CompletableFuture<>();
        CompletableFuture<WebSocketServer> closed = new CompletableFuture<>();
        WebSocketServer.Listener listener = new WebSocketServer.Listener() {
            @Override
            public void onListening(WebSocketServer server) {
                listening.complete(server);
            }

            @Override
            public void onClose(WebSocketServer server) {
                closed.complete(server);
            }
        };
        WebSocketServer server = WebSocketServer.start(ServerOptions.builder().host("127.0.0.1").port(0).build(), listener)
                .get(WAIT, TimeUnit.SECONDS);
        assertThat(listening.get(WAIT, TimeUnit.SECONDS)).isSameAs(server);
        assertThat(server.isClosing()).isFalse();
        CompletableFuture<Void> closing = server.close();
        assertThat(server.isClosing()).isTrue();
        closing.get(WAIT, TimeUnit.SECONDS);
        assertThat(closed.get(WAIT, TimeUnit.SECONDS)).isSameAs(server);
    }

    @Test
    void theCloseEventSaysWhetherTheClosingHandshakeCompleted() throws Exception {
        LoopbackServer server = LoopbackServer.start();
        try {
            CompletableFuture<Boolean> cleanly = new CompletableFuture<>();
            WebSocket clean = server.connectOpen(new RecordingListener() {
                @Override
                public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                    cleanly.complete(wasClean);
                }
            });
            clean.close(1000, "bye");
            assertThat(cleanly.get(WAIT, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> dropped = new CompletableFuture<>();
            WebSocket terminated = server.connectOpen(new RecordingListener() {
                @Override
                public void onClose(WebSocket ws, int code, String reason, boolean wasClean) {
                    dropped.complete(wasClean);
                }
            });
            terminated.terminate();
            assertThat(dropped.get(WAIT, TimeUnit.SECONDS)).isFalse();

            RecordingListener threeArguments = new RecordingListener(); // overrides only onClose(ws, code, reason)
            server.connectOpen(threeArguments).close(1000, "");
            threeArguments.assertNextClose(1000, "");
        } finally {
            server.close();
        }
    }

    @Test
    void anAttachmentStaysWithItsSocket() throws Exception {
        LoopbackServer server = LoopbackServer.start(new RecordingServerListener()
                .onEachConnection(ws -> ws.attach("session-1")));
        try {
            WebSocket client = server.connectOpen(new RecordingListener());
            assertThat(client.<Object>attachment()).isNull();
            client.attach(42);
            Integer number = client.attachment();
            assertThat(number).isEqualTo(42);
            String session = server.events.nextConnection().ws().attachment();
            assertThat(session).isEqualTo("session-1");
        } finally {
            server.close();
        }
    }

    @Test
    void callbacksRunOnTheGivenExecutorAndAThrowingOneClosesWith1011() throws Exception {
        java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool(
                runnable -> new Thread(runnable, "user-callbacks"));
        LoopbackServer server = LoopbackServer.start(ServerOptions.builder().callbackExecutor(executor),
                new RecordingServerListener().connectionListeners(() -> new RecordingListener() {
                    @Override
                    public void onText(WebSocket ws, String text) {
                        if (text.equals("throw")) {
                            throw new IllegalStateException("listener bug on " + Thread.currentThread().getName());
                        }
                        ws.send(Thread.currentThread().getName() + ": " + text);
                    }
                }));
        try {
            CompletableFuture<String> openedOn = new CompletableFuture<>();
            RecordingListener events = new RecordingListener() {
                @Override
                public void onOpen(WebSocket ws) {
                    openedOn.complete(Thread.currentThread().getName());
                    super.onOpen(ws);
                }
            };
            WebSocket client = server.connect(ClientOptions.builder().callbackExecutor(executor).build(), events);
            client.whenOpen().get(WAIT, TimeUnit.SECONDS);
            assertThat(openedOn.get(WAIT, TimeUnit.SECONDS)).isEqualTo("user-callbacks");
            events.next(RecordingListener.Upgrade.class);
            events.nextOpen();
            RecordingListener serverSide = server.events.nextConnection().events();
            for (int i = 0; i < 100; i++) {
                client.send("m" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(events.nextText()).isEqualTo("user-callbacks: m" + i);
            }
            client.send("throw");
            assertThat(serverSide.nextError()).hasMessage("listener bug on user-callbacks");
            events.assertNextClose(1011, "");
        } finally {
            server.close();
            executor.shutdown();
        }
    }
}
