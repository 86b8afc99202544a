package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.internal.ffi.SocketCalls;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A socket bound to a host address and port only to keep that port from other processes, as Docker reserves the host
 * side of a published port: TCP and SCTP sockets are bound with {@code SO_REUSEADDR} (so connections of an earlier
 * owner lingering in TIME_WAIT do not block it) and then listen, which no other socket can share; UDP sockets are
 * bound. IPv6 sockets are {@code IPV6_V6ONLY}, so {@code [::]:P} and {@code 0.0.0.0:P} are separate reservations
 * (ipv6(7)). Nothing ever accepts or reads on the socket: traffic for the port is translated before it reaches it.
 *
 * <p>The socket belongs to the network namespace of the thread that calls {@link #bind}; use
 * {@link NetworkNamespace#callInside} to reserve a port of another namespace. {@link #close} releases the port.
 */
public final class PortReservation implements AutoCloseable {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_V6ONLY = 26;
    private static final int BACKLOG = 1;

    /** The transport protocols a port can be reserved for, with their socket type and IPPROTO_* number. */
    public enum Transport {
        TCP(SOCK_STREAM, 6),
        UDP(SOCK_DGRAM, 17),
        SCTP(SOCK_STREAM, 132);

        private final int type;
        private final int protocol;

        Transport(int type, int protocol) {
            this.type = type;
            this.protocol = protocol;
        }
    }

    private final int fd;
    private final String description;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PortReservation(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /**
     * Reserves {@code address:port} for {@code transport} in the calling thread's namespace.
     *
     * @param address a specific address, or the any-address of its family ({@code 0.0.0.0}, {@code ::})
     * @param port 1..65535
     * @throws ObjectExistsException another socket holds the port (EADDRINUSE)
     * @throws NoSuchObjectException the address is not on this host (EADDRNOTAVAIL)
     * @throws UnsupportedByKernelException the kernel has no sockets of this transport (EPROTONOSUPPORT)
     */
    public static PortReservation bind(Transport transport, InetAddress address, int port) throws KernelException {
        Objects.requireNonNull(transport, "transport");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        boolean v6 = address instanceof Inet6Address;
        String host = v6 ? "[" + IpAddresses.format(address) + "]" : IpAddresses.format(address);
        String description = transport.name().toLowerCase(Locale.ROOT) + " " + host + ":" + port;
        int fd = SocketCalls.openSocket(v6 ? AF_INET6 : AF_INET, transport.type, transport.protocol, description);
        try {
            if (transport.type == SOCK_STREAM) {
                SocketCalls.setIntOption(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR", description);
            }
            if (v6) {
                SocketCalls.setIntOption(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, "IPV6_V6ONLY", description);
            }
            SocketCalls.bindInet(fd, address.getAddress(), port, description);
            if (transport.type == SOCK_STREAM) {
                SocketCalls.listen(fd, BACKLOG, description);
            }
            return new PortReservation(fd, description);
        } catch (KernelException | RuntimeException e) {
            try {
                SocketCalls.close(fd, description);
            } catch (KernelException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Releases the port. Idempotent. */
    @Override
    public void close() throws KernelException {
        if (closed.compareAndSet(false, true)) {
            SocketCalls.close(fd, description);
        }
    }

    /** E.g. {@code tcp 0.0.0.0:8080}. */
    @Override
    public String toString() {
        return description;
    }
}
