package dev.jvmws.bench.load;

/** A workload could not run as asked (connections failed to open, the server stopped answering). */
public final class LoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public LoadException(String message) {
        super(message);
    }
}
