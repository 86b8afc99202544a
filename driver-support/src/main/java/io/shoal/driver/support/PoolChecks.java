package io.shoal.driver.support;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DriverException;
import io.shoal.spi.IpamData;
import java.util.List;
import java.util.Optional;

/** The address checks every driver makes on what IPAM and the engine hand it. */
public final class PoolChecks {
    private PoolChecks() {}

    /**
     * @throws DriverException INVALID_ARGUMENT when the pool's gateway lies outside its subnet
     */
    public static void requireGatewayInside(IpamData pool) {
        pool.gateway().ifPresent(gateway -> {
            if (!pool.pool().contains(gateway.address())) {
                throw DriverException.invalid("gateway " + IpAddresses.format(gateway.address())
                        + " lies outside subnet " + pool.pool() + "; give a --gateway inside it");
            }
        });
    }

    /**
     * @param family {@code IPv4} or {@code IPv6}, for the message
     * @throws DriverException INVALID_ARGUMENT when the endpoint's address lies in none of the pools
     */
    public static void requireAddressInside(List<IpamData> pools, Optional<IpPrefix> address, String family) {
        if (address.isEmpty()) {
            return;
        }
        boolean inside =
                pools.stream().anyMatch(p -> p.pool().contains(address.get().address()));
        if (!inside) {
            throw DriverException.invalid(
                    family + " address " + address.get() + " lies in none of the network's subnets");
        }
    }
}
