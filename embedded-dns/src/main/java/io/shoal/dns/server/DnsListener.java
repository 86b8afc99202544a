package io.shoal.dns.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One container's resolver: its UDP sockets (one port) and a TCP listening socket (both in the container's namespace), the TCP
 * connections accepted on it, and the upstream sockets. Closing it closes them all; the records are not touched.
 */
public final class DnsListener implements AutoCloseable {
    private final String containerId;
    private final List<Channel> udp;
    private final Channel tcp;
    private final ChannelGroup connections;
    private final List<Channel> upstreamChannels;
    private final NettyUpstreamExchange exchange;
    private final Runnable onClose;

    DnsListener(
            String containerId,
            List<Channel> udp,
            Channel tcp,
            ChannelGroup connections,
            List<Channel> upstreamChannels,
            NettyUpstreamExchange exchange,
            Runnable onClose) {
        this.containerId = containerId;
        this.udp = List.copyOf(udp);
        this.tcp = tcp;
        this.connections = connections;
        this.upstreamChannels = List.copyOf(upstreamChannels);
        this.exchange = exchange;
        this.onClose = onClose;
    }

    /** The container this listener answers for. */
    public String containerId() {
        return containerId;
    }

    /** Where the UDP socket is bound (in the container's namespace). */
    public InetSocketAddress udpAddress() {
        return (InetSocketAddress) udp.get(0).localAddress();
    }

    /** Where the TCP socket listens (in the container's namespace). */
    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcp.localAddress();
    }

    /** Whether the sockets are still open. */
    public boolean isOpen() {
        return udp.stream().allMatch(Channel::isOpen) && tcp.isOpen();
    }

    /** Closes every socket of this listener and fails forwarded queries still waiting; waits until all are closed. */
    @Override
    public void close() {
        exchange.close();
        for (Channel channel : udp) {
            channel.close().syncUninterruptibly();
        }
        tcp.close().syncUninterruptibly();
        connections.close().syncUninterruptibly();
        for (Channel channel : upstreamChannels) {
            channel.close().syncUninterruptibly();
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "DnsListener[" + containerId + " udp " + udpAddress() + " tcp " + tcp.localAddress() + "]";
    }
}
