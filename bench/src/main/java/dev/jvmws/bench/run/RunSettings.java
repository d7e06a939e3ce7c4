package dev.jvmws.bench.run;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a run was asked to do, fixed before it starts. Immutable.
 *
 * @param root             the repository root (launchers, node scripts, the bench jar live under it)
 * @param benchJar         the shaded bench jar (peer servers and clients run from it)
 * @param java             the java executable for server and client processes
 * @param jvmOptions       options of every JVM server and client process (same heap and JIT)
 * @param loaderThreads    selector threads of the load generator
 * @param broadcastRate    B1 sender rate, messages per second
 * @param timing           durations and repetitions
 * @param quick            whether this is a quick run (names the results directory)
 * @param scenarios        the scenarios to run, in order
 * @param servers          the server (and C1 client) rows to run, in order
 * @param outputDirectory  where results and server logs go
 */
public record RunSettings(Path root, Path benchJar, String java, List<String> jvmOptions, int loaderThreads,
        double broadcastRate, Timing timing, boolean quick, List<Scenario> scenarios, List<String> servers,
        Path outputDirectory) {

    public RunSettings {
        jvmOptions = List.copyOf(jvmOptions);
        scenarios = List.copyOf(scenarios);
        servers = List.copyOf(servers);
    }

    /** The JVM options of server and client processes unless told otherwise. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:+TieredCompilation");

    public boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }
}
