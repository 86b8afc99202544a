package io.shoal.spi.ipam;

/**
 * Optional capability of an {@link IpamDriver}: identical explicit pool requests share one pool, as dockerd's remote
 * IPAM protocol expects ("identical RequestPool calls must return the same PoolID; the driver keeps a reference
 * count": libnetwork {@code docs/ipam.md}). Shoal's own engine does not use it: for shoald a second network asking
 * for a subnet already held is a CONFLICT.
 */
public interface PoolSharing {
    /**
     * As {@link IpamDriver#requestPool}, except that a request naming a subnet exactly as a pool already held does
     * (same address space, subnet, ip-range and options, and no gateway or auxiliary address of its own) returns that
     * pool's allocation and counts one more reference to it; {@link IpamDriver#releasePool} then drops one reference,
     * and frees the pool with the last. A request for an automatic pool (no subnet) always gets a new one.
     *
     * @return the pool's id and what it holds
     * @throws io.shoal.spi.DriverException as {@link IpamDriver#requestPool}; CONFLICT for a subnet that overlaps a
     *     held pool without being identical to it
     */
    PoolAllocation requestSharedPool(PoolRequest request);
}
