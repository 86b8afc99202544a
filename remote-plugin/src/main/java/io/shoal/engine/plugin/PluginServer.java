package io.shoal.engine.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The plugin's HTTP/1.1 server on a unix domain socket (Netty epoll, one event-loop thread), the transport of
 * libnetwork's remote plugins: every call a {@code POST /Kind.Method} with a JSON body (or none), every reply a JSON
 * object (moby {@code pkg/plugins}). Calls run on {@code handlers}, never on the event loop, since a driver call
 * waits for the kernel. The socket file gets mode 0660 right after bind(2); its directory ({@code
 * /run/docker/plugins}, root's) keeps others out before that. Written for the plugin rather than taken from
 * engine-api, whose server carries the Engine API's versions, headers, streaming and hijacking.
 */
public final class PluginServer implements AutoCloseable {
    /** Far above any call's body: a CreateNetwork with pools and options is a few hundred bytes. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** The reply type go-plugins-helpers sends; dockerd does not check it. */
    static final String CONTENT_TYPE = "application/vnd.docker.plugins.v1.1+json";

    private final Path socket;
    private final EventLoopGroup loop;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PluginServer(Path socket, EventLoopGroup loop, Channel listener) {
        this.socket = socket;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Listens on {@code socket}, answering with {@code calls} on {@code handlers}.
     *
     * @throws IOException when a live server answers on the socket, or it cannot be bound or its mode set
     */
    public static PluginServer start(Path socket, PluginCalls calls, Executor handlers) throws IOException {
        removeStaleSocket(socket);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new HttpObjectAggregator(MAX_BODY_BYTES))
                                    .addLast(new CallHandler(calls, handlers));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new PluginServer(socket, loop, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new IOException("interrupted while binding " + socket, e);
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + socket + ": " + e, e);
        }
    }

    /** A socket left by a plugin that died (kill -9) is replaced; one a live server answers on is not. */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .isOther()) {
            throw new IOException(socket + " exists and is not a socket; refusing to replace it");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another server is listening on " + socket);
        } catch (java.net.ConnectException stale) {
            Files.delete(socket);
        }
    }

    /** The socket's path. */
    public Path socket() {
        return socket;
    }

    /** Stops listening, closes connections, removes the socket file. A second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            listener.close().sync();
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing the plugin server on " + socket, e);
        } finally {
            Files.deleteIfExists(socket);
        }
    }

    /** One connection's requests: each call is answered on the handler pool, the reply written back in order. */
    private static final class CallHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final PluginCalls calls;
        private final Executor handlers;

        CallHandler(PluginCalls calls, Executor handlers) {
            this.calls = calls;
            this.handlers = handlers;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            if (!request.decoderResult().isSuccess()) {
                write(context, new Reply(400, Map.of("Err", "malformed HTTP request")), keepAlive);
                return;
            }
            if (!HttpMethod.POST.equals(request.method())) {
                write(
                        context,
                        new Reply(405, Map.of("Err", request.method() + " " + path + ": plugin calls are POST")),
                        keepAlive);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            // The channel does not read the next request before this reply is written (HTTP/1.1 without pipelining).
            context.channel().config().setAutoRead(false);
            handlers.execute(() -> {
                Reply reply = calls.call(path, body);
                context.channel().eventLoop().execute(() -> {
                    write(context, reply, keepAlive);
                    context.channel().config().setAutoRead(true);
                });
            });
        }

        private static void write(ChannelHandlerContext context, Reply reply, boolean keepAlive) {
            byte[] json;
            try {
                json = Json.MAPPER.writeValueAsBytes(reply.body());
            } catch (JsonProcessingException e) {
                json = "{\"Err\":\"cannot render the reply\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(json));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                context.writeAndFlush(response).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            } else {
                context.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
