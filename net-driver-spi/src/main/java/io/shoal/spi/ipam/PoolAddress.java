package io.shoal.spi.ipam;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One address of one pool, as the engine holds it on an endpoint ({@link AddressReconciliation#reconcile}).
 *
 * @param poolId the pool, as {@link PoolAllocation#poolId()} named it
 * @param address the address, without prefix length
 */
public record PoolAddress(String poolId, InetAddress address) {
    /** @throws NullPointerException when a component is null */
    public PoolAddress {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(address, "address");
    }
}
