package io.shoal.engine.network;

import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user asks of one attachment of a container to a network (Docker Engine API {@code EndpointSettings} as
 * input: {@code docker network connect --alias --ip --ip6}, {@code docker run --network-alias --ip --ip6}): DNS
 * aliases, fixed addresses, a MAC address and driver options.
 */
public record EndpointSettings(
        List<String> aliases,
        Optional<InetAddress> ipv4,
        Optional<InetAddress> ipv6,
        Optional<MacAddress> mac,
        Map<String, String> driverOptions) {
    public EndpointSettings {
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(mac, "mac");
        driverOptions = Map.copyOf(driverOptions);
    }

    /** Nothing asked: addresses from IPAM, no alias. */
    public static EndpointSettings defaults() {
        return new EndpointSettings(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }
}
