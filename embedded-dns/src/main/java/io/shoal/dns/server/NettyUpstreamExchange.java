package io.shoal.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Exchanges with upstream servers from inside one container's namespace, so upstream traffic takes the container's
 * routes, as Docker's resolver does.
 *
 * <p>UDP goes through one socket per address family, opened with the listener; each query gets a fresh random ID
 * (RFC 5452 section 9.2), a response is accepted only from the address the query went to and with that ID, and the
 * {@link Forwarder} checks its question. TCP opens a new connection per query: the socket is created in the namespace
 * on an opener thread (never on an event loop), then registered and connected.
 */
final class NettyUpstreamExchange implements UpstreamExchange {
    private static final int ID_SPACE = 1 << 16;

    private final Map<PendingKey, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final EventLoopGroup group;
    private final SocketPlacement placement;
    private final Executor opener;
    private volatile Channel ipv4;
    private volatile Channel ipv6;
    private volatile boolean closed;

    NettyUpstreamExchange(EventLoopGroup group, SocketPlacement placement, Executor opener) {
        this.group = group;
        this.placement = placement;
        this.opener = opener;
    }

    /** Uses {@code channel} (bound, registered, with {@link #responseHandler} in its pipeline) for {@code family}. */
    void useUdpChannel(SocketProtocolFamily family, Channel channel) {
        if (family == SocketProtocolFamily.INET) {
            ipv4 = channel;
        } else {
            ipv6 = channel;
        }
    }

    /** The handler that matches UDP responses to pending queries. */
    SimpleChannelInboundHandler<DatagramPacket> responseHandler() {
        return new UdpResponseHandler();
    }

    @Override
    public CompletableFuture<byte[]> udp(byte[] query, InetSocketAddress upstream, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Channel channel = upstream.getAddress() instanceof Inet4Address ? ipv4 : ipv6;
        if (channel == null || closed) {
            result.completeExceptionally(
                    new UpstreamException("send query to", upstream, "no UDP socket for its family"));
            return result;
        }
        PendingKey key = reserveId(upstream, result);
        byte[] withId = withId(query, key.id());
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(withId), upstream))
                .addListener(sent -> {
                    if (!sent.isSuccess()) {
                        fail(key, result, new UpstreamException("send query to", upstream, sent.cause()));
                    }
                });
        var timer = channel.eventLoop()
                .schedule(
                        () -> fail(
                                key,
                                result,
                                new UpstreamException(
                                        "UDP query to", upstream, "no answer in " + timeout.toMillis() + " ms")),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        Futures.whenDone(result, () -> timer.cancel(false));
        return result;
    }

    @Override
    public CompletableFuture<byte[]> tcp(byte[] query, InetSocketAddress upstream, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        SocketProtocolFamily family =
                upstream.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
        try {
            opener.execute(() -> {
                EpollSocketChannel socket;
                try {
                    socket = openTcpSocket(family, upstream);
                } catch (UpstreamException e) {
                    result.completeExceptionally(e);
                    return;
                }
                connect(socket, query, upstream, timeout, result);
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UpstreamException("open TCP socket for", upstream, e));
        }
        return result;
    }

    /** Fails every pending query; later exchanges fail at once. */
    void close() {
        closed = true;
        pending.forEach((key, future) -> future.completeExceptionally(
                new UpstreamException("await answer from", key.upstream(), "the listener closed")));
        pending.clear();
    }

    private EpollSocketChannel openTcpSocket(SocketProtocolFamily family, InetSocketAddress upstream)
            throws UpstreamException {
        try {
            return placement.open(() -> new EpollSocketChannel(family));
        } catch (IOException | RuntimeException e) {
            throw new UpstreamException("open TCP socket for", upstream, e);
        }
    }

    private void connect(
            EpollSocketChannel socket,
            byte[] query,
            InetSocketAddress upstream,
            Duration timeout,
            CompletableFuture<byte[]> result) {
        int id = random.nextInt(ID_SPACE);
        new Bootstrap()
                .group(group)
                .channelFactory(() -> socket)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new LengthFieldBasedFrameDecoder(QueryResponder.TCP_LIMIT, 0, 2, 0, 2))
                                .addLast(new LengthFieldPrepender(2))
                                .addLast(new TcpResponseHandler(id, upstream, result));
                    }
                })
                .connect(upstream)
                .addListener(connected -> {
                    if (connected.isSuccess()) {
                        socket.writeAndFlush(Unpooled.wrappedBuffer(withId(query, id)))
                                .addListener(sent -> {
                                    if (!sent.isSuccess()) {
                                        result.completeExceptionally(
                                                new UpstreamException("send query to", upstream, sent.cause()));
                                    }
                                });
                    } else {
                        result.completeExceptionally(new UpstreamException("connect to", upstream, connected.cause()));
                    }
                });
        var timer = socket.eventLoop()
                .schedule(
                        () -> result.completeExceptionally(new UpstreamException(
                                "TCP query to", upstream, "no answer in " + timeout.toMillis() + " ms")),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        Futures.whenDone(result, () -> {
            timer.cancel(false);
            Futures.close(socket);
        });
    }

    private PendingKey reserveId(InetSocketAddress upstream, CompletableFuture<byte[]> result) {
        while (true) {
            PendingKey key = new PendingKey(random.nextInt(ID_SPACE), upstream);
            if (pending.putIfAbsent(key, result) == null) {
                return key;
            }
        }
    }

    private void fail(PendingKey key, CompletableFuture<byte[]> result, UpstreamException failure) {
        pending.remove(key, result);
        result.completeExceptionally(failure);
    }

    private static byte[] withId(byte[] query, int id) {
        byte[] copy = query.clone();
        copy[0] = (byte) (id >>> 8);
        copy[1] = (byte) id;
        return copy;
    }

    private static int idOf(byte[] message) {
        return ((message[0] & 0xFF) << 8) | (message[1] & 0xFF);
    }

    /** A query in flight: the ID Shoal gave it and where it went. */
    private record PendingKey(int id, InetSocketAddress upstream) {}

    /** Completes the pending query a UDP response belongs to; anything else (late, spoofed, short) is ignored. */
    private final class UdpResponseHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] response = ByteBufUtil.getBytes(packet.content());
            if (response.length < QueryResponder.HEADER_LENGTH) {
                return;
            }
            CompletableFuture<byte[]> waiting = pending.remove(new PendingKey(idOf(response), packet.sender()));
            if (waiting != null) {
                waiting.complete(response);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // An ICMP error for one upstream must not close the socket the others share; the attempt times out.
        }
    }

    /** Takes the one response of a per-query TCP connection. */
    private static final class TcpResponseHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final int id;
        private final InetSocketAddress upstream;
        private final CompletableFuture<byte[]> result;

        TcpResponseHandler(int id, InetSocketAddress upstream, CompletableFuture<byte[]> result) {
            this.id = id;
            this.upstream = upstream;
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] response = ByteBufUtil.getBytes(frame);
            if (response.length >= QueryResponder.HEADER_LENGTH && idOf(response) == id) {
                result.complete(response);
            } else {
                result.completeExceptionally(new UpstreamException("TCP query to", upstream, "answer has another ID"));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new UpstreamException("TCP query to", upstream, "connection closed"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new UpstreamException("TCP query to", upstream, cause));
            Futures.close(ctx.channel());
        }
    }
}
