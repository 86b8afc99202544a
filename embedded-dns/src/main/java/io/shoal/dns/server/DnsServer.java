package io.shoal.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.shoal.dns.records.RecordRegistry;
import io.shoal.net.IpAddresses;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The embedded resolver of one engine: one epoll event loop group that every container's {@link DnsListener} shares,
 * the records they answer from, and their common counters.
 *
 * <p>{@link #startListener} may be called from any thread except an event loop; it creates the sockets through the
 * spec's {@link SocketPlacement} on the calling thread (or the namespace's thread), then registers and binds them,
 * which costs the event loop a few system calls. Thread-safe.
 */
public final class DnsServer implements AutoCloseable {
    /** Queries bigger than this are cut short by the kernel and answered FORMERR; real ones are under 300 octets. */
    private static final int QUERY_BUFFER = 4096;
    /**
     * The listener's socket receive buffer: room for about a thousand queued queries, so a burst from a container
     * (a parallel fan-out of lookups) is not dropped by the kernel while the event loop catches up. The kernel caps
     * it at net.core.rmem_max (socket(7), SO_RCVBUF).
     */
    private static final int UDP_RECEIVE_BUFFER = 1 << 20;

    /**
     * The UDP sockets' read buffers (16 x 4 KiB for a recvmmsg batch, 64 KiB for an upstream answer) come from a
     * pool of their own. Netty 4.2's default allocator pools nothing above 16 KiB when the JVM's direct memory limit
     * is under 512 MiB (it is -Xmx unless set), so with shoald's heap ceiling every read malloc'd and freed 64 KiB.
     * One direct arena of 8 KiB pages in 128 KiB chunks (a listener holds a batch or two at a time), caches for the
     * event loops only (the answers, copied to direct memory for sendmsg, come from it too).
     */
    private static final ByteBufAllocator UDP_BUFFERS = new PooledByteBufAllocator(true, 0, 1, 8192, 4, 256, 64, false);

    private final RecordRegistry records;
    private final ResolverSettings settings;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor opener;
    private final DnsMetrics metrics = new DnsMetrics();
    private final ErrorLog errors = new ErrorLog();
    private final Set<DnsListener> listeners = ConcurrentHashMap.newKeySet();

    private DnsServer(RecordRegistry records, ResolverSettings settings) {
        this.records = records;
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(
                settings.eventLoopThreads(), new DefaultThreadFactory("shoal-dns", true), EpollIoHandler.newFactory());
        this.opener = new ThreadPoolExecutor(
                4,
                4,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("shoal-dns-open", true));
        this.opener.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts the event loops.
     *
     * @throws IllegalStateException Netty's epoll transport cannot load here (its cause says why)
     */
    public static DnsServer start(RecordRegistry records, ResolverSettings settings) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("epoll transport unavailable", Epoll.unavailabilityCause());
        }
        return new DnsServer(records, settings);
    }

    /** The records every listener answers from. */
    public RecordRegistry records() {
        return records;
    }

    /** The counters of all listeners together. */
    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** How many listeners are open. */
    public int listenerCount() {
        return listeners.size();
    }

    /**
     * Opens a listener for one container: UDP and TCP on {@code spec.address()}, answering as that container.
     *
     * @throws IOException the sockets could not be created in the spec's namespace or could not be bound (the message
     *     names the container and the address); nothing stays open then
     */
    public DnsListener startListener(ListenerSpec spec) throws IOException {
        Sockets sockets = spec.placement()
                .open(() ->
                        Sockets.create(familyOf(spec.address()), settings.udpSocketsPerListener(), spec.upstreams()));
        List<Channel> bound = new ArrayList<>();
        try {
            DnsListener listener = bind(spec, sockets, bound);
            listeners.add(listener);
            return listener;
        } catch (IOException | RuntimeException e) {
            sockets.all().forEach(DnsServer::closeSocket);
            bound.forEach(DnsServer::closeSocket);
            throw e;
        }
    }

    private DnsListener bind(ListenerSpec spec, Sockets sockets, List<Channel> bound) throws IOException {
        NettyUpstreamExchange exchange = new NettyUpstreamExchange(group, spec.placement(), opener);
        List<Channel> upstreamChannels = new ArrayList<>();
        for (Map.Entry<InetSocketAddress, EpollDatagramChannel> upstream : sockets.upstream.entrySet()) {
            Channel channel = bindUpstream(spec, upstream.getValue(), exchange, upstream.getKey());
            bound.add(channel);
            upstreamChannels.add(channel);
            exchange.useUdpChannel(upstream.getKey(), channel);
        }
        Forwarder forwarder = new Forwarder(spec.upstreams(), settings, exchange, group.next());
        QueryResponder responder =
                new QueryResponder(spec.containerId(), records, forwarder, metrics, settings.ttlSeconds());

        List<Channel> udp = new ArrayList<>();
        int udpPort = spec.udpPort();
        for (EpollDatagramChannel socket : sockets.udp) {
            Channel channel = bindUdp(spec, socket, responder, udpPort, sockets.udp.size() > 1);
            bound.add(channel);
            udp.add(channel);
            udpPort = ((InetSocketAddress) channel.localAddress()).getPort();
        }
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel tcp = await(
                new ServerBootstrap()
                        .group(group)
                        .channelFactory(() -> sockets.tcp)
                        .childHandler(connectionInitializer(responder, connections))
                        .bind(spec.address(), spec.tcpPort()),
                "bind TCP",
                spec,
                spec.tcpPort());
        bound.add(tcp);
        DnsListener[] self = new DnsListener[1];
        self[0] = new DnsListener(
                spec.containerId(), udp, tcp, connections, upstreamChannels, exchange, () -> listeners.remove(self[0]));
        return self[0];
    }

    /**
     * Binds one of the listener's UDP sockets. With several, all share one port through SO_REUSEPORT (socket(7)): the
     * kernel spreads clients over them by address and port, and each socket is served by its own event loop.
     */
    private Channel bindUdp(
            ListenerSpec spec, EpollDatagramChannel socket, QueryResponder responder, int port, boolean sharePort)
            throws IOException {
        Bootstrap bootstrap = new Bootstrap()
                .group(group.next())
                .channelFactory(() -> socket)
                // recvmmsg(2) batches of up to 16 queries, each up to QUERY_BUFFER octets.
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(16 * QUERY_BUFFER))
                .option(ChannelOption.ALLOCATOR, UDP_BUFFERS)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, QUERY_BUFFER)
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .handler(new UdpQueryHandler(responder, errors));
        if (sharePort) {
            bootstrap.option(UnixChannelOption.SO_REUSEPORT, true);
        }
        return await(bootstrap.bind(spec.address(), port), "bind UDP", spec, port);
    }

    /**
     * Binds the UDP socket of one upstream, then connects it to that upstream. Connected, the socket learns of an
     * ICMP port unreachable from the upstream (the kernel reports it as ECONNREFUSED only on a connected UDP socket
     * unless IP_RECVERR is set: udp(7), "ERRORS"), so a server that is not there fails its attempt at once instead of
     * after the attempt's timeout, as Docker's resolver, which dials each query, notices it too. When the namespace
     * has no route to the upstream yet (an {@code --internal} network only; connect(2) says ENETUNREACH), the socket
     * stays unconnected: each query is then sent to the upstream's address, which fails at once while there is no
     * route and works once a network with a gateway is connected.
     */
    private Channel bindUpstream(
            ListenerSpec spec, EpollDatagramChannel socket, NettyUpstreamExchange exchange, InetSocketAddress upstream)
            throws IOException {
        String wildcard = upstream.getAddress() instanceof Inet4Address ? "0.0.0.0" : "::";
        Channel channel = await(
                new Bootstrap()
                        .group(group)
                        .channelFactory(() -> socket)
                        .option(
                                ChannelOption.RECVBUF_ALLOCATOR,
                                new FixedRecvByteBufAllocator(QueryResponder.TCP_LIMIT))
                        .option(ChannelOption.ALLOCATOR, UDP_BUFFERS)
                        .handler(exchange.responseHandler(upstream))
                        .bind(new InetSocketAddress(InetAddress.getByName(wildcard), 0)),
                "bind upstream UDP socket",
                spec,
                0);
        channel.connect(upstream).awaitUninterruptibly();
        return channel;
    }

    private ChannelHandler connectionInitializer(QueryResponder responder, ChannelGroup connections) {
        long idleNanos = settings.tcpIdleTimeout().toNanos();
        return new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                connections.add(channel);
                channel.pipeline()
                        .addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
                        .addLast(new LengthFieldBasedFrameDecoder(QueryResponder.TCP_LIMIT, 0, 2, 0, 2))
                        .addLast(new LengthFieldPrepender(2))
                        .addLast(new TcpQueryHandler(responder, errors));
            }
        };
    }

    private static Channel await(ChannelFuture future, String operation, ListenerSpec spec, int port)
            throws IOException {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException(
                    operation + " " + IpAddresses.format(spec.address()) + ":" + port + " for container "
                            + spec.containerId() + " (" + spec.placement() + "): " + future.cause(),
                    future.cause());
        }
        return future.channel();
    }

    /** Closes a socket whether or not it reached an event loop. */
    private static void closeSocket(Channel channel) {
        if (channel.isRegistered()) {
            Futures.close(channel);
        } else {
            channel.unsafe().closeForcibly();
        }
    }

    private static SocketProtocolFamily familyOf(InetAddress address) {
        return address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }

    /** Closes every listener, then stops the event loops. */
    @Override
    public void close() {
        for (DnsListener listener : List.copyOf(listeners)) {
            listener.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        opener.shutdownNow();
    }

    /** The sockets of one listener, created together inside its namespace and not yet registered. */
    private static final class Sockets {
        final List<EpollDatagramChannel> udp;
        final EpollServerSocketChannel tcp;
        /** One UDP socket per upstream server, in the order of the spec. */
        final Map<InetSocketAddress, EpollDatagramChannel> upstream;

        private Sockets(
                List<EpollDatagramChannel> udp,
                EpollServerSocketChannel tcp,
                Map<InetSocketAddress, EpollDatagramChannel> upstream) {
            this.udp = udp;
            this.tcp = tcp;
            this.upstream = upstream;
        }

        static Sockets create(SocketProtocolFamily family, int udpSockets, List<InetSocketAddress> upstreams) {
            List<Channel> made = new ArrayList<>();
            try {
                List<EpollDatagramChannel> udp = new ArrayList<>();
                for (int i = 0; i < udpSockets; i++) {
                    udp.add(track(made, new EpollDatagramChannel(family)));
                }
                EpollServerSocketChannel tcp = track(made, new EpollServerSocketChannel(family));
                Map<InetSocketAddress, EpollDatagramChannel> upstream = new LinkedHashMap<>();
                for (InetSocketAddress server : upstreams) {
                    if (!upstream.containsKey(server)) {
                        upstream.put(server, track(made, new EpollDatagramChannel(familyOf(server.getAddress()))));
                    }
                }
                return new Sockets(udp, tcp, upstream);
            } catch (RuntimeException e) {
                made.forEach(DnsServer::closeSocket);
                throw e;
            }
        }

        List<Channel> all() {
            List<Channel> all = new ArrayList<>(udp);
            all.add(tcp);
            all.addAll(upstream.values());
            return all;
        }

        private static <C extends Channel> C track(List<Channel> made, C channel) {
            made.add(channel);
            return channel;
        }
    }
}
