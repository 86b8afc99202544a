package io.shoal.driver.bridge.firewall;

import io.shoal.net.IpAddresses;
import io.shoal.spi.PortBinding;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The host side of a published port: a protocol, a host address (the any-address {@code 0.0.0.0} or {@code ::} when
 * the port is published on every address of its family) and a port.
 */
public record HostPort(PortBinding.Protocol protocol, InetAddress address, int port) {
    private static final InetAddress ANY4 = IpAddresses.parse("0.0.0.0");
    private static final InetAddress ANY6 = IpAddresses.parse("::");

    public HostPort {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
    }

    /** Where a published port listens on the host. */
    public static HostPort of(PublishedPort published) {
        InetAddress any = published.containerAddress() instanceof Inet6Address ? ANY6 : ANY4;
        return new HostPort(published.protocol(), published.hostAddress().orElse(any), published.hostPort());
    }

    /**
     * Whether the two cannot both be owned: same protocol and port, same address family, and the same address or
     * either one the any-address, which takes the port on every address of its family. IPv4 and IPv6 are separate
     * (sockets are IPV6_V6ONLY), as Docker's port allocator keeps them.
     */
    public boolean overlaps(HostPort other) {
        return protocol == other.protocol
                && port == other.port
                && (address instanceof Inet4Address) == (other.address instanceof Inet4Address)
                && (address.isAnyLocalAddress() || other.address.isAnyLocalAddress() || address.equals(other.address));
    }

    /** E.g. {@code 0.0.0.0:8080/tcp}, {@code [::1]:53/udp}. */
    @Override
    public String toString() {
        String host = IpAddresses.format(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port + "/" + protocol.lowerCase();
    }
}
