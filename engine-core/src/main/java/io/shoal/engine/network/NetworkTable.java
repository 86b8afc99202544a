package io.shoal.engine.network;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The controller's in-memory bookkeeping: every network record with its endpoint records, by id, and the names taken.
 * One monitor guards it; it is held only for these quick checks and updates, never across a driver, IPAM, store or
 * DNS call. A network being created holds its name but is not found by lookups until READY; one being deleted is not
 * found either. An endpoint being attached holds its container's place on the network, so a network with attaches in
 * flight cannot be removed.
 */
final class NetworkTable {
    private final Map<String, Entry> byId = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();

    private static final class Entry {
        NetworkRecord network;
        final Map<String, EndpointRecord> byContainer = new LinkedHashMap<>();

        Entry(NetworkRecord network) {
            this.network = network;
        }
    }

    /** A network with the endpoints it has, as one consistent snapshot. */
    record Member(NetworkRecord network, List<EndpointRecord> endpoints) {}

    /** A network and one of its endpoints. */
    record Attachment(NetworkRecord network, EndpointRecord endpoint) {}

    /** Takes the network's name for a network about to be created. CONFLICT when the name is taken. */
    synchronized void reserve(NetworkRecord creating) throws EngineException {
        if (idByName.containsKey(creating.name())) {
            throw new EngineException(ErrorKind.CONFLICT, "network with name " + creating.name() + " already exists");
        }
        idByName.put(creating.name(), creating.id());
        byId.put(creating.id(), new Entry(creating));
    }

    /** Loads a restored network with its endpoints. */
    synchronized void load(NetworkRecord network, List<EndpointRecord> endpoints) {
        Entry entry = new Entry(network);
        endpoints.forEach(e -> entry.byContainer.put(e.containerId(), e));
        byId.put(network.id(), entry);
        idByName.put(network.name(), network.id());
    }

    /** Replaces a network's record (a phase change). */
    synchronized void update(NetworkRecord network) {
        Entry entry = byId.get(network.id());
        if (entry != null) {
            entry.network = network;
        }
    }

    /** Forgets a network and frees its name. */
    synchronized void drop(String networkId) {
        Entry entry = byId.remove(networkId);
        if (entry != null) {
            idByName.remove(entry.network.name(), networkId);
        }
    }

    /** The network of this name, in any phase. */
    synchronized Optional<NetworkRecord> named(String name) {
        return Optional.ofNullable(idByName.get(name)).map(byId::get).map(e -> e.network);
    }

    /** The READY network found by Docker's rules (exact id, exact name, unique id prefix). */
    synchronized NetworkRecord find(String idOrName) throws EngineException {
        return lookup(idOrName).network;
    }

    /** The READY network with the endpoints attached to it. */
    synchronized Member member(String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        return new Member(entry.network, joined(entry));
    }

    /** Every READY network with its joined endpoints. */
    synchronized List<Member> members() {
        List<Member> out = new ArrayList<>();
        for (Entry entry : byId.values()) {
            if (entry.network.phase() == NetworkPhase.READY) {
                out.add(new Member(entry.network, joined(entry)));
            }
        }
        return out;
    }

    /**
     * Marks the network DELETING and returns it as it was. FORBIDDEN for a predefined network and for one with
     * endpoints (attached or being attached); NOT_FOUND when unknown.
     */
    synchronized NetworkRecord beginRemoval(String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        NetworkRecord network = entry.network;
        if (network.builtin()) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN, network.name() + " is a pre-defined network and cannot be removed");
        }
        if (!entry.byContainer.isEmpty()) {
            // Docker 20.10's text, then the containers (as Docker 25 names them) so the user knows what to disconnect.
            throw new EngineException(
                    ErrorKind.FORBIDDEN,
                    "error while removing network: network " + network.name() + " id " + network.id()
                            + " has active endpoints (containers: "
                            + entry.byContainer.values().stream()
                                    .map(EndpointRecord::containerName)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
        entry.network = network.inPhase(NetworkPhase.DELETING);
        return network;
    }

    /**
     * Places a new endpoint (CREATING) of container {@code containerId} on the network: NOT_FOUND for an unknown
     * network, CONFLICT when the container is already there, FORBIDDEN when {@code host} or {@code none} would be
     * combined with another network.
     */
    synchronized Attachment beginAttach(
            String idOrName, String containerId, String containerName, Function<NetworkRecord, EndpointRecord> make)
            throws EngineException {
        Entry entry = lookup(idOrName);
        NetworkRecord network = entry.network;
        if (entry.byContainer.containsKey(containerId)) {
            throw new EngineException(
                    ErrorKind.CONFLICT,
                    "container " + containerName + " is already attached to network " + network.name());
        }
        requireCombinable(network, containerId);
        EndpointRecord endpoint = make.apply(network);
        entry.byContainer.put(containerId, endpoint);
        return new Attachment(network, endpoint);
    }

    private void requireCombinable(NetworkRecord joining, String containerId) throws EngineException {
        for (Entry other : byId.values()) {
            if (!other.byContainer.containsKey(containerId)) {
                continue;
            }
            String otherDriver = other.network.driver();
            String message = null;
            if (NetworkNames.HOST_DRIVER.equals(otherDriver)) {
                message = "container sharing network namespace with another container or host cannot be connected"
                        + " to any other network";
            } else if (NetworkNames.NULL_DRIVER.equals(otherDriver)
                    || NetworkNames.NULL_DRIVER.equals(joining.driver())) {
                message = "container cannot be connected to multiple networks with one of the networks in private"
                        + " (none) mode";
            } else if (NetworkNames.HOST_DRIVER.equals(joining.driver())) {
                message = "container cannot be disconnected from host network or connected to host network";
            }
            if (message != null) {
                throw new EngineException(ErrorKind.FORBIDDEN, message);
            }
        }
    }

    /** Replaces an endpoint's record (JOINED, or new ports). */
    synchronized void updateEndpoint(EndpointRecord endpoint) {
        Entry entry = byId.get(endpoint.networkId());
        if (entry != null) {
            entry.byContainer.put(endpoint.containerId(), endpoint);
        }
    }

    /** Forgets an endpoint. */
    synchronized void dropEndpoint(EndpointRecord endpoint) {
        Entry entry = byId.get(endpoint.networkId());
        if (entry != null) {
            EndpointRecord current = entry.byContainer.get(endpoint.containerId());
            if (current != null && current.id().equals(endpoint.id())) {
                entry.byContainer.remove(endpoint.containerId());
            }
        }
    }

    /** Whether {@code endpoint} (by id) is still its container's endpoint on its network. */
    synchronized boolean holds(EndpointRecord endpoint) {
        Entry entry = byId.get(endpoint.networkId());
        EndpointRecord current = entry == null ? null : entry.byContainer.get(endpoint.containerId());
        return current != null && current.id().equals(endpoint.id());
    }

    /** Places {@code endpoint} back on its network unless its container has another endpoint there by now. */
    synchronized void putBack(EndpointRecord endpoint) {
        Entry entry = byId.get(endpoint.networkId());
        if (entry != null) {
            entry.byContainer.putIfAbsent(endpoint.containerId(), endpoint);
        }
    }

    /**
     * Marks the container's endpoint on the network DELETING and returns it as it was. NOT_FOUND when the network is
     * unknown or the container is not attached (an endpoint still being attached counts as not attached). A detach
     * that failed half-way leaves the endpoint DELETING, and may be tried again.
     */
    synchronized Attachment beginDetach(String containerId, String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        EndpointRecord endpoint = entry.byContainer.get(containerId);
        if (endpoint == null || endpoint.phase() == EndpointPhase.CREATING) {
            throw notConnected(containerId, entry.network);
        }
        entry.byContainer.put(containerId, endpoint.inPhase(EndpointPhase.DELETING));
        return new Attachment(entry.network, endpoint);
    }

    /** The container's JOINED endpoint on the network. NOT_FOUND when it has none. */
    synchronized Attachment joined(String containerId, String idOrName) throws EngineException {
        Entry entry = lookup(idOrName);
        EndpointRecord endpoint = entry.byContainer.get(containerId);
        if (endpoint == null || endpoint.phase() != EndpointPhase.JOINED) {
            throw notConnected(containerId, entry.network);
        }
        return new Attachment(entry.network, endpoint);
    }

    /** The container's JOINED endpoints with their networks, in attach order. */
    synchronized List<Attachment> attachmentsOf(String containerId) {
        List<Attachment> out = new ArrayList<>();
        for (Entry entry : byId.values()) {
            EndpointRecord endpoint = entry.byContainer.get(containerId);
            if (endpoint != null && endpoint.phase() == EndpointPhase.JOINED) {
                out.add(new Attachment(entry.network, endpoint));
            }
        }
        out.sort(Comparator.comparingLong(a -> a.endpoint().sequence()));
        return out;
    }

    /** Host ports ({@code proto/port}) that endpoints other than {@code except} publish. */
    synchronized Set<String> hostPortsInUse(String except) {
        Set<String> used = new HashSet<>();
        for (Entry entry : byId.values()) {
            for (EndpointRecord endpoint : entry.byContainer.values()) {
                if (!endpoint.id().equals(except)) {
                    endpoint.ports().forEach(p -> used.add(p.protocol() + "/" + p.hostPort()));
                }
            }
        }
        return used;
    }

    /**
     * The name of the container whose endpoint (other than {@code except}) publishes host port {@code hostPort} over
     * {@code protocol} ("tcp", "udp", "sctp") on any host address, if one does: for errors that name the holder.
     */
    synchronized Optional<String> hostPortHolder(String except, String protocol, int hostPort) {
        for (Entry entry : byId.values()) {
            for (EndpointRecord endpoint : entry.byContainer.values()) {
                if (!endpoint.id().equals(except)
                        && endpoint.ports().stream()
                                .anyMatch(p ->
                                        p.hostPort() == hostPort && p.protocol().equals(protocol))) {
                    return Optional.of(endpoint.containerName());
                }
            }
        }
        return Optional.empty();
    }

    private static EngineException notConnected(String containerId, NetworkRecord network) {
        return new EngineException(
                ErrorKind.NOT_FOUND, "container " + containerId + " is not connected to network " + network.name());
    }

    private static List<EndpointRecord> joined(Entry entry) {
        return entry.byContainer.values().stream()
                .filter(e -> e.phase() == EndpointPhase.JOINED)
                .toList();
    }

    /**
     * Docker's lookup ({@code daemon.FindNetwork}): exact full id, then exact name, then unique id prefix. Only READY
     * networks are found.
     */
    private Entry lookup(String idOrName) throws EngineException {
        Entry exact = byId.get(idOrName);
        if (ready(exact)) {
            return exact;
        }
        Entry named = Optional.ofNullable(idByName.get(idOrName)).map(byId::get).orElse(null);
        if (ready(named)) {
            return named;
        }
        List<Entry> prefixed = new ArrayList<>();
        if (!idOrName.isEmpty()) {
            for (Entry entry : byId.values()) {
                if (ready(entry) && entry.network.id().startsWith(idOrName)) {
                    prefixed.add(entry);
                }
            }
        }
        if (prefixed.size() > 1) {
            throw new EngineException(
                    ErrorKind.INVALID_ARGUMENT,
                    "network " + idOrName + " is ambiguous (" + prefixed.size() + " matches found based on ID prefix)");
        }
        if (prefixed.isEmpty()) {
            throw new EngineException(ErrorKind.NOT_FOUND, "network " + idOrName + " not found");
        }
        return prefixed.get(0);
    }

    private static boolean ready(Entry entry) {
        return entry != null && entry.network.phase() == NetworkPhase.READY;
    }
}
