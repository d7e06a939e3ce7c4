package dev.jvmws.bench.run;

import java.util.List;

/**
 * The client libraries of C1: each a main class in {@code dev.jvmws.bench.clients} and the row its
 * figures go in. A client shares the row of the same library's server; clients without a server row
 * (the JDK's, OkHttp's) get rows of their own.
 */
public final class ClientCatalog {
    /** One C1 client: its row name and main class. */
    public record Client(String row, String mainClass) {
    }

    private ClientCatalog() {
    }

    public static List<Client> all() {
        return List.of(
                new Client(ServerCatalog.OURS, "JvmwsClientBench"),
                new Client("netty-nio", "NettyClientBench"),
                new Client("java-websocket", "JavaWebSocketClientBench"),
                new Client("jdk-httpclient", "JdkClientBench"),
                new Client("okhttp", "OkHttpClientBench"));
    }

    /** Row names of clients that have no server row. */
    public static List<String> clientOnlyRows() {
        return List.of("jdk-httpclient", "okhttp");
    }
}
