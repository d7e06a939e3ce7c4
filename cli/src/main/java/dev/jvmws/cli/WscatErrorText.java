package dev.jvmws.cli;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.Locale;
import java.util.Map;

/**
 * Socket errors worded as Node words them, since npm wscat prints Node's {@code err.message}: the
 * system call, the errno name and the address, e.g. {@code connect ECONNREFUSED 127.0.0.1:1} or
 * {@code listen EADDRINUSE: address already in use :::9300}. The JDK's messages are the C library's
 * {@code strerror} texts ("Connection refused"), which name neither the call nor the address; those we
 * know are translated, anything else is left as the JDK says it ({@link Wscat#describe}).
 */
final class WscatErrorText {
    /** strerror text (as the JDK reports it) → errno name, for the errors a connection commonly meets. */
    private static final Map<String, String> CONNECT_ERRNO = Map.of(
            "connection refused", "ECONNREFUSED",
            "connection timed out", "ETIMEDOUT",
            "no route to host", "EHOSTUNREACH",
            "network is unreachable", "ENETUNREACH",
            "no such file or directory", "ENOENT",
            "permission denied", "EACCES");

    private WscatErrorText() {}

    /**
     * The text for an error of a client connection that dials {@code dialed} (the URL's host or the
     * proxy; resolved here as the library resolves it), or null for a Unix socket, whose path the
     * library's message already ends with.
     */
    static String ofConnection(Throwable error, InetSocketAddress dialed) {
        // The socket's error may be wrapped (a proxy's "Could not connect to the proxy …"): Node reports
        // the socket's own, so the first in the chain that is one of those known wins.
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String text = ofSocketError(cause.getMessage(), dialed);
            if (text != null) {
                return text;
            }
        }
        return Wscat.describe(error);
    }

    private static String ofSocketError(String message, InetSocketAddress dialed) {
        if (message == null) {
            return null;
        }
        String strerror = strerrorOf(message);
        String errno = CONNECT_ERRNO.get(strerror.toLowerCase(Locale.ROOT));
        if (errno != null) {
            String address = message.startsWith(strerror + ": ")
                    ? message.substring(strerror.length() + 2) // a Unix socket's path, added by the library
                    : dialed == null ? null : nodeAddress(dialed);
            return "connect " + errno + (address == null ? "" : " " + address);
        }
        switch (strerror.toLowerCase(Locale.ROOT)) {
            case "connection reset":
            case "connection reset by peer":
                return "read ECONNRESET";
            case "broken pipe":
                return "write EPIPE";
            default:
                return null;
        }
    }

    /**
     * The text for a failure to listen on {@code port} on all interfaces, naming the address the
     * server binds as Node does ({@code :::PORT} on a dual-stack socket, {@code 0.0.0.0:PORT} without
     * IPv6).
     */
    static String ofListen(Throwable error, int port) {
        String message = Wscat.describe(error);
        String address = wildcardAddress() + ":" + port;
        switch (strerrorOf(message).toLowerCase(Locale.ROOT)) {
            case "address already in use":
                return "listen EADDRINUSE: address already in use " + address;
            case "permission denied":
                return "listen EACCES: permission denied " + address;
            default:
                return message;
        }
    }

    /** The strerror part of a JDK message: "Connection refused" of "Connection refused: /path" too. */
    private static String strerrorOf(String message) {
        for (String known : CONNECT_ERRNO.keySet()) {
            if (message.regionMatches(true, 0, known, 0, known.length())) {
                return message.substring(0, known.length());
            }
        }
        String bind = "address already in use";
        return message.regionMatches(true, 0, bind, 0, bind.length()) ? message.substring(0, bind.length()) : message;
    }

    /** {@code ip:port} as Node prints a socket address: IPv6 compressed and without brackets. */
    static String nodeAddress(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            try {
                // The library resolves the host the same way (InetSocketAddress), and the JDK caches it.
                ip = InetAddress.getByName(address.getHostString());
            } catch (UnknownHostException e) {
                return address.getHostString() + ":" + address.getPort();
            }
        }
        return nodeIp(ip) + ":" + address.getPort();
    }

    /**
     * The address a wildcard server socket really binds: the JDK opens an IPv6 socket (dual stack,
     * Node's {@code ::}) where IPv6 is available, an IPv4 one ({@code 0.0.0.0}) where it is not.
     */
    private static String wildcardAddress() {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(0), 1);
            return nodeIp(((InetSocketAddress) probe.getLocalAddress()).getAddress());
        } catch (IOException | RuntimeException e) {
            return "::";
        }
    }

    /** An IP address as Node prints it: IPv6 in its shortest form (RFC 5952), without a scope. */
    static String nodeIp(InetAddress ip) {
        if (!(ip instanceof Inet6Address)) {
            return ip.getHostAddress();
        }
        byte[] bytes = ip.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952 §4.2: the longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
