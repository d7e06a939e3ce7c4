package dev.jvmws.bench.run;

/** A server process did not come up: it could not be launched, exited, or never said it was listening. */
public final class ServerStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public ServerStartException(String message) {
        super(message);
    }
}
