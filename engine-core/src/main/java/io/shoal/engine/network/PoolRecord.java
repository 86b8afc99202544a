package io.shoal.engine.network;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IPAM pool of a network, as stored: the IPAM driver's pool id (opaque), its family, the subnet, gateway and
 * ip-range as CIDR or address text, the auxiliary addresses by name, and whether the user gave the subnet ({@code
 * --subnet}; fixed container addresses are allowed only then, as in Docker).
 */
public record PoolRecord(
        String poolId,
        boolean v6,
        String subnet,
        Optional<String> gateway,
        Optional<String> ipRange,
        Map<String, String> auxAddresses,
        boolean userSubnet) {
    public PoolRecord {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(ipRange, "ipRange");
        auxAddresses = Map.copyOf(auxAddresses);
    }
}
