package dev.jvmws.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The testee in a child JVM, for tests of what only a process shows (its heap bound, its exit on a signal). */
final class TesteeProcesses {
    private static final Pattern LISTENING = Pattern.compile("listening on .*:(\\d+)$");

    private TesteeProcesses() {
    }

    /** {@code java [jvmOptions] Testee server --port 0 [serverArgs]}, its stdout discarded. */
    static Process startServer(List<String> jvmOptions, String... serverArgs) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Testee.class.getName(), "server", "--port", "0"));
        command.addAll(List.of(serverArgs));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The port the testee says it listens on (its stderr is drained from then on). */
    static int portOf(Process testee) throws IOException {
        BufferedReader err = new BufferedReader(new InputStreamReader(testee.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        err.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the testee ended
                    }
                }, "testee-stderr");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("the testee ended without listening");
    }
}
