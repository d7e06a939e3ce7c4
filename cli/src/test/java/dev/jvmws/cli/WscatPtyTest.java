package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jvmws.ServerOptions;
import dev.jvmws.WebSocket;
import dev.jvmws.WebSocketServer;
import dev.jvmws.handshake.HandshakeRequest;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * wscat as its own process on a real pseudo-terminal (python3's {@code pty}, which makes it the
 * session's controlling terminal): the path {@link WscatTerminalTest} cannot take in-process — the
 * console detection, JLine's JNI terminal, and Ctrl+C arriving as the kernel's SIGINT (issue 12).
 */
@Timeout(60)
class WscatPtyTest {
    @Test
    void onARealTerminalTheTypedLineSurvivesAMessageAndCtrlCClosesWith1005(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("python3"), "python3 drives the pseudo-terminal");
        BlockingQueue<WebSocket> connections = new LinkedBlockingQueue<>();
        BlockingQueue<String> closes = new LinkedBlockingQueue<>();
        ServerOptions options = ServerOptions.builder().host("127.0.0.1").port(0).threads(1).build();
        WebSocketServer server = WebSocketServer.start(options, new WebSocketServer.Listener() {
            @Override
            public void onConnection(WebSocket ws, HandshakeRequest request) {
                ws.setListener(new WebSocket.Listener() {
                    @Override
                    public void onClose(WebSocket ws, int code, String reason) {
                        closes.add(code + " " + reason);
                    }
                });
                connections.add(ws);
            }
        }).get(10, TimeUnit.SECONDS);
        Process driver = null;
        try {
            Path script = dir.resolve("pty-drive.py");
            try (InputStream resource = getClass().getResourceAsStream("pty-drive.py")) {
                Files.copy(resource, script);
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> command = new ArrayList<>(List.of("python3", script.toString(), java,
                    "-cp", System.getProperty("java.class.path"), Wscat.class.getName(),
                    "--no-color", "-c", "ws://127.0.0.1:" + server.address().getPort()));
            driver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader said = new BufferedReader(new InputStreamReader(driver.getInputStream(), StandardCharsets.UTF_8));

            assertThat(said.readLine()).as("the driver typed 'hel' at the prompt").isEqualTo("typed");
            connections.poll(10, TimeUnit.SECONDS).send("pushed");
            List<String> rest = new ArrayList<>();
            for (String line = said.readLine(); line != null; line = said.readLine()) {
                rest.add(line);
            }
            assertThat(driver.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).hasSize(2);
            String screen = new String(Base64.getDecoder().decode(rest.get(1)), StandardCharsets.UTF_8);

            assertThat(rest.get(0)).as("exit code (npm wscat: process.exit() on readline close); transcript %s",
                    screen).isEqualTo("exit 0");
            assertThat(closes.poll(10, TimeUnit.SECONDS)).isEqualTo("1005 ");
            int message = screen.indexOf("< pushed");
            assertThat(message).as(screen).isPositive();
            assertThat(screen.substring(message)).as("the typed line redrawn after the message")
                    .contains("\r\n> hel");
            assertThat(screen).doesNotContain("^C").doesNotContain("Disconnected").doesNotContain("error:");
            // The last thing drawn ends the line: a shell prompt that follows starts on its own line.
            String text = screen.replaceAll("\u001b\\[[?0-9;]*[A-Za-z]|\u001b[=>]", "");
            assertThat(text).endsWith("> hel\r\r\n");
        } finally {
            if (driver != null) {
                driver.destroyForcibly();
            }
            server.clients().forEach(WebSocket::terminate);
            server.close();
        }
    }

    private static boolean onPath(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
