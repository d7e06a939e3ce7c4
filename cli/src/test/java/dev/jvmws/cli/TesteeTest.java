package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TesteeTest {
    private static boolean compressionAfter(String... args) {
        Testee.Server server = new Testee.Server();
        Testee.commandLine(server).parseArgs(args);
        return server.compression;
    }

    @Test
    void theServerAcceptsCompressionUnlessToldNotToAndTheLastFlagWins() {
        assertThat(compressionAfter()).isTrue();
        assertThat(compressionAfter("--no-compression")).isFalse();
        assertThat(compressionAfter("--compression")).isTrue();
        // The benchmark starts a plain run with --no-compression and its compressed run appends --compression.
        assertThat(compressionAfter("--port", "9", "--no-compression", "--compression")).isTrue();
        assertThat(compressionAfter("--compression", "--no-compression")).isFalse();
    }

    @Test
    @Timeout(20)
    void theServerEchoesOnAUnixSocketWithUnixAndRemovesItsFileOnClose(@TempDir Path dir) throws Exception {
        // `bin/testee server --unix PATH` (issue 11's launcher contract), in-process.
        Path socket = dir.resolve("testee.sock");
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--unix", socket.toString());
        WebSocketServer server = command.start();
        try {
            assertThat(server.options().unixSocket()).isEqualTo(socket);
            CompletableFuture<String> echo = new CompletableFuture<>();
            WebSocket ws = WebSocket.connect(URI.create("ws+unix://" + socket + ":/echo"), new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket ws) {
                    ws.send("over a Unix socket");
                }

                @Override
                public void onText(WebSocket ws, String text) {
                    echo.complete(text);
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    echo.completeExceptionally(error);
                }
            });
            assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("over a Unix socket");
            ws.close(1000, "").get(10, TimeUnit.SECONDS);
        } finally {
            server.close().get(10, TimeUnit.SECONDS);
        }
        assertThat(socket).doesNotExist();
    }
}
