package dev.jvmws;

/**
 * How binary messages reach {@link WebSocket.Listener}: the Java analogue of {@code ws}'s
 * {@code binaryType}. Text messages are always delivered as {@code String}s.
 */
public enum BinaryType {
    /** One heap {@code ByteBuffer} per message, owned by the listener ({@code onBinary}). */
    BYTE_BUFFER,
    /**
     * The payload of each frame of the message, uncopied into one buffer
     * ({@code onBinaryFragments}; ws's {@code 'fragments'}).
     */
    FRAGMENTS
}
