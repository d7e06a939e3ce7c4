package dev.jvmws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this library, for logs, {@code User-Agent}-style headers and bug reports.
 *
 * <pre>{@code
 * System.out.println("jvmws " + Version.get());   // jvmws 0.1.0-SNAPSHOT
 * }</pre>
 *
 * <p>The value comes from {@code dev/jvmws/version.properties}, which Maven fills in with the
 * POM's version at every build, so it is never stale (and not a compile-time constant, so code
 * compiled against one release reports the release it runs with).
 *
 * <p>Thread-safety: stateless; callable from any thread.
 */
public final class Version {
    private static final String VERSION = read();

    private Version() {
    }

    /**
     * The library's version as in its Maven coordinates, e.g. {@code 0.1.0} or
     * {@code 0.1.0-SNAPSHOT}.
     *
     * @return the version; {@code "unknown"} if the classes were built without Maven's resources
     */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
