package dev.jvmws.internal.conn;

import java.net.InetSocketAddress;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The connection's JDK Flight Recorder events — the JDK's own observability, no dependency:
 * {@code dev.jvmws.ConnectionOpen}, {@code dev.jvmws.ConnectionClose} and {@code dev.jvmws.SlowSend}
 * (a connection's send queue passed its high-water mark: its peer reads slower than it is sent to).
 * Off unless a recording enables them (e.g. {@code -XX:StartFlightRecording} or JDK Mission Control);
 * a disabled event costs a check, not an allocation that escapes. Loop thread.
 */
final class ConnectionEvents {
    private ConnectionEvents() {
    }

    @Name("dev.jvmws.ConnectionOpen")
    @Label("WebSocket Connection Open")
    @Category({"jvmws", "WebSocket"})
    @StackTrace(false)
    static final class Open extends Event {
        @Label("Client side")
        boolean client;

        @Label("Remote address")
        String remoteAddress;
    }

    @Name("dev.jvmws.ConnectionClose")
    @Label("WebSocket Connection Close")
    @Category({"jvmws", "WebSocket"})
    @StackTrace(false)
    static final class Close extends Event {
        @Label("Client side")
        boolean client;

        @Label("Remote address")
        String remoteAddress;

        @Label("Close code")
        @Description("The code of the close event: the peer's, 1005 without one, 1006 without a close frame")
        int code;

        @Label("Clean")
        @Description("Both close frames passed before the socket closed")
        boolean clean;

        @Label("Bytes received")
        @DataAmount
        long bytesReceived;

        @Label("Bytes sent")
        @DataAmount
        long bytesSent;
    }

    @Name("dev.jvmws.SlowSend")
    @Label("WebSocket Slow Send")
    @Description("The send queue passed the high-water mark: the peer reads slower than it is sent to")
    @Category({"jvmws", "WebSocket"})
    @StackTrace(false)
    static final class SlowSend extends Event {
        @Label("Remote address")
        String remoteAddress;

        @Label("Queued bytes")
        @DataAmount
        long bufferedAmount;

        @Label("High-water mark")
        @DataAmount
        long highWaterMark;
    }

    static void opened(Connection connection) {
        Open event = new Open();
        if (event.isEnabled()) {
            event.client = connection.config().client();
            event.remoteAddress = address(connection.remoteAddress());
            event.commit();
        }
    }

    static void closed(Connection connection, int code, boolean clean) {
        Close event = new Close();
        if (event.isEnabled()) {
            event.client = connection.config().client();
            event.remoteAddress = address(connection.remoteAddress());
            event.code = code;
            event.clean = clean;
            event.bytesReceived = connection.bytesReceived();
            event.bytesSent = connection.bytesSent();
            event.commit();
        }
    }

    static void behind(Connection connection, long bufferedAmount) {
        SlowSend event = new SlowSend();
        if (event.isEnabled()) {
            event.remoteAddress = address(connection.remoteAddress());
            event.bufferedAmount = bufferedAmount;
            event.highWaterMark = connection.config().highWaterMark();
            event.commit();
        }
    }

    private static String address(InetSocketAddress address) {
        return address == null ? null : address.toString();
    }
}
