package io.shoal.spi.ipam;

import java.net.InetAddress;
import java.util.Objects;

/** One address of one pool, as the engine holds it on an endpoint. */
public record PoolAddress(String poolId, InetAddress address) {
    public PoolAddress {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(address, "address");
    }
}
