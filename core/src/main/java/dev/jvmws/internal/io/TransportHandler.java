package dev.jvmws.internal.io;

import java.io.IOException;

/** What a {@link Transport} reports, on its loop's thread. */
public interface TransportHandler {
    /** A client transport finished connecting. */
    default void onConnected() {
    }

    /** Connecting failed. */
    default void onConnectFailed(IOException error) {
        onUnexpectedError(error);
    }

    /** Bytes (or the end of the stream) can be read. */
    void onReadable();

    /** The transport takes more output. */
    void onWritable();

    /** The loop is stopping: release. {@code cause} is the fatal error that stopped it, or null. */
    void onLoopShutdown(Throwable cause);

    /** One of the handler's own callbacks threw {@code error} (not a fatal one): contain it. */
    void onUnexpectedError(Throwable error);
}
