package dev.jvmws.bench.clients;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Workload C1 with Netty 4.2 (4.2.18.Final): NIO transport with the default event loop count,
 * {@link WebSocketClientProtocolHandler} (the WebSocketClientHandshaker for RFC 6455), no extensions.
 */
public final class NettyClientBench {

    public static void main(String[] args) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ClientBench.run(args, (url, onEcho) -> {
            CompletableFuture<Void> handshaken = new CompletableFuture<>();
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(url)
                    .allowExtensions(false)
                    .maxFramePayloadLength(64 * 1024 * 1024)
                    .build();
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(
                                    new HttpClientCodec(),
                                    new HttpObjectAggregator(64 * 1024),
                                    new WebSocketClientProtocolHandler(config),
                                    new EchoHandler(onEcho, handshaken));
                        }
                    })
                    .connect(url.getHost(), port(url))
                    .sync()
                    .channel();
            handshaken.get(ClientBench.OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new ClientBench.Connection(
                    text -> channel.writeAndFlush(new TextWebSocketFrame(text)),
                    () -> channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE)));
        });
    }

    private static int port(URI url) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return "wss".equals(url.getScheme()) ? 443 : 80;
    }

    /** Reports the end of the handshake, then every text message, of one connection. */
    private static final class EchoHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final Runnable onEcho;
        private final CompletableFuture<Void> handshaken;

        EchoHandler(Runnable onEcho, CompletableFuture<Void> handshaken) {
            this.onEcho = onEcho;
            this.handshaken = handshaken;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshaken.complete(null);
            } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshaken.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            onEcho.run();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshaken.completeExceptionally(cause);
            ctx.close();
        }
    }
}
