package dev.jvmws.bench.clients;

import dev.jvmws.WebSocket;
import java.util.concurrent.TimeUnit;

/** Workload C1 with our client (jvmws, this repository): {@link WebSocket#connect}, default options. */
public final class JvmwsClientBench {

    public static void main(String[] args) {
        ClientBench.run(args, (url, onEcho) -> {
            WebSocket ws = WebSocket.connect(url, new WebSocket.Listener() {
                @Override
                public void onText(WebSocket socket, String text) {
                    onEcho.run();
                }
            });
            ws.whenOpen().get(ClientBench.OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new ClientBench.Connection(ws::send, () -> ws.close(1000));
        });
    }
}
