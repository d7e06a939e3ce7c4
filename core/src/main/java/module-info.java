/**
 * jvmws: an RFC 6455 WebSocket client and server on {@code java.nio}, with no dependency beyond the JDK.
 *
 * <p>{@code dev.jvmws} is the API ({@link dev.jvmws.WebSocket}, {@link dev.jvmws.WebSocketServer}).
 * {@code dev.jvmws.protocol}, {@code dev.jvmws.extension} (the {@code Sec-WebSocket-Extensions}
 * grammar and permessage-deflate) and {@code dev.jvmws.handshake} are pure, I/O-free building blocks
 * for users who drive their own sockets. The transport is internal.
 */
module dev.jvmws {
    requires jdk.jfr; // the connection's Flight Recorder events (part of every JDK 17+ image)

    exports dev.jvmws;
    exports dev.jvmws.protocol;
    exports dev.jvmws.extension;
    exports dev.jvmws.handshake;
    exports dev.jvmws.event;
}
