package dev.jvmws.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.File;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Echo and broadcast peer on Netty 4.2 (4.2.18.Final): {@link WebSocketServerProtocolHandler} on any
 * path, NIO or native epoll transport ({@code --transport nio|epoll}), one worker event loop per core.
 * No compression handler unless {@code --compression on}, which adds {@link
 * WebSocketServerCompressionHandler} with its defaults (permessage-deflate, level 6, every message
 * compressed, server context takeover kept).
 *
 * <p>{@code --tls-cert CERT.pem --tls-key KEY.pem [--tls-provider jdk|openssl]} serves wss: an {@link
 * SslContextBuilder#forServer(File, File)} context with Netty's defaults (TLS 1.2 and 1.3, its default
 * cipher suites) and the {@link SslProvider} asked for: {@code jdk} the JDK's SSLEngine, {@code openssl}
 * netty-tcnative's BoringSSL ({@link SslProvider#OPENSSL}), which must load or the server exits. The
 * provider is announced on a line before the ready line.
 *
 * <p>Echo writes each received frame back as it is (fragments stay fragments) and flushes once per
 * read batch. {@code /broadcast} connections get a {@link WebSocketFrameAggregator} so the group sees
 * whole messages, which never interleave when several members send at once.
 */
public final class NettyEchoServer {

    public static void main(String[] args) throws InterruptedException, SSLException {
        PeerArgs options = PeerArgs.parse(args);
        String transport = options.get("transport", "nio");
        boolean epoll = switch (transport) {
            case "epoll" -> true;
            case "nio" -> false;
            default -> throw new IllegalArgumentException("--transport must be nio or epoll, not " + transport);
        };
        if (epoll) {
            Epoll.ensureAvailability();
        }
        IoHandlerFactory ioHandlers = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, ioHandlers);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(), ioHandlers);
        boolean compression = options.compression();
        SslContext tls = tlsContext(options);
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true)
                .allowExtensions(compression)
                .maxFramePayloadLength(PeerArgs.MAX_MESSAGE_BYTES)
                .build();
        ChannelGroup broadcastGroup = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel server = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc()));
                        }
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024));
                        if (compression) {
                            channel.pipeline().addLast(new WebSocketServerCompressionHandler(0));
                        }
                        channel.pipeline().addLast(new WebSocketServerProtocolHandler(config), new EchoHandler(broadcastGroup));
                    }
                })
                .bind(options.host(), options.port())
                .sync()
                .channel();
        PeerArgs.announce(options.port());
        server.closeFuture().sync();
    }

    /** The server's TLS context if {@code --tls-cert} was given, else null; announces its provider. */
    private static SslContext tlsContext(PeerArgs options) throws SSLException {
        String certificate = options.get("tls-cert", null);
        String key = options.get("tls-key", null);
        if (certificate == null && key == null) {
            return null;
        }
        if (certificate == null || key == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        String name = options.get("tls-provider", "jdk");
        SslProvider provider = switch (name) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL;
            default -> throw new IllegalArgumentException("--tls-provider must be jdk or openssl, not " + name);
        };
        if (provider == SslProvider.OPENSSL) {
            OpenSsl.ensureAvailability();
        }
        SslContext context = SslContextBuilder.forServer(new File(certificate), new File(key))
                .sslProvider(provider).build();
        PeerArgs.announceTls(provider == SslProvider.OPENSSL
                ? "netty-tcnative " + OpenSsl.versionString() + " (SslProvider.OPENSSL)"
                : "JDK " + jdkProvider() + " (SslProvider.JDK)");
        return context;
    }

    private static String jdkProvider() {
        try {
            return SSLContext.getDefault().getProvider().getName() + " " + System.getProperty("java.version");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Echoes one connection's data frames, or sends them to the broadcast group. */
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        private final ChannelGroup broadcastGroup;
        private boolean broadcast;

        EchoHandler(ChannelGroup broadcastGroup) {
            this.broadcastGroup = broadcastGroup;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake
                    && PeerArgs.isBroadcast(handshake.requestUri())) {
                ctx.pipeline().addBefore(ctx.name(), "aggregator", new WebSocketFrameAggregator(PeerArgs.MAX_MESSAGE_BYTES));
                broadcast = true;
                broadcastGroup.add(ctx.channel());
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
            } else if (broadcast) {
                broadcastGroup.writeAndFlush(frame);
            } else {
                ctx.write(frame);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }
}
