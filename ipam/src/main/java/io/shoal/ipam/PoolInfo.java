package io.shoal.ipam;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the driver holds for one pool, for {@code network inspect} and tests.
 *
 * @param gateway the pool's gateway with the subnet's prefix length
 * @param gatewayReserved false when the gateway address was released (the remote protocol does so before releasing
 *     the pool)
 * @param auxAddresses auxiliary addresses still reserved, by name
 * @param endpointAddresses how many addresses endpoints hold
 */
public record PoolInfo(
        String poolId,
        String addressSpace,
        IpPrefix subnet,
        Optional<IpPrefix> range,
        IpPrefix gateway,
        boolean gatewayReserved,
        Map<String, InetAddress> auxAddresses,
        Optional<String> owner,
        boolean automatic,
        long endpointAddresses) {
    public PoolInfo {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(addressSpace, "addressSpace");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(gateway, "gateway");
        auxAddresses = Map.copyOf(auxAddresses);
        Objects.requireNonNull(owner, "owner");
    }
}
