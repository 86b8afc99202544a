package io.shoal.engine.api;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.filter.Filters;
import io.shoal.engine.network.EndpointView;
import io.shoal.engine.network.NetworkBackend;
import io.shoal.engine.network.NetworkSpec;
import io.shoal.engine.network.NetworkView;
import io.shoal.engine.network.SubnetView;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link NetworkBackend} for the API's tests: the predefined networks, created networks with the subnets
 * asked (or 172.30.N.0/24), Docker's lookup rules, and a record of the specs it was given. Endpoints are put in by
 * tests ({@link #attach}).
 */
final class FakeNetworkBackend implements NetworkBackend {
    static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456789Z");

    private final Map<String, NetworkView> networks = new LinkedHashMap<>();
    private final AtomicInteger next = new AtomicInteger(1);
    final List<NetworkSpec> created = new ArrayList<>();
    final List<Filters> listed = new ArrayList<>();
    final List<String> removed = new ArrayList<>();

    FakeNetworkBackend() {
        predefined("bridge", "bridge", Optional.of(IpPrefix.parse("172.17.0.0/16")));
        predefined("host", "host", Optional.empty());
        predefined("none", "null", Optional.empty());
    }

    private void predefined(String name, String driver, Optional<IpPrefix> subnet) {
        List<SubnetView> subnets = subnet.map(s -> List.of(
                        new SubnetView(s, Optional.of(IpAddresses.parse("172.17.0.1")), Optional.empty(), Map.of())))
                .orElse(List.of());
        String id = FakeIds.hex(name);
        networks.put(
                id,
                new NetworkView(
                        id, name, driver, CREATED, true, false, false, false, "default", Map.of(), subnets, Map.of(),
                        Map.of(), Map.of()));
    }

    @Override
    public synchronized NetworkView create(NetworkSpec spec) throws EngineException {
        if (Set.of("bridge", "host", "none").contains(spec.name())) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN, "operation is not permitted on predefined " + spec.name() + " network ");
        }
        if (networks.values().stream().anyMatch(n -> n.name().equals(spec.name()))) {
            throw new EngineException(ErrorKind.CONFLICT, "network with name " + spec.name() + " already exists");
        }
        created.add(spec);
        List<SubnetView> subnets = new ArrayList<>();
        spec.subnets()
                .forEach(s -> subnets.add(new SubnetView(
                        s.subnet().orElse(IpPrefix.parse("172.30." + next.get() + ".0/24")),
                        s.gateway(),
                        s.ipRange(),
                        s.auxAddresses())));
        if (subnets.isEmpty()) {
            subnets.add(new SubnetView(
                    IpPrefix.parse("172.30." + next.get() + ".0/24"),
                    Optional.of(IpAddresses.parse("172.30." + next.get() + ".1")),
                    Optional.empty(),
                    Map.of()));
        }
        next.incrementAndGet();
        String id = FakeIds.hex("network " + spec.name() + " " + System.nanoTime());
        NetworkView view = new NetworkView(
                id,
                spec.name(),
                spec.driver(),
                CREATED,
                false,
                spec.enableIpv6(),
                spec.internal(),
                spec.attachable(),
                spec.ipamDriver(),
                spec.ipamOptions(),
                subnets,
                spec.options(),
                spec.labels(),
                Map.of());
        networks.put(id, view);
        return view;
    }

    @Override
    public synchronized List<NetworkView> list(Filters filters) throws EngineException {
        filters.requireKeys(Set.of("dangling", "driver", "id", "label", "name", "scope", "type"));
        listed.add(filters);
        List<NetworkView> list = new ArrayList<>();
        for (NetworkView network : networks.values()) {
            boolean matches = filters.values("name").stream()
                            .allMatch(n -> network.name().contains(n))
                    && filters.values("id").stream().allMatch(i -> network.id().startsWith(i))
                    && filters.values("driver").stream()
                            .allMatch(d -> network.driver().equals(d));
            if (matches) {
                list.add(withoutContainers(network));
            }
        }
        return list;
    }

    private static NetworkView withoutContainers(NetworkView n) {
        return withContainers(n, Map.of());
    }

    private static NetworkView withContainers(NetworkView n, Map<String, EndpointView> containers) {
        return new NetworkView(
                n.id(),
                n.name(),
                n.driver(),
                n.created(),
                n.builtin(),
                n.enableIpv6(),
                n.internal(),
                n.attachable(),
                n.ipamDriver(),
                n.ipamOptions(),
                n.subnets(),
                n.options(),
                n.labels(),
                containers);
    }

    @Override
    public synchronized NetworkView inspect(String idOrName) throws EngineException {
        return networks.get(find(idOrName));
    }

    private String find(String idOrName) throws EngineException {
        if (networks.containsKey(idOrName)) {
            return idOrName;
        }
        for (NetworkView network : networks.values()) {
            if (network.name().equals(idOrName)) {
                return network.id();
            }
        }
        List<String> prefixed =
                networks.keySet().stream().filter(id -> id.startsWith(idOrName)).toList();
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (prefixed.size() > 1) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "network " + idOrName + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "network " + idOrName + " not found");
    }

    @Override
    public synchronized void remove(String idOrName) throws EngineException {
        String id = find(idOrName);
        NetworkView network = networks.get(id);
        if (network.builtin()) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN, network.name() + " is a pre-defined network and cannot be removed");
        }
        if (!network.containers().isEmpty()) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "error while removing network: network " + network.name() + " id " + id + " has active endpoints");
        }
        networks.remove(id);
        removed.add(network.name());
    }

    @Override
    public synchronized List<String> prune(Filters filters) throws EngineException {
        filters.requireKeys(Set.of("until", "label", "label!"));
        List<String> pruned = new ArrayList<>();
        for (NetworkView network : List.copyOf(networks.values())) {
            if (!network.builtin() && network.containers().isEmpty()) {
                networks.remove(network.id());
                pruned.add(network.name());
            }
        }
        return pruned;
    }

    /** Puts an endpoint on the network (what a connect would have done in the real engine). */
    synchronized void attach(String networkName, EndpointView endpoint) throws EngineException {
        NetworkView n = networks.get(find(networkName));
        Map<String, EndpointView> containers = new HashMap<>(n.containers());
        containers.put(endpoint.containerId(), endpoint);
        networks.put(n.id(), withContainers(n, containers));
    }
}
