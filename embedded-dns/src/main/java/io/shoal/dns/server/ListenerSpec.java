package io.shoal.dns.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * What one container's listener needs.
 *
 * @param containerId the container the listener answers for: it sees the names of the networks this container has
 *     endpoints on in the {@link io.shoal.dns.records.RecordRegistry}
 * @param address the address to listen on, 127.0.0.11 inside a container
 * @param udpPort the UDP port; 0 picks a free high port
 * @param tcpPort the TCP port; 0 picks a free high port
 * @param upstreams the servers to forward other names to, in order; may be empty (then those names get SERVFAIL)
 * @param placement where the sockets are created: the container's namespace
 */
public record ListenerSpec(
        String containerId,
        InetAddress address,
        int udpPort,
        int tcpPort,
        List<InetSocketAddress> upstreams,
        SocketPlacement placement) {
    /** Checks the ports and copies the upstream list. */
    public ListenerSpec {
        if (containerId.isEmpty()) {
            throw new IllegalArgumentException("container id is empty");
        }
        checkPort(udpPort);
        checkPort(tcpPort);
        upstreams = List.copyOf(upstreams);
    }

    /** A listener on free ports of {@code address}. */
    public static ListenerSpec onFreePorts(
            String containerId, InetAddress address, List<InetSocketAddress> upstreams, SocketPlacement placement) {
        return new ListenerSpec(containerId, address, 0, 0, upstreams, placement);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }
}
