package dev.jvmws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README cannot rot: every {@code ```java} block in it is compiled against this module's classes.
 * A block that declares a public class is compiled as it stands, imports and all, exactly as a user
 * would paste it into its own file; the quick start is also run, in a child JVM on a free port, and
 * must print what the README says it prints. Any other block is a fragment, compiled inside a method
 * with the imports and variables the README names for fragments.
 */
@Timeout(120)
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");
    /** This module's classes, what the README's code is written against (as a user's dependency). */
    private static final String CORE_CLASSES = Path.of("target", "classes").toAbsolutePath().toString();
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^public (?:final )?class (\\w+)");
    private static final String FRAGMENT_IMPORTS = String.join("\n",
            "import dev.jvmws.*;",
            "import dev.jvmws.extension.*;",
            "import java.net.URI;",
            "import java.nio.file.Path;",
            "import javax.net.ssl.SSLContext;");

    @TempDir
    Path work;

    static List<String> javaBlocks() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = JAVA_BLOCK.matcher(Files.readString(README));
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    @Test
    void everyJavaBlockCompiles() throws Exception {
        List<String> blocks = javaBlocks();
        assertThat(blocks).as("the README's Java blocks").hasSizeGreaterThanOrEqualTo(5);
        List<Path> sources = new ArrayList<>();
        int fragment = 0;
        for (String block : blocks) {
            Matcher publicClass = PUBLIC_CLASS.matcher(block);
            if (publicClass.find()) {
                sources.add(write(publicClass.group(1), block));
            } else {
                String name = "Fragment" + ++fragment;
                sources.add(write(name, imports(block) + "\n" + FRAGMENT_IMPORTS + "\n\nclass " + name + " {\n"
                        + "    void run(WebSocket ws, WebSocket.Listener listener, WebSocketServer.Listener serverListener)"
                        + " throws Exception {\n" + body(block) + "\n    }\n}\n"));
            }
        }
        assertThat(compile(sources)).as("javac's output").isEmpty();
        assertThat(sources).extracting(path -> path.getFileName().toString()).contains("QuickStart.java", "Broadcast.java");
    }

    @Test
    void theQuickStartRunsAndPrintsWhatTheReadmeSays() throws Exception {
        String quickStart = javaBlocks().stream().filter(block -> block.contains("class QuickStart")).findFirst().orElseThrow();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path source = write("QuickStart", quickStart.replace("8080", Integer.toString(port)));
        assertThat(compile(List.of(source))).isEmpty();

        Process run = new ProcessBuilder(tool("java"), "-cp", work + java.io.File.pathSeparator + CORE_CLASSES, "QuickStart")
                .redirectErrorStream(true).start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as("the quick start ends by itself").isTrue();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("received: Welcome!\nreceived: echo: Hello Server!\nclosed: 1000 bye\n");
        assertThat(Files.readString(README)).contains(
                "It prints `received: Welcome!`, `received: echo: Hello Server!` and `closed: 1000 bye`.");
    }

    private static String imports(String block) {
        StringBuilder imports = new StringBuilder();
        block.lines().filter(line -> line.startsWith("import ")).forEach(line -> imports.append(line).append('\n'));
        return imports.toString();
    }

    private static String body(String block) {
        StringBuilder body = new StringBuilder();
        block.lines().filter(line -> !line.startsWith("import ")).forEach(line -> body.append("        ").append(line).append('\n'));
        return body.toString();
    }

    private Path write(String className, String source) throws IOException {
        Path file = work.resolve(className + ".java");
        Files.writeString(file, source);
        return file;
    }

    /** javac's diagnostics (empty when everything compiled), into {@link #work}; a child process, as a user's build. */
    private String compile(List<Path> sources) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool("javac"), "-d", work.toString(), "-cp", CORE_CLASSES,
                "-Xlint:none", "-proc:none"));
        sources.forEach(source -> command.add(source.toString()));
        Process javac = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(javac.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return javac.exitValue() == 0 ? "" : "javac exited " + javac.exitValue() + ":\n" + output;
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
