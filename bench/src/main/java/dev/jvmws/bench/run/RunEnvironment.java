package dev.jvmws.bench.run;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the figures were measured on, as {@code name: value} lines for the report: date, machine
 * (nproc, CPU model, RAM, kernel), JDK, Node.js, the git commit, and every library version pinned
 * (read from the Maven metadata inside the bench jar and from the installed Node packages).
 */
public final class RunEnvironment {
    /** Maven groups of the libraries under test and of the tools, as recorded in the bench jar. */
    private static final List<String> PINNED_GROUPS = List.of("dev.jvmws", "io.netty", "org.eclipse.jetty",
            "io.undertow", "org.java-websocket", "com.squareup.okhttp3", "org.hdrhistogram", "org.openjdk.jmh",
            "info.picocli", "org.jfree", "org.conscrypt");
    private static final List<String> NODE_PACKAGES = List.of("ws", "websocket", "bufferutil", "utf-8-validate");
    private static final Pattern VERSION_FIELD = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private RunEnvironment() {
    }

    /** Ordered {@code name → value} facts about this run. */
    public static Map<String, String> describe(RunSettings settings) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        facts.put("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("CPU", cpuModel());
        facts.put("RAM", memTotal());
        facts.put("kernel", read("/proc/sys/kernel/osrelease").strip());
        facts.put("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version"));
        facts.put("Node.js", command(settings.root(), "node", "--version") + " (servers run as `node <script>`, default flags)");
        if (settings.scenarios().stream().anyMatch(Scenario::isTls)) {
            facts.put("Node.js OpenSSL", command(settings.root(), "node", "-p", "process.versions.openssl"));
            facts.put("TLS workloads", tlsClient(settings));
        }
        facts.put("git commit", command(settings.root(), "git", "rev-parse", "--short", "HEAD"));
        facts.put("server/client JVM options", String.join(" ", settings.jvmOptions()));
        facts.put("load generator", settings.loaderThreads() + " selector thread(s) (H1: at least "
                + LoadScenarios.H1_MIN_LOADER_THREADS + "), JVM options: "
                + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        facts.put("B1 send rate", Figures.format(settings.broadcastRate(), 0) + " messages/s");
        facts.put("timing", settings.timing().describe());
        facts.putAll(jarVersions());
        facts.putAll(constantVersions());
        facts.putAll(nodeVersions(settings.root()));
        return facts;
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown";
    }

    private static String memTotal() {
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    /** {@code group → version (artifacts)} for the pinned groups found in the running jar. */
    private static Map<String, String> jarVersions() {
        Map<String, TreeMap<String, List<String>>> byGroup = new TreeMap<>();
        try {
            Path jar = Path.of(RunEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Map.of();
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (!entry.getName().startsWith("META-INF/maven/") || !entry.getName().endsWith("/pom.properties")) {
                        continue;
                    }
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    String group = properties.getProperty("groupId", "");
                    if (PINNED_GROUPS.stream().anyMatch(group::startsWith)) {
                        byGroup.computeIfAbsent(group, g -> new TreeMap<>())
                                .computeIfAbsent(properties.getProperty("version", "?"), v -> new ArrayList<>())
                                .add(properties.getProperty("artifactId", "?"));
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Map.of("library versions", "unreadable: " + e.getMessage());
        }
        Map<String, String> versions = new LinkedHashMap<>();
        byGroup.forEach((group, byVersion) -> {
            List<String> parts = new ArrayList<>();
            byVersion.forEach((version, artifacts) -> parts.add(version + " (" + String.join(", ", artifacts) + ")"));
            versions.put(group, String.join("; ", parts));
        });
        return versions;
    }

    /**
     * Versions of libraries built without Maven metadata (Gradle builds), from their own constants,
     * looked up by name so that a missing library is reported rather than fatal.
     */
    private static Map<String, String> constantVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("com.squareup.okhttp3", constant("okhttp3.OkHttp", "VERSION"));
        versions.put("info.picocli", constant("picocli.CommandLine", "VERSION"));
        versions.put("kotlin-stdlib (OkHttp's)", constant("kotlin.KotlinVersion", "CURRENT"));
        versions.put("org.conscrypt (Conscrypt.version())", conscryptVersion());
        return versions;
    }

    private static String conscryptVersion() {
        try {
            org.conscrypt.Conscrypt.Version version = org.conscrypt.Conscrypt.version();
            return version.major() + "." + version.minor() + "." + version.patch();
        } catch (LinkageError | RuntimeException e) {
            return "not found";
        }
    }

    /** What the load generator's TLS connections negotiate and check, and what the servers serve. */
    private static String tlsClient(RunSettings settings) {
        TlsFiles files = TlsFiles.under(settings.root());
        try {
            return "client: " + TlsScenarios.client(settings).describe() + "; every server serves "
                    + settings.root().relativize(files.certificate()) + " (EC P-256 leaf, RSA 2048 test CA)";
        } catch (IOException | java.security.GeneralSecurityException e) {
            return "no TLS client: " + e.getMessage();
        }
    }

    private static String constant(String className, String field) {
        try {
            return String.valueOf(Class.forName(className).getField(field).get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "not found";
        }
    }

    private static Map<String, String> nodeVersions(Path root) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String name : NODE_PACKAGES) {
            Path manifest = root.resolve("bench/node/node_modules").resolve(name).resolve("package.json");
            String text = read(manifest.toString());
            Matcher matcher = VERSION_FIELD.matcher(text);
            versions.put("npm " + name, matcher.find() ? matcher.group(1) : "not installed");
        }
        return versions;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** First line of a command's output, or {@code unavailable}. Read-only commands only. */
    private static String command(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "unavailable";
            }
            return output.lines().findFirst().orElse("unavailable");
        } catch (IOException e) {
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        }
    }
}
