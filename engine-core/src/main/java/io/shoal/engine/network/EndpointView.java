package io.shoal.engine.network;

import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One attachment of a container to a network, as inspect shows it (network inspect's {@code Containers[id]},
 * container inspect's {@code NetworkSettings.Networks[name]}): ids, the interface's MAC and addresses with their prefix
 * length, the gateways this network offers, the aliases the user gave, and every DNS name the container answers to on
 * this network (container name, aliases, 12-hex short id, hostname; empty on the default {@code bridge} network and
 * on networks of drivers {@code host} and {@code null}, which have no embedded DNS).
 */
public record EndpointView(
        String networkId,
        String networkName,
        String endpointId,
        String containerId,
        String containerName,
        Optional<MacAddress> mac,
        Optional<IpPrefix> ipv4,
        Optional<IpPrefix> ipv6,
        Optional<InetAddress> gatewayV4,
        Optional<InetAddress> gatewayV6,
        List<String> aliases,
        List<String> dnsNames) {
    public EndpointView {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(networkName, "networkName");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
        Objects.requireNonNull(gatewayV4, "gatewayV4");
        Objects.requireNonNull(gatewayV6, "gatewayV6");
        aliases = List.copyOf(aliases);
        dnsNames = List.copyOf(dnsNames);
    }
}
