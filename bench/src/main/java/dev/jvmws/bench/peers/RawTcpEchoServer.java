package dev.jvmws.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The raw-TCP ceiling (JDK java.nio only, no WebSocket): every connection gets back exactly the bytes it
 * sent. The main thread accepts and deals connections round-robin to one selector thread per core; each
 * selector thread reads into one reusable direct buffer and writes it straight back. Only bytes the
 * kernel would not take are copied aside, and the connection stops reading until they are written.
 */
public final class RawTcpEchoServer {
    private static final int BUFFER_BYTES = 64 * 1024;

    public static void main(String[] args) throws IOException {
        PeerArgs options = PeerArgs.parse(args);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(options.host(), options.port()), 1024);
        Loop[] loops = new Loop[Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new Loop();
            Thread thread = new Thread(loops[i], "raw-echo-" + i);
            thread.start();
        }
        PeerArgs.announce(((InetSocketAddress) server.getLocalAddress()).getPort());
        for (int next = 0; ; next = (next + 1) % loops.length) {
            SocketChannel channel = server.accept();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            loops[next].adopt(channel);
        }
    }

    /** One selector thread; a key's attachment is the bytes still owed to that connection, if any. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);

        Loop() throws IOException {
            selector = Selector.open();
        }

        void adopt(SocketChannel channel) {
            adopted.add(channel);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select(this::ready);
                    for (SocketChannel channel; (channel = adopted.poll()) != null; ) {
                        channel.register(selector, SelectionKey.OP_READ);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void ready(SelectionKey key) {
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                if (key.isReadable()) {
                    echo(key, channel);
                } else if (key.isWritable()) {
                    flush(key, channel);
                }
            } catch (IOException e) {
                close(key, channel);
            }
        }

        private void echo(SelectionKey key, SocketChannel channel) throws IOException {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                close(key, channel);
                return;
            }
            buffer.flip();
            channel.write(buffer);
            if (buffer.hasRemaining()) {
                key.attach(ByteBuffer.allocate(buffer.remaining()).put(buffer).flip());
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }

        private void flush(SelectionKey key, SocketChannel channel) throws IOException {
            ByteBuffer owed = (ByteBuffer) key.attachment();
            channel.write(owed);
            if (!owed.hasRemaining()) {
                key.attach(null);
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private static void close(SelectionKey key, SocketChannel channel) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already gone; nothing is owed to a closed connection.
            }
        }
    }
}
