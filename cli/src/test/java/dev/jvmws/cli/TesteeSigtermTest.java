package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/testee server} on SIGTERM (issue 13's launcher contract): close 1001 to every connection,
 * up to 5 s for the closing handshakes, then exit 0. A child JVM, signalled with {@link Process#destroy()}
 * (SIGTERM on Unix).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TesteeSigtermTest {
    @Test
    void sigtermClosesEveryConnectionWith1001AndExitsZero() throws Exception {
        Process testee = TesteeProcesses.startServer(List.of());
        try {
            int port = TesteeProcesses.portOf(testee);
            CompletableFuture<String> closed = new CompletableFuture<>();
            WebSocket ws = WebSocket.connect("ws://127.0.0.1:" + port, WebSocket.Listener.builder()
                    .onClose((socket, code, reason) -> closed.complete(code + " " + reason))
                    .build());
            ws.whenOpen().get(10, TimeUnit.SECONDS);
            ws.send("echo me").get(5, TimeUnit.SECONDS);

            testee.destroy(); // SIGTERM
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("1001 Server shutting down");
            assertThat(testee.waitFor(10, TimeUnit.SECONDS)).as("exited within the grace").isTrue();
            assertThat(testee.exitValue()).isZero();
        } finally {
            testee.destroyForcibly();
        }
    }
}
