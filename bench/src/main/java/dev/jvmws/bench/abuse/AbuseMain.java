package dev.jvmws.bench.abuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/abuse}: runs the attacks of issue 8, each against a fresh {@code bin/testee server} on
 * loopback, and prints one row per attack (also written as Markdown to {@code bench/results/}).
 */
@Command(name = "abuse", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run full-size attacks (issue 8) against bin/testee server and print a table.")
public final class AbuseMain implements Callable<Integer> {
    @Option(names = "--quick",
            description = "About a tenth of the sizes and durations: a smoke run (~10 s per attack).")
    boolean quick;

    @Option(names = "--root", defaultValue = ".", description = "Repository root (default: the current directory).")
    Path root;

    @Option(names = "--out", description = "Markdown file (default: bench/results/abuse-<date>[-quick].md).")
    Path out;

    @Parameters(paramLabel = "ATTACK", arity = "0..*",
            description = "Any of A1 … A10 (default: all). A1 slowloris, A2 header floods, A3 idle sockets, "
                    + "A4 empty fragments, A5 ping flood, A6 unread echoes, A7 decompression bombs, "
                    + "A8 partial messages, A9 resets mid-frame, A10 fd exhaustion.")
    List<String> attackIds = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new AbuseMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        List<Attack> attacks = select();
        Scale scale = quick ? Scale.QUICK : Scale.FULL;
        Path rootPath = root.toAbsolutePath().normalize();
        String date = LocalDate.now().toString();
        Path markdown = out != null ? out
                : rootPath.resolve("bench/results/abuse-" + date + (quick ? "-quick" : "") + ".md");
        // Under a directory named "logs", which .gitignore keeps out of commits.
        Path logDir = rootPath.resolve("bench/results/logs/abuse-" + date + "-" + scale.label());
        Map<String, String> environment = environment(rootPath, scale, logDir);

        AttackRunner runner = new AttackRunner(rootPath, logDir, scale, System.err);
        List<AttackResult> results = new ArrayList<>();
        for (Attack attack : attacks) {
            results.add(runner.run(attack));
        }
        System.out.println();
        System.out.print(AbuseReport.text(results));
        Files.createDirectories(markdown.toAbsolutePath().getParent());
        Files.writeString(markdown, AbuseReport.markdown("Abuse run, " + date + " (" + scale.label() + ")",
                environment, results), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println("Markdown: " + markdown + "; testee logs: " + logDir);
        return 0;
    }

    private List<Attack> select() {
        List<Attack> all = Attacks.all();
        if (attackIds.isEmpty()) {
            return all;
        }
        List<Attack> chosen = new ArrayList<>();
        for (String id : attackIds) {
            Attack attack = all.stream().filter(a -> a.id().equalsIgnoreCase(id)).findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this),
                            "unknown attack " + id + " (A1 … A10)"));
            chosen.add(attack);
        }
        return chosen;
    }

    private static Map<String, String> environment(Path root, Scale scale, Path logDir) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.put("size", scale.quick() ? "quick (about a tenth of the full sizes and durations)" : "full (issue 8)");
        facts.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + memTotal() + ", kernel "
                + read(Path.of("/proc/sys/kernel/osrelease")).strip());
        facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        String changes = command(root, "git", "status", "--porcelain", "--untracked-files=no");
        String state = changes.isBlank() ? "" : changes.equals("unknown") ? " (status unknown)"
                : " (with uncommitted changes)";
        facts.put("git commit", command(root, "git", "rev-parse", "--short", "HEAD") + state);
        String testeeOptions = System.getenv("JVMWS_JAVA_OPTS");
        facts.put("testee", "`bin/testee server --port 0 [--no-compression]`, a fresh process per attack, JVM options: "
                + (testeeOptions == null || testeeOptions.isBlank() ? "JDK defaults" : testeeOptions));
        facts.put("honest client", "a kept connection and a new connection each second, each echoing one small text "
                + "message; a probe unanswered within " + HonestClient.PROBE_TIMEOUT_MILLIS / 1000 + " s fails; "
                + "latency = write of the message to read of its echo");
        facts.put("sampling", "testee VmRSS, CPU (utime + stime) and open fds from /proc every "
                + ProcessSampler.PERIOD_MILLIS + " ms");
        facts.put("testee logs", "`" + logDir + "`");
        return facts;
    }

    private static String memTotal() {
        for (String line : read(Path.of("/proc/meminfo")).split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
            }
        }
        return "RAM unknown";
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            return "";
        }
    }

    private static String command(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
