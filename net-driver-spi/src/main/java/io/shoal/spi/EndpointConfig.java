package io.shoal.spi;

import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as the engine asks a driver to record it: addresses from IPAM (with the subnet's prefix length), and
 * the MAC address the user asked for, if any.
 */
public record EndpointConfig(
        String networkId,
        String endpointId,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<MacAddress> mac,
        DriverOptions options) {
    public EndpointConfig {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(options, "options");
    }
}
