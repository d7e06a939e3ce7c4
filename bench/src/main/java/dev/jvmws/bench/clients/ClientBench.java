package dev.jvmws.bench.clients;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Workload C1, shared by every peer client: open {@code --connections} connections with one library,
 * then run a closed loop on each (send one {@code --size}-byte text message, wait for its echo, send
 * the next), warm up, measure, and print exactly one line:
 * {@code result echoes_per_sec=<double> p50_us=<double> p99_us=<double>}.
 *
 * <p>Round trips go into one {@link Recorder} (microseconds), which any library thread may write to;
 * the warm-up's values are dropped by taking an interval histogram when measuring starts.
 */
@Command(name = "client-bench", description = "Closed-loop echo client workload (C1)")
final class ClientBench {
    /** How long a library may take to open one connection. */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    /** One library's client side: opens a connection and passes every text message it receives on. */
    @FunctionalInterface
    interface Library {
        /**
         * Opens one connection to {@code url} and returns once it is open. Each complete text message
         * the connection receives must run {@code onEcho}, on any thread.
         */
        Connection open(URI url, Runnable onEcho) throws Exception;
    }

    /** What the loop needs of an open connection. */
    record Connection(Consumer<String> sender, Runnable closer) {}

    @Option(names = "--url", required = true, description = "Echo server, e.g. ws://127.0.0.1:9002/")
    private URI url;

    @Option(names = "--connections", defaultValue = "100")
    private int connections;

    @Option(names = "--size", defaultValue = "32", description = "Message size in bytes (ASCII text)")
    private int size;

    @Option(names = "--warmup-seconds", defaultValue = "5")
    private double warmupSeconds;

    @Option(names = "--seconds", defaultValue = "10")
    private double seconds;

    private final Recorder recorder = new Recorder(3);
    private volatile boolean running = true;
    private String message;

    /** Parses {@code args}, runs the workload with {@code library} and exits the JVM (0 on success). */
    static void run(String[] args, Library library) {
        ClientBench bench = new ClientBench();
        try {
            new CommandLine(bench).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            System.err.println(e.getCommandLine().getUsageMessage());
            System.exit(2);
        }
        int status;
        try {
            status = bench.measure(library) ? 0 : 1;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private boolean measure(Library library) throws Exception {
        message = "x".repeat(size);
        List<Loop> loops = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            Loop loop = new Loop();
            loop.connection = library.open(url, loop);
            loops.add(loop);
        }
        loops.forEach(Loop::sendNext);
        Thread.sleep(Math.round(warmupSeconds * 1000));
        recorder.getIntervalHistogram();
        long start = System.nanoTime();
        Thread.sleep(Math.round(seconds * 1000));
        Histogram measured = recorder.getIntervalHistogram();
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;
        running = false;
        System.out.printf(Locale.ROOT, "result echoes_per_sec=%.1f p50_us=%.1f p99_us=%.1f%n",
                measured.getTotalCount() / elapsedSeconds,
                (double) measured.getValueAtPercentile(50),
                (double) measured.getValueAtPercentile(99));
        System.out.flush();
        for (Loop loop : loops) {
            try {
                loop.connection.closer().run();
            } catch (RuntimeException ignored) {
                // Closing is a courtesy to the server; the result is already out.
            }
        }
        if (measured.getTotalCount() == 0) {
            System.err.println("no echo arrived while measuring");
            return false;
        }
        return true;
    }

    /** One connection's loop; it runs on whichever thread delivers that connection's echo. */
    private final class Loop implements Runnable {
        private volatile Connection connection;
        private volatile long sentNanos;

        void sendNext() {
            sentNanos = System.nanoTime();
            connection.sender().accept(message);
        }

        /** The echo arrived: record its round trip and send the next message. */
        @Override
        public void run() {
            recorder.recordValue((System.nanoTime() - sentNanos) / 1000);
            if (running) {
                sendNext();
            }
        }
    }
}
