package io.shoal.spi.ipam;

import java.util.Set;

/**
 * Optional capability of an {@link IpamDriver} that keeps its own state: after a crash, free the endpoint addresses
 * that no endpoint holds any more (the engine may have died between {@link IpamDriver#requestAddress} and saving the
 * endpoint, or between deleting the endpoint and {@link IpamDriver#releaseAddress}).
 */
public interface AddressReconciliation {
    /**
     * Called once at engine start, after the engine has loaded its endpoints and before it serves address requests:
     * an address allocated while it runs, not being in {@code live}, would be freed. Frees every endpoint address not
     * in {@code live}; gateways and auxiliary addresses belong to their pool and are kept. Pools unknown to the driver
     * in {@code live} are ignored.
     *
     * @param live every (pool, address) an endpoint holds
     * @return the addresses freed
     */
    Set<PoolAddress> reconcile(Set<PoolAddress> live);
}
