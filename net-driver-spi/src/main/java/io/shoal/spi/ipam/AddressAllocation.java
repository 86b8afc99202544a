package io.shoal.spi.ipam;

import io.shoal.net.IpPrefix;
import java.util.Map;
import java.util.Objects;

/**
 * An address the driver allocated (the remote protocol's {@code RequestAddress} reply).
 *
 * @param address the address with the pool's prefix length, e.g. {@code 10.1.0.2/24}
 * @param meta driver-specific facts; the remote protocol's {@code Data}
 */
public record AddressAllocation(IpPrefix address, Map<String, String> meta) {
    /** @throws NullPointerException when a component is null */
    public AddressAllocation {
        Objects.requireNonNull(address, "address");
        meta = Map.copyOf(meta);
    }
}
