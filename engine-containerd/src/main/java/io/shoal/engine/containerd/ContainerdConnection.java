package io.shoal.engine.containerd;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A gRPC channel to containerd's unix socket, plaintext, every call carrying the {@code containerd-namespace} header
 * (containerd 1.6 {@code namespaces/grpc.go}) so that everything Shoal creates lives in its own containerd namespace.
 *
 * <p>The channel reconnects by itself after containerd restarts; {@link #resetBackoff} makes it try again at once
 * instead of after its back-off delay.
 */
final class ContainerdConnection implements AutoCloseable {
    /** The metadata key containerd reads the namespace from. */
    static final Metadata.Key<String> NAMESPACE_HEADER =
            Metadata.Key.of("containerd-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private static final Logger LOG = Logger.getLogger(ContainerdConnection.class.getName());

    private final Path socket;
    private final EventLoopGroup eventLoop;
    private final ManagedChannel channel;

    ContainerdConnection(Path socket, String namespace) {
        this.socket = Objects.requireNonNull(socket, "socket");
        Metadata headers = new Metadata();
        headers.put(NAMESPACE_HEADER, namespace);
        // The Netty 4.2 the API server and the DNS server use (grpc-netty, not its shaded copy: one Netty loaded).
        this.eventLoop = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("containerd-client", true), EpollIoHandler.newFactory());
        this.channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .eventLoopGroup(eventLoop)
                .channelType(EpollDomainSocketChannel.class)
                .usePlaintext()
                // containerd's own client uses this authority over its unix socket.
                .overrideAuthority("localhost")
                // gRPC's Netty transport always asks for SO_KEEPALIVE, which a unix-domain socket does not have (Netty
                // logs "Unknown channel option" at every connect); a null value removes the option from the bootstrap.
                .withOption(ChannelOption.SO_KEEPALIVE, null)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
                .build();
    }

    ManagedChannel channel() {
        return channel;
    }

    Path socket() {
        return socket;
    }

    /** Makes a channel waiting to reconnect try now. */
    void resetBackoff() {
        channel.resetConnectBackoff();
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
                LOG.warning(() -> "the event loop of " + socket + " did not stop within 5 s");
            }
        }
    }
}
