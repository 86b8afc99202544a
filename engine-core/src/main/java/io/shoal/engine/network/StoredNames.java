package io.shoal.engine.network;

import io.shoal.engine.dns.DnsEntry;
import io.shoal.engine.dns.NameService;
import io.shoal.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DNS names the store holds, published before the controllers restore anything (the early DNS step of an engine
 * start): every READY user-defined network is declared with its subnets, and every JOINED endpoint on it publishes
 * its container's names and addresses. Nothing else is read or changed; {@link NetworkController#restore()} later
 * publishes the same entries again (a replace), and the containers' restore withdraws the names of a container it
 * finds dead when it tears that sandbox down.
 */
public final class StoredNames {
    private StoredNames() {}

    /**
     * Declares and publishes what {@code networks} and {@code endpoints} (the store's collections, by id) hold. Returns
     * how many endpoints were published. Names that are not DNS names are left out, as at attach.
     */
    public static int publish(
            Map<String, NetworkRecord> networks, Map<String, EndpointRecord> endpoints, NameService names) {
        for (NetworkRecord network : networks.values()) {
            if (served(network)) {
                define(names, network);
            }
        }
        int published = 0;
        for (EndpointRecord endpoint : endpoints.values()) {
            NetworkRecord network = networks.get(endpoint.networkId());
            if (endpoint.phase() == EndpointPhase.JOINED && network != null && served(network)) {
                names.publish(network.name(), entryOf(endpoint));
                published++;
            }
        }
        return published;
    }

    /** Whether the embedded DNS answers for the network: a READY user-defined one. */
    public static boolean served(NetworkRecord network) {
        return network.phase() == NetworkPhase.READY && Views.hasDns(network);
    }

    /** Declares the network's subnets; reverse lookups are answered locally on bridge networks only. */
    static void define(NameService names, NetworkRecord network) {
        List<IpPrefix> subnets =
                network.pools().stream().map(p -> IpPrefix.parse(p.subnet())).toList();
        names.defineNetwork(network.name(), subnets, NetworkNames.BRIDGE.equals(network.driver()));
    }

    /** The endpoint's container names (name, hostname, aliases) and its addresses. */
    static DnsEntry entryOf(EndpointRecord endpoint) {
        List<InetAddress> addresses = new ArrayList<>();
        endpoint.ipv4().ifPresent(a -> addresses.add(IpPrefix.parse(a).address()));
        endpoint.ipv6().ifPresent(a -> addresses.add(IpPrefix.parse(a).address()));
        return new DnsEntry(
                endpoint.containerId(),
                endpoint.containerName(),
                endpoint.hostname().isEmpty() ? Optional.empty() : Optional.of(endpoint.hostname()),
                endpoint.aliases(),
                addresses);
    }
}
