package dev.jvmws.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's count of connection attempts dropped because a listening socket's accept queue was
 * full ({@code TcpExt: ListenOverflows} in {@code /proc/net/netstat}). Each drop costs the client a
 * SYN retransmit (one second, then more), so a scenario during which it grows measured partly the
 * kernel's timers; the runner notes it.
 */
final class ListenDrops {
    private ListenDrops() {
    }

    /** The machine-wide count now, or -1 if it cannot be read. */
    static long now() {
        try {
            return parse(Files.readString(Path.of("/proc/net/netstat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code ListenOverflows} from the text of {@code /proc/net/netstat} (a header line, then values). */
    static long parse(String netstat) {
        String[] lines = netstat.split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (!lines[i].startsWith("TcpExt:") || !lines[i + 1].startsWith("TcpExt:")) {
                continue;
            }
            String[] names = lines[i].trim().split("\\s+");
            String[] values = lines[i + 1].trim().split("\\s+");
            for (int k = 1; k < names.length && k < values.length; k++) {
                if (names[k].equals("ListenOverflows")) {
                    return Long.parseLong(values[k]);
                }
            }
        }
        return -1;
    }
}
