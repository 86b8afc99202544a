package io.shoal.unixhttp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A server socket on a unix domain socket path with one Netty epoll event-loop thread: what the Engine API's server
 * and the remote plugin's share. Before binding, a socket file left by a server that died is removed and one a live
 * server answers on is refused; after bind(2) the file gets mode 0660 (only root and the file's group may connect, as
 * with dockerd's socket; between bind and chmod the directory, root's, keeps others out). {@link #close} stops
 * accepting, closes every connection, ends the event loop and removes the file.
 */
public final class UnixSocketListener implements AutoCloseable {
    private final Path socket;
    private final String role;
    private final EventLoopGroup loop;
    private final Channel listener;
    private final AtomicBoolean closed = new AtomicBoolean();

    private UnixSocketListener(Path socket, String role, EventLoopGroup loop, Channel listener) {
        this.socket = socket;
        this.role = role;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Listens on {@code socket}; each accepted connection's pipeline is built by {@code connection}.
     *
     * @param role what serves there, for messages ({@code the API server}, {@code the plugin server})
     * @param allowHalfClosure keep a connection open after the client shut its writing half (the docker CLI does so
     *     after a hijack and still reads the output)
     * @throws IOException when a live server answers on {@code socket}, the path is not a socket, or it cannot be
     *     bound or its mode set
     */
    public static UnixSocketListener start(
            Path socket, String role, boolean allowHalfClosure, Consumer<Channel> connection) throws IOException {
        removeStaleSocket(socket);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(EpollServerDomainSocketChannel.class)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, allowHalfClosure)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            connection.accept(channel);
                        }
                    })
                    .bind(new DomainSocketAddress(socket.toFile()))
                    .sync()
                    .channel();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            return new UnixSocketListener(socket, role, loop, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new IOException("interrupted while binding " + socket + " for " + role, e);
        } catch (IOException | RuntimeException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
            throw e instanceof IOException io
                    ? io
                    : new IOException("cannot listen on " + socket + " for " + role + ": " + e, e);
        }
    }

    /**
     * A socket file left by a server that died (kill -9) is removed; one a live server answers on is not.
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
        } catch (ConnectException stale) {
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
            throw new IOException("interrupted while closing " + role + " on " + socket, e);
        } finally {
            Files.deleteIfExists(socket);
        }
    }
}
