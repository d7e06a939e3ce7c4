package dev.jvmws.bench.clients;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Workload C1 with OkHttp (com.squareup.okhttp3:okhttp 4.12.0): one shared {@link OkHttpClient} with
 * default settings (a reader thread per connection, writes on OkHttp's task runner, no pings) except
 * the dispatcher's concurrency limits.
 */
public final class OkHttpClientBench {

    public static void main(String[] args) {
        // Each open WebSocket holds one of the dispatcher's running calls (its reader loops on that
        // thread), and by default only 5 may run per host: lift the limits so all connections open.
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(Integer.MAX_VALUE);
        dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
        OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher).build();
        ClientBench.run(args, (url, onEcho) -> {
            CompletableFuture<Void> opened = new CompletableFuture<>();
            WebSocket ws = client.newWebSocket(new Request.Builder().url(url.toString()).build(), new WebSocketListener() {
                @Override
                public void onOpen(WebSocket socket, Response response) {
                    opened.complete(null);
                }

                @Override
                public void onMessage(WebSocket socket, String text) {
                    onEcho.run();
                }

                @Override
                public void onFailure(WebSocket socket, Throwable error, Response response) {
                    opened.completeExceptionally(error);
                }
            });
            opened.get(ClientBench.OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new ClientBench.Connection(ws::send, () -> ws.close(1000, null));
        });
    }
}
