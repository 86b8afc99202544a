package io.shoal.engine.network;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A network's subnet as inspect shows it ({@code IPAM.Config[]}: {@code Subnet, Gateway, IPRange, AuxiliaryAddresses}). */
public record SubnetView(
        IpPrefix subnet,
        Optional<InetAddress> gateway,
        Optional<IpPrefix> ipRange,
        Map<String, InetAddress> auxAddresses) {
    public SubnetView {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(ipRange, "ipRange");
        auxAddresses = Map.copyOf(auxAddresses);
    }
}
