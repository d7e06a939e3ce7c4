package dev.jvmws.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident set size from {@code /proc/<pid>/status} (Linux). */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS of {@code pid} in KiB. */
    public static long rssKib(long pid) throws IOException {
        return parseVmRssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    }

    /** The {@code VmRSS:  12345 kB} line of a status file, in KiB. */
    static long parseVmRssKib(String status) throws IOException {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        throw new IOException("no VmRSS line in /proc status");
    }
}
