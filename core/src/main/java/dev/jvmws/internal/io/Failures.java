package dev.jvmws.internal.io;

import java.lang.System.Logger.Level;
import java.lang.System.Logger;

/**
 * Which errors an event loop contains and how it reports them without ever failing while doing so.
 *
 * <p>A loop runs the work of many connections; an error in one connection's work (a bug, a listener
 * that throws, even a {@link LinkageError}) is contained to that connection. Only an error that leaves
 * the whole JVM suspect is fatal: the loop then stops visibly instead of serving on half alive.
 *
 * <p>Logging runs on error paths, often when resources are short: with no free file descriptor, the
 * JDK's log formatter once failed loading time-zone data and its {@code NoClassDefFoundError} killed
 * the loop. So the formatter's lazily loaded data is loaded up front, and a failure to log is dropped.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Failures {
    private Failures() {}

    /**
     * True for errors a loop must not contain: the JVM ran out of memory or broke internally. A
     * {@link StackOverflowError} is not among them: the stack has unwound by the time it is caught.
     */
    public static boolean isFatal(Throwable error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    /** Rethrows {@code error} if it is {@linkplain #isFatal fatal}; returns otherwise. */
    public static void rethrowIfFatal(Throwable error) {
        if (isFatal(error)) {
            throw (Error) error;
        }
    }

    /** Logs, never throwing: whatever goes wrong while logging is dropped. */
    public static void log(Logger logger, Level level, String message, Throwable error) {
        try {
            if (logger.isLoggable(level)) {
                logger.log(level, message, error);
            }
        } catch (Throwable ignored) {
            // Logging is best effort on an error path; failing here would lose the loop.
        }
    }

    /**
     * Loads what logging a record needs (the logging backend and its configuration, time-zone rules,
     * date symbols) while files can still be opened; event loops call it as they start.
     */
    static void warmUpLogging() {
        try {
            System.getLogger(Failures.class.getName()).isLoggable(Level.ERROR);
            java.time.ZonedDateTime now = java.time.ZonedDateTime.now();
            String.format("%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %1$tZ", now);
        } catch (Throwable ignored) {
            // nothing to warm up then; logging stays guarded anyway
        }
    }
}
