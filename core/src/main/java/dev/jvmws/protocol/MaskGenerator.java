package dev.jvmws.protocol;

/**
 * Supplies the 32-bit masking key of each client frame (RFC 6455 §5.3, the Java form of ws's
 * {@code generateMask}). Keys must be unpredictable to the application's peers unless the user knowingly
 * decides otherwise (tests, trusted links).
 *
 * <p>Implementations are called from one thread at a time per instance (the connection's event loop).
 */
@FunctionalInterface
public interface MaskGenerator {
    /** The next key, as a big-endian int of the four mask bytes. */
    int nextMask();
}
