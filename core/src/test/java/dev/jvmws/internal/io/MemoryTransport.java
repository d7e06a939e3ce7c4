package dev.jvmws.internal.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One end of an in-memory byte stream: a {@link Transport} with no socket, for driving a connection
 * in tests. Each direction buffers at most {@code capacity} bytes, so a writer meets backpressure as
 * on a real socket when its reader does not read. Readiness is reported on each end's loop, never from
 * inside the call that caused it. Thread-safe: the two ends may live on different loops.
 */
public final class MemoryTransport implements Transport {
    private final Object lock;
    private final EventLoop loop;
    private final int capacity;
    private MemoryTransport peer;
    private TransportHandler handler;
    /** Bytes written by the peer, not yet read here; in read mode. */
    private ByteBuffer inbound;
    private boolean outputShut;
    private boolean closed;
    private boolean wantsRead;
    private boolean wantsWrite;
    private final InetSocketAddress address;

    private MemoryTransport(Object lock, EventLoop loop, int capacity, int port) {
        this.lock = lock;
        this.loop = loop;
        this.capacity = capacity;
        this.inbound = ByteBuffer.allocate(capacity).flip();
        this.address = new InetSocketAddress("127.0.0.1", port);
    }

    /** Two connected ends, {@code [0]} on {@code first}, {@code [1]} on {@code second}. */
    public static MemoryTransport[] pair(EventLoop first, EventLoop second, int capacity) {
        Object lock = new Object();
        MemoryTransport a = new MemoryTransport(lock, first, capacity, 1);
        MemoryTransport b = new MemoryTransport(lock, second, capacity, 2);
        a.peer = b;
        b.peer = a;
        return new MemoryTransport[] {a, b};
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void handler(TransportHandler next) {
        synchronized (lock) {
            handler = next;
        }
    }

    @Override
    public int read(ByteBuffer into) {
        synchronized (lock) {
            if (closed) {
                return -1;
            }
            if (!inbound.hasRemaining()) {
                return peer.outputShut || peer.closed ? -1 : 0;
            }
            int n = Math.min(into.remaining(), inbound.remaining());
            ByteBuffer slice = inbound.slice();
            slice.limit(n);
            into.put(slice);
            inbound.position(inbound.position() + n);
            if (peer.wantsWrite) {
                peer.notifyWritable();
            }
            return n;
        }
    }

    @Override
    public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
        synchronized (lock) {
            if (closed || outputShut) {
                throw new IOException("Broken pipe");
            }
            if (peer.closed) {
                throw new IOException("Connection reset by peer");
            }
            ByteBuffer target = peer.inbound.compact();
            long written = 0;
            for (int i = offset; i < offset + length && target.hasRemaining(); i++) {
                ByteBuffer source = sources[i];
                int n = Math.min(source.remaining(), target.remaining());
                ByteBuffer slice = source.slice();
                slice.limit(n);
                target.put(slice);
                source.position(source.position() + n);
                written += n;
            }
            target.flip();
            if (written > 0 && peer.wantsRead) {
                peer.notifyReadable();
            }
            return written;
        }
    }

    @Override
    public void shutdownOutput() {
        synchronized (lock) {
            outputShut = true;
            if (peer.wantsRead) {
                peer.notifyReadable();
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (peer.wantsRead) {
                peer.notifyReadable();
            }
        }
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !closed;
        }
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public void readInterest(boolean on) {
        synchronized (lock) {
            wantsRead = on;
            if (on && (inbound.hasRemaining() || peer.outputShut || peer.closed)) {
                notifyReadable();
            }
        }
    }

    @Override
    public void writeInterest(boolean on) {
        synchronized (lock) {
            wantsWrite = on;
            if (on && peer.inbound.remaining() < capacity) {
                notifyWritable();
            }
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return peer.address;
    }

    /** Bytes written to this end and not yet read by it. */
    public int unread() {
        synchronized (lock) {
            return inbound.remaining();
        }
    }

    private void notifyReadable() {
        loop.execute(() -> {
            TransportHandler current;
            synchronized (lock) {
                if (closed || !wantsRead) {
                    return;
                }
                current = handler;
            }
            current.onReadable();
            synchronized (lock) { // level-triggered, as a selector: still readable, told again
                if (!closed && wantsRead && (inbound.hasRemaining() || peer.outputShut || peer.closed)) {
                    notifyReadable();
                }
            }
        });
    }

    private void notifyWritable() {
        loop.execute(() -> {
            TransportHandler current;
            synchronized (lock) {
                if (closed || !wantsWrite) {
                    return;
                }
                current = handler;
            }
            current.onWritable();
            synchronized (lock) {
                if (!closed && wantsWrite && peer.inbound.remaining() < capacity) {
                    notifyWritable();
                }
            }
        });
    }
}
