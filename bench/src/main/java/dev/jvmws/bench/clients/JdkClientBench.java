package dev.jvmws.bench.clients;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Workload C1 with the JDK's {@code java.net.http.WebSocket} (the running JDK's, 17+): one shared
 * {@link HttpClient} with its default executor; the listener asks for one message at a time.
 */
public final class JdkClientBench {

    public static void main(String[] args) {
        HttpClient client = HttpClient.newHttpClient();
        ClientBench.run(args, (url, onEcho) -> {
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(url, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            if (last) {
                                onEcho.run();
                            }
                            socket.request(1);
                            return null;
                        }
                    })
                    .get(ClientBench.OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // The JDK fails a send made while the previous one is still completing (IllegalStateException),
            // and an echo can arrive before that completion runs: chain each send on the last one.
            AtomicReference<CompletableFuture<WebSocket>> lastSend = new AtomicReference<>(CompletableFuture.completedFuture(ws));
            return new ClientBench.Connection(
                    text -> lastSend.set(lastSend.get().thenCompose(open -> open.sendText(text, true))),
                    () -> ws.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        });
    }
}
