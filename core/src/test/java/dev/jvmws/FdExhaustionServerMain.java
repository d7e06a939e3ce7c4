package dev.jvmws;

import java.util.concurrent.TimeUnit;

/**
 * An echo server for {@link FdExhaustionTest}, run in a child process under a low {@code ulimit -n}.
 * Prints its port on stdout, then serves until its stdin closes.
 */
public final class FdExhaustionServerMain {
    private FdExhaustionServerMain() {}

    public static void main(String[] args) throws Exception {
        WebSocketServer server = WebSocketServer.start(
                ServerOptions.builder().host("127.0.0.1").port(0).threads(2).build(),
                new WebSocketServer.Listener() {
                    @Override
                    public void onConnection(WebSocket ws, dev.jvmws.handshake.HandshakeRequest request) {
                        ws.setListener(new WebSocket.Listener() {
                            @Override
                            public void onText(WebSocket socket, String text) {
                                socket.send(text);
                            }
                        });
                    }
                }).get(10, TimeUnit.SECONDS);
        System.out.println(server.address().getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        Runtime.getRuntime().halt(0);
    }
}
