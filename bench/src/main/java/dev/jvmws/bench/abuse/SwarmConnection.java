package dev.jvmws.bench.abuse;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One attacker connection of a {@link Swarm}: its channel, the bytes waiting to be written, what the
 * server sent back ({@link ServerBytes}) and how and when the connection ended. Times are
 * {@code System.nanoTime()} values. Not thread-safe: owned by the swarm's thread.
 */
final class SwarmConnection {
    /** How a connection ended, from the attacker's side. */
    enum End {
        /** Still open. */
        OPEN,
        /** The server sent a close frame (we then closed the socket at once: we are no polite peer). */
        CLOSE_FRAME,
        /** The server closed the TCP connection (EOF) without a close frame. */
        EOF,
        /** The server reset it, or a write found it gone. */
        RESET,
        /** We closed it (the attack's own doing, e.g. at its end). */
        WE_CLOSED
    }

    final SocketChannel channel;
    final ServerBytes server;
    final long connectedNanos;
    SelectionKey key;
    ByteBuffer pending;
    long bytesSent;
    /** Bytes sent when the server's response head had arrived, -1 before. */
    long sentAtHead = -1;
    long headNanos;
    End end = End.OPEN;
    long endNanos;
    /** Free for the attack's own bookkeeping (A2: which kind of flood). */
    long mark;

    SwarmConnection(SocketChannel channel, long connectedNanos) {
        this.channel = channel;
        this.server = new ServerBytes();
        this.connectedNanos = connectedNanos;
    }

    boolean isOpen() {
        return end == End.OPEN;
    }

    /** The server ended the connection (close frame, EOF or reset) before we did. */
    boolean endedByServer() {
        return end == End.CLOSE_FRAME || end == End.EOF || end == End.RESET;
    }

    /** Nothing waiting to be written. */
    boolean idle() {
        return pending == null || !pending.hasRemaining();
    }

    /** Upgraded: a complete {@code 101} response head arrived. */
    boolean upgraded() {
        return server.headComplete() && server.status() == 101;
    }
}
