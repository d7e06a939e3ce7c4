package dev.jvmws.bench.peers;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.extensions.PerMessageDeflateHandshake;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import org.xnio.Pooled;

/**
 * Echo and broadcast peer on Undertow (undertow-core 2.3.27.Final): {@link Handlers#websocket} on every
 * path. No extension is registered unless {@code --compression on}, which registers {@link
 * PerMessageDeflateHandshake} (server role, zlib's default level, context takeover kept); message size
 * and idle time are unlimited by default. One XNIO I/O thread per core runs the listeners.
 */
public final class UndertowEchoServer {

    public static void main(String[] args) {
        // jboss-logging would pick java.util.logging (INFO lines on stderr); send it to SLF4J's no-op binding.
        System.setProperty("org.jboss.logging.provider", "slf4j");
        PeerArgs options = PeerArgs.parse(args);
        Set<WebSocketChannel> broadcastGroup = ConcurrentHashMap.newKeySet();
        WebSocketProtocolHandshakeHandler websocket = Handlers.websocket((exchange, channel) -> {
            boolean broadcast = PeerArgs.isBroadcast(exchange.getRequestURI());
            if (broadcast) {
                broadcastGroup.add(channel);
                channel.addCloseTask(broadcastGroup::remove);
            }
            channel.getReceiveSetter().set(new EchoListener(broadcast ? broadcastGroup : Set.of(channel)));
            channel.resumeReceives();
        });
        if (options.compression()) {
            websocket.addExtension(new PerMessageDeflateHandshake(false, Deflater.DEFAULT_COMPRESSION));
        }
        Undertow server = Undertow.builder()
                .setIoThreads(Runtime.getRuntime().availableProcessors())
                .addHttpListener(options.port(), options.host())
                .setHandler(websocket)
                .build();
        server.start();
        InetSocketAddress bound = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        PeerArgs.announce(bound.getPort());
    }

    /** Sends each message of one connection to {@code targets}: itself, or the broadcast group. */
    private static final class EchoListener extends AbstractReceiveListener {
        private final Set<WebSocketChannel> targets;

        EchoListener(Set<WebSocketChannel> targets) {
            this.targets = targets;
        }

        @Override
        protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
            String text = message.getData();
            for (WebSocketChannel target : targets) {
                WebSockets.sendText(text, target, null);
            }
        }

        @Override
        @SuppressWarnings("deprecation") // BufferedBinaryMessage hands out XNIO's Pooled; 2.3 has no other accessor.
        protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
            Pooled<ByteBuffer[]> data = message.getData();
            ByteBuffer payload;
            try {
                payload = WebSockets.mergeBuffers(data.getResource());
            } finally {
                data.free();
            }
            for (WebSocketChannel target : targets) {
                WebSockets.sendBinary(payload.duplicate(), target, null);
            }
        }
    }
}
