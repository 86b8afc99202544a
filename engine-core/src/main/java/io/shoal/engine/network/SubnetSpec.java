package io.shoal.engine.network;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a network create request's {@code IPAM.Config}: a subnet (absent: IPAM picks one from the default
 * pools), the range containers' addresses come from, the gateway, and auxiliary addresses (name to address) IPAM must
 * never hand out. The family is the subnet's (Docker Engine API, {@code IPAMConfig}).
 */
public record SubnetSpec(
        Optional<IpPrefix> subnet,
        Optional<IpPrefix> ipRange,
        Optional<InetAddress> gateway,
        Map<String, InetAddress> auxAddresses) {
    public SubnetSpec {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(ipRange, "ipRange");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Map.copyOf(auxAddresses);
    }
}
