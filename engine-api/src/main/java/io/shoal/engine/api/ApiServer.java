package io.shoal.engine.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Engine API's HTTP/1.1 server on a unix domain socket (Netty epoll). The socket file gets mode 0660, owned by the
 * engine's user (root): only root and the file's group may talk to the engine, as with dockerd's socket.
 *
 * <p>Requests are decoded on one event loop and handed to {@code handlers}; a body may be sized or chunked and is
 * limited to {@code maxBodyBytes} (413 above), except on a route that streams its body to a {@link BodyHandler}
 * (unlimited, read as fast as the handler consumes). Responses may be streamed (chunked) or hijack the connection
 * ({@link Response#chunked}, {@link Response#hijack}). {@link #close()} stops accepting, closes connections and removes the
 * socket file; it does not shut {@code handlers} down (the caller owns it).
 */
public final class ApiServer implements AutoCloseable {
    /** The default body limit, 4 MiB: far above any JSON body the CLI sends (a container create is a few KiB). */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** The largest header block accepted, 64 KiB (the CLI's X-Registry-Auth header can be long). */
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Path socket;
    private final EventLoopGroup loop;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ApiServer(Path socket, EventLoopGroup loop, Channel listener) {
        this.socket = socket;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Listens on {@code socket}, serving {@code router}'s routes on {@code handlers}.
     *
     * @throws IOException if the socket is in use by a live server, cannot be bound, or its mode cannot be set
     */
    public static ApiServer start(Path socket, Router router, Executor handlers, EngineInfo engine, int maxBodyBytes)
            throws IOException {
        removeStaleSocket(socket);
        Dispatcher dispatcher = new Dispatcher(router);
        Responses responses = new Responses(engine);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerDomainSocketChannel.class)
                    // A client's half-close must not close the connection: the CLI closes stdin after a hijack and
                    // still reads the output.
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec(
                                            new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES)))
                                    .addLast(new BodyLimit(maxBodyBytes, responses, dispatcher))
                                    .addLast(new ConnectionHandler(dispatcher, responses, handlers));
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            // Between bind(2) and this chmod the file has the mode the umask leaves; the directory holding the socket
            // (root's, 0755 or tighter) is what keeps others out in that window.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new ApiServer(socket, loop, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new IOException("interrupted while binding " + socket, e);
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + socket + ": " + e, e);
        }
    }

    /**
     * A socket file left by an engine that died is removed; one a live server answers on is not.
     *
     * @throws IOException if a server answers there, or the path is not a socket
     */
    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes =
                Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isOther()) {
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

    /**
     * Stops listening, closes every connection, removes the socket file; waits for the event loop to end. A second
     * call does nothing.
     */
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
            throw new IOException("interrupted while closing the API server on " + socket, e);
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
