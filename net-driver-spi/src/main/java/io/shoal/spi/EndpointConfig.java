package io.shoal.spi;

import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An endpoint as the engine asks a driver to record it ({@link NetworkDriver#createEndpoint}; libnetwork's {@code
 * CreateEndpoint} request): addresses from IPAM, and the MAC address the user asked for, if any.
 *
 * @param networkId the network, as in {@link NetworkConfig#id()}
 * @param endpointId the engine's id for the endpoint: 64 lower-case hex digits, as Docker makes them
 * @param ipv4 the IPv4 address with its subnet's prefix length, e.g. {@code 10.1.0.2/24}; empty when the network
 *     has no IPv4 pool
 * @param ipv6 the IPv6 address with its subnet's prefix length, e.g. {@code fd00:1::2/64}; empty without IPv6
 * @param mac the MAC address asked for ({@code docker run --mac-address}); empty to let the driver choose
 * @param options endpoint options; a driver refuses those it does not know
 */
public record EndpointConfig(
        String networkId,
        String endpointId,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<MacAddress> mac,
        DriverOptions options) {
    /** @throws NullPointerException when a component is null */
    public EndpointConfig {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(options, "options");
    }
}
