package io.shoal.spi;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pool IPAM gave a network (libnetwork's {@code driverapi.IPAMData}; the remote plugin protocol's {@code
 * IPv4Data}/{@code IPv6Data} entries of {@code CreateNetwork}).
 *
 * @param addressSpace {@code local} or {@code global}
 * @param pool the subnet, host bits zero, e.g. {@code 10.1.0.0/24}
 * @param gateway the gateway with the subnet's prefix length; empty when the network has none (macvlan
 *     {@code --internal})
 * @param auxAddresses addresses reserved by name, never given to endpoints
 */
public record IpamData(
        String addressSpace, IpPrefix pool, Optional<IpPrefix> gateway, Map<String, InetAddress> auxAddresses) {
    /** @throws NullPointerException when a component is null */
    public IpamData {
        Objects.requireNonNull(addressSpace, "addressSpace");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Map.copyOf(auxAddresses);
    }
}
