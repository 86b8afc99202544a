package io.shoal.engine.container;

import io.shoal.engine.dns.NameService;
import io.shoal.engine.dns.SeededNames;
import io.shoal.engine.network.EndpointPhase;
import io.shoal.engine.network.EndpointRecord;
import io.shoal.engine.network.NetworkRecord;
import io.shoal.engine.network.StoredNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Takes back what a start seeded before the store was opened ({@link SeededNames}: the early DNS side files) and the
 * store does not hold: a seeded name of a container on a network where the store has no JOINED endpoint of it is
 * withdrawn, a seeded network the store does not serve is removed, and a seeded resolver of a container the store
 * does not want one for is detached. What the store does hold was published or attached again just before (a
 * replace), so after this step the names and resolvers are the store's alone: a stale side file lasts only until then.
 */
final class SeedCorrection {
    private SeedCorrection() {}

    /** What was taken back: names withdrawn, networks removed, resolvers detached. */
    record Corrected(int names, int networks, int resolvers) {
        int total() {
            return names + networks + resolvers;
        }
    }

    /**
     * @param networks the stored networks by id
     * @param endpoints the stored endpoints by id
     * @param wanted ids of the containers whose resolver the store-based step attached (or tried to)
     */
    static Corrected apply(
            SeededNames seeded,
            Map<String, NetworkRecord> networks,
            Map<String, EndpointRecord> endpoints,
            Set<String> wanted,
            NameService names) {
        Map<String, Set<String>> stored = storedContainersByNetwork(networks, endpoints);
        int withdrawn = 0;
        int removed = 0;
        for (Map.Entry<String, Set<String>> network :
                seeded.containersByNetwork().entrySet()) {
            Set<String> keep = stored.get(network.getKey());
            if (keep == null) {
                names.removeNetwork(network.getKey()); // with all its records
                removed++;
                continue;
            }
            for (String containerId : network.getValue()) {
                if (!keep.contains(containerId)) {
                    names.withdraw(network.getKey(), containerId);
                    withdrawn++;
                }
            }
        }
        int detached = 0;
        for (String containerId : seeded.resolvers()) {
            if (!wanted.contains(containerId)) {
                names.detachResolver(containerId);
                detached++;
            }
        }
        return new Corrected(withdrawn, removed, detached);
    }

    /** Served network name → ids of the containers with a JOINED endpoint on it: what {@link StoredNames} publishes. */
    private static Map<String, Set<String>> storedContainersByNetwork(
            Map<String, NetworkRecord> networks, Map<String, EndpointRecord> endpoints) {
        Map<String, Set<String>> stored = new HashMap<>();
        for (NetworkRecord network : networks.values()) {
            if (StoredNames.served(network)) {
                stored.put(network.name(), new HashSet<>());
            }
        }
        for (EndpointRecord endpoint : endpoints.values()) {
            NetworkRecord network = networks.get(endpoint.networkId());
            if (endpoint.phase() == EndpointPhase.JOINED && network != null && StoredNames.served(network)) {
                stored.get(network.name()).add(endpoint.containerId());
            }
        }
        return stored;
    }
}
