package dev.jvmws.examples;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.util.concurrent.CompletableFuture;

/**
 * The smallest useful server: every text and binary message goes back to its sender unchanged.
 *
 * <p>Run: {@code java -cp examples/target/jvmws-examples.jar dev.jvmws.examples.EchoServer 8080},
 * then {@code bin/wscat -c ws://localhost:8080} and type.
 *
 * <p>Callbacks run on the connection's event loop, one at a time; {@code send} never blocks, so
 * echoing from the callback is fine.
 */
public final class EchoServer {

    private EchoServer() {}

    /** Starts an echo server on {@code port} (0 picks a free one: see {@code server.address()}). */
    public static CompletableFuture<WebSocketServer> start(int port) {
        return WebSocketServer.start(ServerOptions.builder().port(port).build(), listener());
    }

    /** The server's listener: each connection echoes what it receives. */
    public static WebSocketServer.Listener listener() {
        return WebSocketServer.Listener.onConnection((ws, request) -> ws.setListener(WebSocket.Listener.builder()
                .onText(WebSocket::send)
                .onBinary(WebSocket::send)
                .build()));
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        WebSocketServer server = start(port).join();
        System.out.println("echo server on ws://localhost:" + server.address().getPort());
    }
}
