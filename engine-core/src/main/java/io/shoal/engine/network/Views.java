package io.shoal.engine.network;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns stored records into the views inspect and list show. */
final class Views {
    private Views() {}

    static NetworkView network(NetworkRecord network, List<EndpointRecord> endpoints) {
        Map<String, EndpointView> containers = new LinkedHashMap<>();
        for (EndpointRecord endpoint : endpoints) {
            containers.put(endpoint.containerId(), endpoint(network, endpoint));
        }
        return new NetworkView(
                network.id(),
                network.name(),
                network.driver(),
                network.created(),
                network.builtin(),
                network.enableIpv6(),
                network.internal(),
                network.attachable(),
                network.ipamDriver(),
                network.ipamOptions(),
                network.pools().stream().map(Views::subnet).toList(),
                network.options(),
                network.labels(),
                containers);
    }

    static SubnetView subnet(PoolRecord pool) {
        Map<String, InetAddress> aux = new LinkedHashMap<>();
        pool.auxAddresses().forEach((name, address) -> aux.put(name, IpAddresses.parse(address)));
        return new SubnetView(
                IpPrefix.parse(pool.subnet()),
                pool.gateway().map(IpAddresses::parse),
                pool.ipRange().map(IpPrefix::parse),
                aux);
    }

    static EndpointView endpoint(NetworkRecord network, EndpointRecord endpoint) {
        return new EndpointView(
                network.id(),
                network.name(),
                endpoint.id(),
                endpoint.containerId(),
                endpoint.containerName(),
                endpoint.mac().map(MacAddress::parse),
                endpoint.ipv4().map(IpPrefix::parse),
                endpoint.ipv6().map(IpPrefix::parse),
                gateway(network, endpoint.poolV4()),
                gateway(network, endpoint.poolV6()),
                endpoint.aliases(),
                dnsNames(network, endpoint));
    }

    private static Optional<InetAddress> gateway(NetworkRecord network, Optional<String> poolId) {
        return poolId.flatMap(id -> network.pools().stream()
                        .filter(p -> p.poolId().equals(id))
                        .findFirst())
                .flatMap(PoolRecord::gateway)
                .map(IpAddresses::parse);
    }

    /**
     * The names the endpoint answers to on the network's DNS (Docker's {@code DNSNames}, API 1.44+): container name,
     * aliases, 12-hex short id, hostname, without repeats; none on predefined networks, which have no embedded DNS.
     */
    static List<String> dnsNames(NetworkRecord network, EndpointRecord endpoint) {
        if (!hasDns(network)) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(endpoint.containerName());
        names.addAll(endpoint.aliases());
        names.add(Ids.shortId(endpoint.containerId()));
        if (!endpoint.hostname().isEmpty()) {
            names.add(endpoint.hostname());
        }
        return List.copyOf(names);
    }

    /** Whether the network resolves container names: user-defined networks only, as in Docker. */
    static boolean hasDns(NetworkRecord network) {
        return !network.builtin();
    }
}
