package dev.jvmws.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's CPU time from {@code /proc/<pid>/stat} (Linux): user plus system time of all its
 * threads, in clock ticks of 1/100 s (USER_HZ, 100 on every mainstream Linux build).
 */
final class ProcessCpu {
    static final double TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    static double cpuSeconds(long pid) throws IOException {
        return parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))) / TICKS_PER_SECOND;
    }

    /**
     * utime + stime, fields 14 and 15 of a stat line. The command name (field 2) is in parentheses
     * and may itself hold spaces or parentheses, so fields are counted after its last ')'.
     */
    static long parseTicks(String stat) throws IOException {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IOException("unreadable /proc stat line");
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.length < 13) {
            throw new IOException("short /proc stat line");
        }
        try {
            return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        } catch (NumberFormatException e) {
            throw new IOException("unreadable /proc stat line", e);
        }
    }
}
