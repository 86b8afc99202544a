package io.shoal.engine.network;

import static io.shoal.engine.network.DriverErrors.removeIdempotently;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.store.Change;
import io.shoal.net.IpPrefix;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.AddressReconciliation;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.PoolAddress;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The controller's start: reads every network and endpoint record and makes the tables, the drivers, IPAM and the DNS
 * agree with them. Networks found CREATING are undone and DELETING ones finished (driver network, pools, record);
 * endpoints found CREATING or DELETING, or on a network that is gone, are removed (leave, driver endpoint, addresses,
 * record); READY networks and JOINED endpoints are loaded, and their DNS names declared again (the DNS keeps no state
 * across restarts). Last, an IPAM driver that can reconcile frees every endpoint address no endpoint holds (a crash
 * between an address request and its record). The drivers have restored their own kernel state before this runs. A
 * step that fails is logged and its record kept, so the next start tries again; nothing else stops the restore.
 */
final class NetworkRestore {
    private static final System.Logger LOG = System.getLogger(NetworkRestore.class.getName());

    private final NetworkContext context;
    private final NetworkLifecycle networks;
    private final Attachments attachments;

    NetworkRestore(NetworkContext context, NetworkLifecycle networks, Attachments attachments) {
        this.context = context;
        this.networks = networks;
        this.attachments = attachments;
    }

    void run() throws EngineException {
        Map<String, NetworkRecord> stored = context.store().load(Records.NETWORKS);
        Map<String, EndpointRecord> storedEndpoints = context.store().load(Records.ENDPOINTS);
        Map<String, NetworkRecord> ready = new HashMap<>();
        Set<String> poolsInService = new HashSet<>();
        for (NetworkRecord network : stored.values()) {
            if (network.phase() == NetworkPhase.READY) {
                ready.put(network.id(), network);
                network.pools().forEach(p -> poolsInService.add(p.poolId()));
            }
        }
        Set<PoolAddress> live = new HashSet<>();
        Map<String, List<EndpointRecord>> joined = new HashMap<>();
        List<EndpointRecord> unfinished = new ArrayList<>();
        for (EndpointRecord endpoint : storedEndpoints.values()) {
            attachments.continueAfter(endpoint.sequence());
            if (endpoint.phase() == EndpointPhase.JOINED && ready.containsKey(endpoint.networkId())) {
                joined.computeIfAbsent(endpoint.networkId(), id -> new ArrayList<>())
                        .add(endpoint);
                held(endpoint).forEach(live::add);
            } else {
                unfinished.add(endpoint);
            }
        }
        for (EndpointRecord endpoint : unfinished) {
            removeEndpoint(Optional.ofNullable(stored.get(endpoint.networkId())), endpoint, live);
        }
        for (NetworkRecord network : stored.values()) {
            if (network.phase() != NetworkPhase.READY) {
                finishNetwork(network, poolsInService);
            }
        }
        for (NetworkRecord network : ready.values()) {
            List<EndpointRecord> endpoints = joined.getOrDefault(network.id(), List.of());
            context.table().load(network, endpoints);
            if (Views.hasDns(network)) {
                networks.defineDns(network);
                endpoints.forEach(e -> attachments.republish(network, e));
            }
        }
        reconcile(ready.values(), live);
    }

    private static List<PoolAddress> held(EndpointRecord endpoint) {
        List<PoolAddress> out = new ArrayList<>();
        if (endpoint.poolV4().isPresent() && endpoint.ipv4().isPresent()) {
            out.add(new PoolAddress(
                    endpoint.poolV4().get(),
                    IpPrefix.parse(endpoint.ipv4().get()).address()));
        }
        if (endpoint.poolV6().isPresent() && endpoint.ipv6().isPresent()) {
            out.add(new PoolAddress(
                    endpoint.poolV6().get(),
                    IpPrefix.parse(endpoint.ipv6().get()).address()));
        }
        return out;
    }

    /** Removes what an endpoint left, unless its addresses are held by a live endpoint again. */
    private void removeEndpoint(Optional<NetworkRecord> network, EndpointRecord endpoint, Set<PoolAddress> live) {
        try {
            if (network.isPresent() && !NetworkNames.modelled(network.get().driver())) {
                NetworkRecord n = network.get();
                NetworkDriver driver = context.driver(n.driver());
                removeIdempotently(() -> driver.leave(n.id(), endpoint.id()));
                removeIdempotently(() -> driver.deleteEndpoint(n.id(), endpoint.id()));
                if (held(endpoint).stream().noneMatch(live::contains)) {
                    attachments.releaseAddresses(n, endpoint);
                }
            }
            context.store().apply(List.of(Change.delete(Records.ENDPOINTS, endpoint.id())));
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "endpoint " + endpoint.id() + " (" + endpoint.phase() + ") not cleaned up", e);
        }
    }

    /**
     * Undoes a network found CREATING, finishes one found DELETING: the driver's network, then its pools (unless a
     * network in service holds a pool of that id again), then the record.
     */
    private void finishNetwork(NetworkRecord network, Set<String> poolsInService) {
        try {
            if (!NetworkNames.modelled(network.driver())) {
                NetworkDriver driver = context.driver(network.driver());
                removeIdempotently(() -> driver.deleteNetwork(network.id()));
            }
            NetworkRecord unheld = network.withPools(network.pools().stream()
                    .filter(p -> !poolsInService.contains(p.poolId()))
                    .toList());
            if (networks.releasePools(unheld)) {
                context.store().apply(List.of(Change.delete(Records.NETWORKS, network.id())));
            }
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "network " + network.name() + " (" + network.phase() + ") not cleaned up", e);
        }
    }

    private void reconcile(java.util.Collection<NetworkRecord> inService, Set<PoolAddress> live) {
        Set<String> done = new HashSet<>();
        for (NetworkRecord network : inService) {
            if (network.pools().isEmpty() || !done.add(network.ipamDriver())) {
                continue;
            }
            try {
                IpamDriver ipam = context.ipam(network.ipamDriver());
                if (ipam instanceof AddressReconciliation reconciliation) {
                    Set<PoolAddress> freed = reconciliation.reconcile(live);
                    if (!freed.isEmpty()) {
                        LOG.log(
                                Level.INFO,
                                "IPAM " + network.ipamDriver() + ": freed addresses no endpoint holds: " + freed);
                    }
                }
            } catch (EngineException | RuntimeException e) {
                LOG.log(Level.WARNING, "IPAM " + network.ipamDriver() + " not reconciled", e);
            }
        }
    }
}
