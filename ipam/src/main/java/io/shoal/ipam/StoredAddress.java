package io.shoal.ipam;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An allocated address as the store keeps it (a row of {@code ipam_addresses}).
 *
 * @param name the auxiliary address's name, or the endpoint's MAC address when the request gave one
 */
public record StoredAddress(String poolId, InetAddress address, AddressRole role, Optional<String> name) {
    public StoredAddress {
        Objects.requireNonNull(poolId, "poolId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
    }
}
