package dev.jvmws.bench.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A server under test running as a separate process: started on a free loopback port with its output
 * in a log file, ready once the log shows its {@code listening} line, measured through {@code /proc}
 * and stopped by its PID (SIGTERM, then SIGKILL); {@link ChildProcesses} stops it if the runner
 * exits first. Thread-safe.
 */
public final class ServerProcess implements AutoCloseable {
    static final long READY_TIMEOUT_MILLIS = 30_000;
    private static final long STOP_GRACE_MILLIS = 5_000;
    private static final Pattern READY = Pattern.compile("\\blistening\\b");

    private final ServerSpec spec;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(ServerSpec spec, Process process, int port, Path log) {
        this.spec = spec;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code spec} on a free port, logging to {@code log}, and waits for its ready line.
     *
     * @throws ServerStartException with a one-line reason if it does not come up
     */
    public static ServerProcess start(ServerSpec spec, Path log) throws ServerStartException, InterruptedException {
        int port;
        Process process;
        try {
            port = freePort();
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(spec.command().apply(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(spec.environment());
            process = builder.start();
            ChildProcesses.add(process);
        } catch (IOException e) {
            throw new ServerStartException("cannot launch: " + e.getMessage());
        }
        ServerProcess server = new ServerProcess(spec, process, port, log);
        try {
            server.awaitReady();
            if (spec.secure()) {
                server.checkTlsAnnouncement();
            }
        } catch (ServerStartException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public ServerSpec spec() {
        return spec;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Why the process is gone (exit code and last log line), for a failed scenario. */
    public String exitDescription() {
        if (process.isAlive()) {
            return "still running";
        }
        return "server exited with code " + process.exitValue() + lastLogLine();
    }

    /** Resident set size now, from {@code /proc/<pid>/status} (VmRSS), in KiB. */
    public long rssKib() throws IOException {
        return ProcessMemory.rssKib(process.pid());
    }

    /**
     * Bytes of live objects on a JVM server's heap: {@code jcmd <pid> GC.class_histogram} collects
     * fully before it counts, and its last line is the total. {@code jcmd} is the one beside {@code java}.
     */
    public long liveHeapBytes(Path jcmd) throws IOException, InterruptedException {
        Process histogram = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String output = new String(histogram.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!histogram.waitFor(60, TimeUnit.SECONDS) || histogram.exitValue() != 0) {
            throw new IOException("jcmd GC.class_histogram failed: " + output.strip());
        }
        return HeapHistogram.totalBytes(output);
    }

    /** CPU time the server has used so far (user + system, all its threads), in seconds. */
    public double cpuSeconds() throws IOException {
        return ProcessCpu.cpuSeconds(process.pid());
    }

    /** Stops the server by its PID: SIGTERM, then SIGKILL after a grace period. Idempotent. */
    @Override
    public void close() {
        ChildProcesses.stop(process, STOP_GRACE_MILLIS);
    }

    private void awaitReady() throws ServerStartException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (READY.matcher(readLog()).find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new ServerStartException("exited with code " + process.exitValue() + " before listening"
                        + lastLogLine());
            }
            Thread.sleep(25);
        }
        throw new ServerStartException("no 'listening' line within " + READY_TIMEOUT_MILLIS / 1000 + " s" + lastLogLine());
    }

    /**
     * A server launched for the TLS workloads must have said which provider serves them, as its row
     * expects; otherwise it is not measured.
     */
    private void checkTlsAnnouncement() throws ServerStartException {
        Pattern expected = spec.tls().announcement();
        if (expected != null && !expected.matcher(readLog()).find()) {
            throw new ServerStartException("its log does not announce the expected TLS provider (/" + expected
                    + "/): " + tlsLine());
        }
    }

    /** The server's {@code tls provider ...} line, or a note that there is none. */
    public String tlsLine() {
        return readLog().lines().filter(l -> l.startsWith("tls provider ")).findFirst()
                .orElse("no 'tls provider' line");
    }

    private String readLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private String lastLogLine() {
        List<String> lines = readLog().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return "";
        }
        // The first line of a Java stack trace says what went wrong; the last says where.
        String line = lines.stream().filter(l -> l.startsWith("Error") || l.contains("Exception")).findFirst()
                .orElse(lines.get(lines.size() - 1));
        return ": " + (line.length() > 160 ? line.substring(0, 160) + "…" : line);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }
}
