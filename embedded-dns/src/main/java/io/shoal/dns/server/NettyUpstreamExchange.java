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
 * <p>UDP goes through one socket per upstream server, opened with the listener and connected to that server (left
 * unconnected when the namespace had no route to it then); each
 * query gets a fresh random ID (RFC 5452 section 9.2), a response is accepted only from the address the query went to
 * and with that ID, and the {@link Forwarder} checks its question. An ICMP port unreachable from a server fails its
 * pending queries at once (udp(7): a connected socket reports it as ECONNREFUSED). TCP opens a new connection per query: the socket is created in the namespace
 * on an opener thread (never on an event loop), then registered and connected.
 */
final class NettyUpstreamExchange implements UpstreamExchange {
    private static final int ID_SPACE = 1 << 16;

    private final Map<PendingKey, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final EventLoopGroup group;
    private final SocketPlacement placement;
    private final Executor opener;
    private final Map<InetSocketAddress, Channel> udpChannels = new ConcurrentHashMap<>();
    private volatile boolean closed;

    NettyUpstreamExchange(EventLoopGroup group, SocketPlacement placement, Executor opener) {
        this.group = group;
        this.placement = placement;
        this.opener = opener;
    }

    /**
     * Uses {@code channel} (connected to {@code upstream}, registered, with {@link #responseHandler} of that upstream
     * in its pipeline) for the UDP queries to {@code upstream}.
     */
    void useUdpChannel(InetSocketAddress upstream, Channel channel) {
        udpChannels.put(upstream, channel);
    }

    /** The handler that matches the responses of {@code upstream}'s UDP socket to pending queries. */
    SimpleChannelInboundHandler<DatagramPacket> responseHandler(InetSocketAddress upstream) {
        return new UdpResponseHandler(upstream);
    }

    @Override
    public CompletableFuture<byte[]> udp(byte[] query, InetSocketAddress upstream, Duration timeout) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Channel channel = udpChannels.get(upstream);
        if (channel == null || closed) {
            result.completeExceptionally(
                    new UpstreamException("send query to", upstream, "no UDP socket for this server"));
            return result;
        }
        PendingKey key = reserveId(upstream, result);
        byte[] withId = withId(query, key.id());
        // Connected (the usual case) the socket takes bare payloads; unconnected (no route at its start) each
        // datagram names the upstream, and sendmsg(2) fails at once with ENETUNREACH while there is still no route.
        ByteBuf payload = Unpooled.wrappedBuffer(withId);
        Object datagram = channel.remoteAddress() != null ? payload : new DatagramPacket(payload, upstream);
        channel.writeAndFlush(datagram).addListener(sent -> {
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

    /**
     * Completes the pending query a UDP response of one upstream belongs to; anything else (late, short, with an ID
     * nobody waits for) is ignored. A socket error fails every query pending at that upstream.
     */
    private final class UdpResponseHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final InetSocketAddress upstream;

        UdpResponseHandler(InetSocketAddress upstream) {
            this.upstream = upstream;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] response = ByteBufUtil.getBytes(packet.content());
            if (response.length < QueryResponder.HEADER_LENGTH) {
                return;
            }
            CompletableFuture<byte[]> waiting = pending.remove(new PendingKey(idOf(response), upstream));
            if (waiting != null) {
                waiting.complete(response);
            }
        }

        /**
         * An ICMP error (port unreachable: {@link java.net.PortUnreachableException}) was reported for a query sent
         * earlier on this socket; which one the kernel does not say, so every query pending at this upstream fails
         * and the forwarder moves on. The socket stays open for the next query.
         */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            pending.forEach((key, future) -> {
                if (key.upstream().equals(upstream)) {
                    fail(key, future, new UpstreamException("UDP query to", upstream, cause));
                }
            });
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
