package io.shoal.ipam;

import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool as the store keeps it (a row of {@code ipam_pools}).
 *
 * @param gateway the pool's gateway; whether it is currently reserved is told by an {@link AddressRole#GATEWAY} row
 * @param gatewayExplicit true when the request named the gateway, false when the driver chose it
 * @param cursor where the next search for a free address starts, as an unsigned offset in the pool's block
 */
public record StoredPool(
        String poolId,
        String addressSpace,
        IpPrefix subnet,
        Optional<IpPrefix> range,
        InetAddress gateway,
        boolean gatewayExplicit,
        Optional<String> owner,
        boolean automatic,
        long cursor) {
    public StoredPool {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(addressSpace, "addressSpace");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(owner, "owner");
    }
}
