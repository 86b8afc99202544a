package io.shoal.spi;

import io.shoal.spi.net.IpPrefix;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One pool IPAM gave a network (libnetwork's {@code IPAMData}).
 *
 * @param addressSpace {@code local} or {@code global}
 * @param pool the subnet
 * @param gateway the gateway with the subnet's prefix length; empty when the network has none (macvlan
 *     {@code --internal})
 * @param auxAddresses addresses reserved by name, never given to endpoints
 */
public record IpamData(
        String addressSpace, IpPrefix pool, Optional<IpPrefix> gateway, Map<String, InetAddress> auxAddresses) {
    public IpamData {
        Objects.requireNonNull(addressSpace, "addressSpace");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Map.copyOf(auxAddresses);
    }
}
