package dev.jvmws.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jvmws.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The README's {@code bin/wscat} example, run as written against the server the README names for it
 * ({@code bin/testee server --port 8080}, here on a free port): it must print what the README shows.
 */
@Timeout(30)
class ReadmeWscatExampleTest {
    private static final Pattern EXAMPLE = Pattern.compile(
            "(?s)Against an echo server \\(`bin/testee server --port 8080`.*?```sh\\n\\$ bin/wscat (.*?)\\n(.*?)```");

    @Test
    void theReadmesWscatExamplePrintsWhatItShowsAgainstTheTestee() throws Exception {
        Matcher example = EXAMPLE.matcher(Files.readString(Path.of("..", "README.md")));
        assertThat(example.find()).as("the README's wscat example, after the server it needs").isTrue();
        Testee.Server command = new Testee.Server();
        Testee.commandLine(command).parseArgs("--port", "0");
        WebSocketServer server = command.start();
        try {
            String port = Integer.toString(server.address().getPort());
            List<String> args = new ArrayList<>(Arrays.asList(example.group(1).replace("8080", port).split(" ")));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = Wscat.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
            assertThat(status).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(example.group(2));
        } finally {
            server.close().get(5, TimeUnit.SECONDS);
        }
    }
}
