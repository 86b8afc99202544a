package io.shoal.engine.dns;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a start published and attached before the store was opened, from a copy kept outside the store (the early DNS
 * side files, docs/engine.md "Restart"): which containers' names went onto which network, by network name, and which
 * containers' resolvers were asked for (attached or not). The store-based early step withdraws, removes and detaches
 * what of it the store does not hold, so nothing seeded outlives the start.
 *
 * @param containersByNetwork network name → ids (64 hex) of the containers whose names were published on it
 * @param resolvers ids of the containers whose resolver was attached or tried
 */
public record SeededNames(Map<String, Set<String>> containersByNetwork, Set<String> resolvers) {
    public SeededNames {
        containersByNetwork = containersByNetwork.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        resolvers = Set.copyOf(resolvers);
    }

    /** Nothing seeded: a start without side files. */
    public static SeededNames none() {
        return new SeededNames(Map.of(), Set.of());
    }
}
