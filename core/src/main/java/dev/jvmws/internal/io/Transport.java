package dev.jvmws.internal.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * A byte stream a connection runs on, in the shape of the JDK's internal {@code RawChannel}:
 * non-blocking reads into the loop's buffer, gathering writes, shutting output down, closing, and
 * interest in readability and writability reported to a {@link TransportHandler}. A TCP socket is the
 * first kind; TLS, a proxy tunnel, a servlet container's upgraded stream and an in-memory pair are
 * others. A transport knows nothing of HTTP or frames.
 *
 * <p>Every method must be called on {@link #loop()}'s thread, except {@link #loop()} and
 * {@link #remoteAddress()}.
 */
public interface Transport {
    EventLoop loop();

    /**
     * Sends readiness events to {@code handler} from now on: the handshake reader hands the transport
     * over to the connection this way, with the interest it had.
     */
    void handler(TransportHandler handler);

    /** Reads what is available into {@code into}; 0 when nothing is, -1 at the end of the stream. */
    int read(ByteBuffer into) throws IOException;

    /** Writes what the peer takes now from {@code sources[offset..offset+length)}; returns the count. */
    long write(ByteBuffer[] sources, int offset, int length) throws IOException;

    default int write(ByteBuffer source) throws IOException {
        return (int) write(new ByteBuffer[] {source}, 0, 1);
    }

    /** Ends the output side (TCP FIN); reading goes on. */
    void shutdownOutput() throws IOException;

    /** Closes both directions and releases the transport; idempotent. */
    void close();

    boolean isOpen();

    /** Whether the output can be written: false while a client socket is still connecting. */
    boolean isConnected();

    void readInterest(boolean on);

    void writeInterest(boolean on);

    /** The peer's address; null when unknown (not connected yet, or not an IP transport). Any thread. */
    InetSocketAddress remoteAddress();
}
