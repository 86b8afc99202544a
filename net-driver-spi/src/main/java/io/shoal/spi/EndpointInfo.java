package io.shoal.spi;

import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a driver knows of an endpoint ({@link NetworkDriver#createEndpoint}, {@link NetworkDriver#endpointInfo}).
 *
 * @param endpointId the endpoint's id, as in {@link EndpointConfig#endpointId()}
 * @param mac the MAC address the endpoint's interface has (or will have once joined)
 * @param ipv4 the IPv4 address with its subnet's prefix length, as recorded; empty without IPv4
 * @param ipv6 the IPv6 address with its subnet's prefix length, as recorded; empty without IPv6
 * @param details driver-specific facts for {@code inspect}, e.g. the host-side veth name; copied
 */
public record EndpointInfo(
        String endpointId,
        MacAddress mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Map<String, String> details) {
    /** @throws NullPointerException when a component is null */
    public EndpointInfo {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        details = Map.copyOf(details);
    }
}
