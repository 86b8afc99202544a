package io.shoal.spi.ipam;

import io.shoal.net.IpPrefix;
import io.shoal.spi.IpamData;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pool the driver reserved (the remote protocol's {@code RequestPool} reply).
 *
 * @param poolId the id to pass to {@link IpamDriver#requestAddress}, {@link IpamDriver#releaseAddress} and {@link
 *     IpamDriver#releasePool}; opaque to the engine
 * @param data the subnet, its gateway (with the subnet's prefix length) and the auxiliary addresses, as a network
 *     driver receives them
 * @param range the part of the subnet endpoint addresses come from, when the request named one
 * @param meta driver-specific facts; the remote protocol's {@code Data} (e.g. {@code com.docker.network.gateway})
 */
public record PoolAllocation(String poolId, IpamData data, Optional<IpPrefix> range, Map<String, String> meta) {
    /** The key of the gateway in {@link #meta}, as Docker's remote IPAM protocol names it. */
    public static final String GATEWAY_META_KEY = "com.docker.network.gateway";

    /** @throws NullPointerException when a component is null */
    public PoolAllocation {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(range, "range");
        meta = Map.copyOf(meta);
    }

    /** @return the reserved subnet, host bits zero; the same as {@code data().pool()} */
    public IpPrefix subnet() {
        return data.pool();
    }
}
