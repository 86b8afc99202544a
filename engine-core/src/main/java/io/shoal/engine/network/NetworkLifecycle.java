package io.shoal.engine.network;

import static io.shoal.engine.network.DriverErrors.removeIdempotently;

import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.store.Change;
import io.shoal.engine.undo.Undo;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.ipam.IpamDriver;
import io.shoal.spi.ipam.PoolAllocation;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Network create and remove, and the predefined networks. Create: record CREATING, IPAM pools, record with pools,
 * driver, DNS, record READY; a failure undoes the steps done, newest first. Remove: record DELETING, driver, pools,
 * record deleted, DNS.
 */
final class NetworkLifecycle {
    private static final System.Logger LOG = System.getLogger(NetworkLifecycle.class.getName());

    /** The IPAM driver used when a request names none (Docker's {@code default}). */
    static final String DEFAULT_IPAM = "default";

    private final NetworkContext context;
    private final String defaultBridgeName;
    /** The driver types that deleted a network since the start, whose deferred teardown may still run. */
    private final Set<String> tornDown = ConcurrentHashMap.newKeySet();

    NetworkLifecycle(NetworkContext context, String defaultBridgeName) {
        this.context = context;
        this.defaultBridgeName = defaultBridgeName;
    }

    NetworkRecord create(NetworkSpec spec) throws EngineException {
        String name = spec.name();
        if (NetworkNames.PREDEFINED.contains(name)) {
            // Docker's text, trailing blank included.
            throw new EngineException(
                    ErrorKind.FORBIDDEN, "operation is not permitted on predefined " + name + " network ");
        }
        NetworkNames.requireValid(name);
        if (NetworkNames.modelled(spec.driver())) {
            throw new EngineException(
                    ErrorKind.FORBIDDEN, "only one instance of \"" + spec.driver() + "\" network is allowed");
        }
        NetworkDriver driver = context.driver(spec.driver());
        String ipamName = spec.ipamDriver().isEmpty() ? DEFAULT_IPAM : spec.ipamDriver();
        IpamDriver ipam = context.ipam(ipamName);
        List<PoolPlan.Planned> plan =
                PoolPlan.of(spec, ipam.defaultAddressSpaces().local());
        NetworkRecord creating = new NetworkRecord(
                Ids.random(),
                name,
                spec.driver(),
                context.clock().instant(),
                NetworkPhase.CREATING,
                false,
                spec.enableIpv6(),
                spec.internal(),
                spec.attachable(),
                ipamName,
                spec.ipamOptions(),
                List.of(),
                spec.options(),
                spec.labels());
        return make(creating, Optional.of(driver), Optional.of(ipam), plan);
    }

    /**
     * Creates the predefined networks that do not exist yet: {@code bridge} (driver bridge, Linux bridge {@code
     * defaultBridgeName}, an automatic IPv4 pool), {@code host} and {@code none}.
     */
    void ensurePredefined() throws EngineException {
        if (context.table().named(NetworkNames.BRIDGE).isEmpty()) {
            NetworkDriver driver = context.driver(NetworkNames.BRIDGE);
            IpamDriver ipam = context.ipam(DEFAULT_IPAM);
            NetworkSpec spec = predefined(
                    NetworkNames.BRIDGE,
                    NetworkNames.BRIDGE,
                    Map.of("com.docker.network.bridge.name", defaultBridgeName));
            make(
                    builtin(spec),
                    Optional.of(driver),
                    Optional.of(ipam),
                    PoolPlan.of(spec, ipam.defaultAddressSpaces().local()));
        }
        for (String[] modelled : new String[][] {
            {NetworkNames.HOST, NetworkNames.HOST_DRIVER}, {NetworkNames.NONE, NetworkNames.NULL_DRIVER}
        }) {
            if (context.table().named(modelled[0]).isEmpty()) {
                NetworkSpec spec = predefined(modelled[0], modelled[1], Map.of());
                make(builtin(spec), Optional.empty(), Optional.empty(), List.of());
            }
        }
    }

    /** A predefined network's request: default IPAM, no labels, subnets or flags. */
    private static NetworkSpec predefined(String name, String driver, Map<String, String> options) {
        return new NetworkSpec(name, driver, options, Map.of(), DEFAULT_IPAM, Map.of(), List.of(), false, false, false);
    }

    private NetworkRecord builtin(NetworkSpec spec) {
        return new NetworkRecord(
                Ids.random(),
                spec.name(),
                spec.driver(),
                context.clock().instant(),
                NetworkPhase.CREATING,
                true,
                false,
                false,
                false,
                spec.ipamDriver(),
                Map.of(),
                List.of(),
                spec.options(),
                Map.of());
    }

    private NetworkRecord make(
            NetworkRecord creating,
            Optional<NetworkDriver> driver,
            Optional<IpamDriver> ipam,
            List<PoolPlan.Planned> plan)
            throws EngineException {
        NetworkTable table = context.table();
        table.reserve(creating);
        Undo undo = new Undo();
        undo.onFailure("forget network " + creating.name(), () -> table.drop(creating.id()));
        try {
            context.store().apply(List.of(Change.put(Records.NETWORKS, creating.id(), creating)));
            undo.onFailure("delete the record of network " + creating.name(), () -> context.store()
                    .apply(List.of(Change.delete(Records.NETWORKS, creating.id()))));
            List<PoolRecord> pools = new ArrayList<>();
            List<IpamData> v4 = new ArrayList<>();
            List<IpamData> v6 = new ArrayList<>();
            for (PoolPlan.Planned planned : plan) {
                IpamDriver pools4 = ipam.orElseThrow();
                PoolAllocation allocation = DriverErrors.call(() -> pools4.requestPool(planned.request()));
                undo.onFailure(
                        "release pool " + allocation.poolId(),
                        () -> removeIdempotently(() -> pools4.releasePool(allocation.poolId())));
                pools.add(poolRecord(allocation, planned.userSubnet()));
                (allocation.subnet().isIpv6() ? v6 : v4).add(allocation.data());
            }
            NetworkRecord withPools = creating.withPools(pools);
            if (!pools.isEmpty()) {
                // The pool ids are recorded before the driver runs, so a restart can release them.
                context.store().apply(List.of(Change.put(Records.NETWORKS, withPools.id(), withPools)));
            }
            if (driver.isPresent()) {
                NetworkDriver d = driver.get();
                DriverErrors.run(() -> d.createNetwork(new NetworkConfig(
                        withPools.id(),
                        withPools.name(),
                        DriverOptions.of(withPools.options()),
                        withPools.labels(),
                        v4,
                        v6,
                        withPools.internal())));
                undo.onFailure(
                        "delete network " + withPools.name() + " in its driver",
                        () -> removeIdempotently(() -> d.deleteNetwork(withPools.id())));
            }
            if (Views.hasDns(withPools)) {
                defineDns(withPools);
                undo.onFailure("forget DNS of " + withPools.name(), () -> context.names()
                        .removeNetwork(withPools.name()));
            }
            NetworkRecord ready = withPools.inPhase(NetworkPhase.READY);
            context.store().apply(List.of(Change.put(Records.NETWORKS, ready.id(), ready)));
            table.update(ready);
            return ready;
        } catch (EngineException e) {
            throw undo.rollBack(e);
        } catch (RuntimeException e) {
            throw undo.rollBack(e);
        }
    }

    /** Declares the network's subnets to the DNS; reverse lookups are answered locally on bridge networks only. */
    void defineDns(NetworkRecord network) {
        StoredNames.define(context.names(), network);
    }

    private static PoolRecord poolRecord(PoolAllocation allocation, boolean userSubnet) {
        IpamData data = allocation.data();
        Map<String, String> aux = new LinkedHashMap<>();
        data.auxAddresses().forEach((name, address) -> aux.put(name, IpAddresses.format(address)));
        return new PoolRecord(
                allocation.poolId(),
                data.pool().isIpv6(),
                data.pool().toString(),
                data.gateway().map(g -> IpAddresses.format(g.address())),
                allocation.range().map(IpPrefix::toString),
                aux,
                userSubnet);
    }

    /**
     * Removes a network. The record says DELETING first; a driver that refuses puts the network back in service.
     * Once the driver has deleted it, the network is gone even when a pool release or the record's deletion fails:
     * the record then stays DELETING and the next start finishes the removal (a failed deletion is still thrown).
     */
    void remove(String idOrName) throws EngineException {
        NetworkTable table = context.table();
        NetworkRecord network = table.beginRemoval(idOrName);
        NetworkRecord deleting = network.inPhase(NetworkPhase.DELETING);
        try {
            context.store().apply(List.of(Change.put(Records.NETWORKS, deleting.id(), deleting)));
        } catch (EngineException | RuntimeException e) {
            table.update(network);
            throw e;
        }
        if (!NetworkNames.modelled(network.driver())) {
            try {
                NetworkDriver driver = context.driver(network.driver());
                removeIdempotently(() -> driver.deleteNetwork(network.id()));
                tornDown.add(network.driver());
            } catch (EngineException | RuntimeException e) {
                putBackInService(network, e);
                throw e;
            }
        }
        if (Views.hasDns(network)) {
            // Before the name is free again, so a new network of that name keeps its own DNS.
            context.names().removeNetwork(network.name());
        }
        table.drop(network.id());
        if (releasePools(network)) {
            context.store().apply(List.of(Change.delete(Records.NETWORKS, network.id())));
        }
    }

    /**
     * Waits until the drivers that deleted networks have finished their deferred kernel teardown ({@link
     * DeferredTeardown}); the engine calls it before it exits.
     *
     * @throws EngineException UNAVAILABLE when {@code timeout} passed first; INTERNAL naming what a driver could not
     *     remove
     */
    void awaitTeardown(Duration timeout) throws EngineException {
        for (String type : tornDown) {
            Optional<NetworkDriver> driver = context.drivers().find(type);
            if (driver.isPresent() && driver.get() instanceof DeferredTeardown deferred) {
                DriverErrors.run(() -> deferred.awaitTeardown(timeout));
            }
        }
    }

    private void putBackInService(NetworkRecord network, Exception failure) {
        try {
            context.store().apply(List.of(Change.put(Records.NETWORKS, network.id(), network)));
            context.table().update(network);
        } catch (EngineException | RuntimeException e) {
            // The record stays DELETING: the next start finishes the removal.
            failure.addSuppressed(e);
            context.table().drop(network.id());
        }
    }

    /** Releases the network's pools; false (logged) when one could not be, so the record must stay DELETING. */
    boolean releasePools(NetworkRecord network) {
        boolean all = true;
        for (PoolRecord pool : network.pools()) {
            try {
                IpamDriver ipam = context.ipam(network.ipamDriver());
                removeIdempotently(() -> ipam.releasePool(pool.poolId()));
            } catch (EngineException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "network " + network.name() + ": pool " + pool.poolId() + " not released; the next start"
                                + " tries again",
                        e);
                all = false;
            }
        }
        return all;
    }
}
