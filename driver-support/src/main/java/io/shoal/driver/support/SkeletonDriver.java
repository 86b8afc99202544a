package io.shoal.driver.support;

import io.shoal.netlink.KernelException;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The part every Shoal network driver shares: the network and endpoint tables, their records in the store, the order
 * of store and kernel work, the locking that keeps {@link NetworkDriver}'s concurrency promise, the lookups and their
 * NOT_FOUND errors, and the restore after a restart. A driver extends it and supplies only its own decisions and its
 * kernel work (which it keeps behind a narrow seam interface of its own, so that a recording fake can stand in).
 *
 * <h2>Order</h2>
 *
 * Every change writes its record <em>before</em> the kernel work, as intent ({@link NetworkPhase#CREATING},
 * {@link NetworkPhase#DELETING}, {@link EndpointPhase#JOINING}, {@link EndpointPhase#LEAVING}), writes the outcome after
 * it inside the same {@link Rollback} (so a failed store write undoes the kernel work), and only then updates the
 * tables in memory. So the tables never show what the store does not hold, and after a crash between any two steps
 * the records name everything that might exist.
 *
 * <h2>Restore</h2>
 *
 * {@link #restore} (the provider calls it once, before handing the driver out) reads every record and makes the kernel
 * match it: a {@code READY} network gets whatever is missing ({@link #ensure}, e.g. after a reboot emptied the
 * kernel); a {@code CREATING} or {@code DELETING} one is removed; a {@code JOINED} endpoint whose interface vanished
 * with its sandbox becomes {@code IDLE}; a {@code JOINING} or {@code LEAVING} one is unplugged and becomes {@code
 * IDLE}; an endpoint whose network has no record is unplugged and forgotten. The next attempt of an operation does the
 * same for its own object: a join of an endpoint left {@code JOINING} first removes what the earlier attempt made.
 *
 * <h2>Locking</h2>
 *
 * Network creation and deletion are serialised with each other (they check against every other network) and hold the
 * network's write lock; every endpoint call holds its network's read lock and its endpoint's own lock. So calls on
 * one endpoint are linearised, network creation and deletion exclude endpoint calls on that network, and calls on
 * different endpoints run concurrently. {@link #endpointInfo} takes no lock and shows the last committed record.
 *
 * <h2>A new driver</h2>
 *
 * An overlay driver, say, gets all of this by supplying: its records ({@code OverlayNetwork implements
 * NetworkRecord}, {@code OverlayEndpoint implements EndpointRecord}, a codec for {@link DriverRecords}); its kernel
 * seam ({@code OverlayKernel}: make and remove the VXLAN device and bridge, plug and unplug a veth, each idempotent
 * where removal finds nothing) with a real implementation over netlink and a recording fake in its tests; and the
 * hooks below: {@link #plan} (options), {@link #checkFree} (VNI and subnet conflicts), {@link #make}, {@link #ensure},
 * {@link #retire}, {@link #remove}, {@link #newEndpoint}, {@link #joining}, {@link #plug}, {@link #joinResult},
 * {@link #unplug}, {@link #plugged} and {@link #info}. Its provider builds it over {@link HostWiring} and calls
 * {@link #restore}.
 *
 * @param <N> the driver's network record
 * @param <E> the driver's endpoint record
 */
public abstract class SkeletonDriver<N extends NetworkRecord<N>, E extends EndpointRecord<E>> implements NetworkDriver {
    private final String type;
    private final DriverRecords<N, E> records;
    private final Object networkChanges = new Object();
    private final Map<String, NetworkSlot<N, E>> networks = new ConcurrentHashMap<>();

    /**
     * @param type the driver's type name, for {@link #type()} and messages
     */
    protected SkeletonDriver(String type, DriverRecords<N, E> records) {
        this.type = type;
        this.records = records;
    }

    // ---- the driver's part ---------------------------------------------------------------------------------------

    /**
     * Parses and checks the options, and decides (reading the kernel if need be) what the network will be.
     *
     * @return the network's record in {@link NetworkPhase#CREATING}
     * @throws DriverException INVALID_ARGUMENT, NOT_FOUND, FORBIDDEN… for a request that cannot be made
     */
    protected abstract N plan(NetworkConfig config);

    /**
     * Refuses a network that would clash with one that exists (a name, a subnet, a VLAN); called with every other
     * network, while no other network changes.
     */
    protected abstract void checkFree(N candidate, Collection<N> existing);

    /**
     * Makes the network in the kernel, registering an undo for each step with {@code rollback}.
     *
     * @return the record in {@link NetworkPhase#READY}, carrying whatever the kernel work decided
     */
    protected abstract N make(N planned, Rollback rollback) throws KernelException;

    /**
     * After a restart: makes whatever of a {@code READY} network is missing from the kernel (everything, after a
     * reboot), leaving what exists.
     *
     * @return the record, changed when what exists now differs from what it said
     */
    protected abstract N ensure(N ready) throws KernelException;

    /** Takes the network out of service on the request path; what is already gone counts as done. */
    protected abstract void retire(N deleting) throws KernelException;

    /** Removes whatever the network made (and is still there), going on after failures. */
    protected abstract void remove(N network, Teardown teardown);

    /**
     * At restart, removes a network found {@code CREATING} or {@code DELETING}, with every network in service already
     * in the tables (so a driver can spare what one of them has taken over since). By default {@link #remove}.
     */
    protected void removeUnfinished(N network, Teardown teardown) {
        remove(network, teardown);
    }

    /**
     * Hands the removal of a retired network over; by default it is done at once ({@link #finishRemoval}). A driver
     * that removes in the background calls {@link #finishRemoval} from there.
     */
    protected void removeRetired(N deleting) {
        finishRemoval(deleting);
    }

    /**
     * Checks an endpoint request and settles its MAC address.
     *
     * @param others the ids of the network's other endpoints, including ones being created right now
     * @return the record in {@link EndpointPhase#IDLE}
     */
    protected abstract E newEndpoint(N network, EndpointConfig config, Collection<String> others);

    /** The record of the endpoint while it joins: {@link EndpointPhase#JOINING}, naming what the join will make. */
    protected abstract E joining(N network, E endpoint, JoinRequest request);

    /** Plugs the endpoint in, as its {@code joining} record names, registering undos with {@code rollback}. */
    protected abstract void plug(N network, E joining, JoinRequest request, Rollback rollback) throws KernelException;

    protected abstract JoinResult joinResult(N network, JoinRequest request);

    /**
     * Whether {@link #plug} will only take over kernel work made ahead of the join, outside any record, which a restart
     * removes by itself when no record names it (a veth of the driver's name on its marked bridge): the join's intent
     * record ({@link EndpointPhase#JOINING}) is then skipped, one store write less, since a crash before the outcome is
     * recorded leaves nothing the restart would not remove anyway. By default false.
     */
    protected boolean plugsWhatWasMadeAhead(N network, E joining, JoinRequest request) {
        return false;
    }

    /** Called on leave, before {@link #unplug}: withdraws what the endpoint offers beyond its link (published ports). */
    protected void withdraw(N network, E leaving) throws KernelException {}

    /**
     * Removes whatever a join (finished or not) of this endpoint made, from its record alone (never {@code IDLE}); what
     * is gone counts as done.
     */
    protected abstract void unplug(E endpoint) throws KernelException;

    /**
     * Called by {@link #leave} (after {@link #withdraw}): takes the endpoint out of its sandbox. By default {@link
     * #unplug}, all of it on the request path. A driver whose removal waits on the kernel may instead take the
     * interface out of service at once and delete it in the background, as long as a record names what is still to
     * delete until it is gone (so a restart finishes it) and the names it holds are not needed again before then.
     */
    protected void unplugOnLeave(N network, E leaving) throws KernelException {
        unplug(leaving);
    }

    /**
     * Called by {@link #leave} once the endpoint is recorded as left: a driver that left part of {@link
     * #unplugOnLeave}'s work for later starts it here (so that every step of the leave itself comes first).
     */
    protected void afterLeave(N network, E leaving) {}

    /**
     * Called by {@link #deleteEndpoint} for an {@code IDLE} endpoint, before its record goes: removes what the endpoint
     * still holds outside any join (a macvlan the engine gave back after a hand-over leave); what is gone counts as
     * done. By default nothing.
     */
    protected void release(N network, E idle) throws KernelException {}

    /** Whether a joined endpoint's interface still exists. */
    protected abstract boolean plugged(E joined) throws KernelException;

    protected abstract EndpointInfo info(N network, E endpoint);

    /** Called once at the end of {@link #restore}, with every network and endpoint in place (re-applies a firewall). */
    protected void restored(Teardown teardown) {}

    // ---- NetworkDriver ------------------------------------------------------------------------------------------

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final void createNetwork(NetworkConfig config) {
        N planned = plan(config);
        synchronized (networkChanges) {
            if (networks.containsKey(planned.id())) {
                throw DriverException.conflict("network " + planned.id() + " exists already");
            }
            checkFree(planned, networks().values());
            records.save(planned);
            N ready;
            try (Rollback rollback = new Rollback()) {
                rollback.onFailure("forget network " + planned.name(), () -> records.remove(planned));
                ready = make(planned, rollback);
                records.save(ready);
                rollback.commit();
            } catch (KernelException e) {
                throw KernelErrors.translate("creating network " + planned.name(), e);
            }
            networks.put(ready.id(), new NetworkSlot<>(ready));
        }
    }

    /**
     * Takes the network out of service (its record says {@code DELETING} first), then removes it: at once, or in the
     * background for a driver that overrides {@link #removeRetired}. A removal that fails leaves the record, and the
     * next start tries again.
     */
    @Override
    public final void deleteNetwork(String networkId) {
        N deleting;
        synchronized (networkChanges) {
            NetworkSlot<N, E> slot = slot(networkId);
            slot.lock.writeLock().lock();
            try {
                N network = slot.network;
                if (!slot.endpoints.isEmpty()) {
                    throw DriverException.forbidden("network " + network.name() + " still has " + slot.endpoints.size()
                            + " endpoint(s); disconnect them first");
                }
                deleting = network.inPhase(NetworkPhase.DELETING);
                records.save(deleting);
                try {
                    retire(deleting);
                } catch (KernelException e) {
                    records.save(network);
                    throw KernelErrors.translate("taking network " + network.name() + " out of service", e);
                }
                slot.removed = true;
                networks.remove(networkId);
            } finally {
                slot.lock.writeLock().unlock();
            }
            removeRetired(deleting);
        }
    }

    /**
     * Removes what is left of a retired network, then its record.
     *
     * @throws DriverException INTERNAL naming what could not be removed; the record stays for the next start
     */
    protected final void finishRemoval(N deleting) {
        Teardown teardown = new Teardown("network " + deleting.name());
        forgetIfRemoved(deleting, teardown, false);
        teardown.finish();
    }

    void forgetIfRemoved(N network, Teardown teardown, boolean unfinished) {
        Teardown own = new Teardown("network " + network.name());
        if (unfinished) {
            removeUnfinished(network, own);
        } else {
            remove(network, own);
        }
        boolean removed = teardown.step("remove network " + network.name(), own::finish);
        if (removed) {
            teardown.step("forget network " + network.name(), () -> records.remove(network));
        }
    }

    @Override
    public final EndpointInfo createEndpoint(EndpointConfig config) {
        NetworkSlot<N, E> slot = slot(config.networkId());
        slot.lock.readLock().lock();
        try {
            requireCurrent(slot, config.networkId());
            EndpointSlot<E> fresh = slot.claim(config.endpointId());
            if (fresh == null) {
                throw DriverException.conflict(
                        "endpoint " + config.endpointId() + " exists already on network " + slot.network.name());
            }
            fresh.lock.lock();
            try {
                E endpoint = newEndpoint(slot.network, config, slot.others(config.endpointId()));
                records.saveOutcome(endpoint);
                fresh.record = endpoint;
                return info(slot.network, endpoint);
            } finally {
                slot.release(config.endpointId(), fresh);
                fresh.lock.unlock();
            }
        } finally {
            slot.lock.readLock().unlock();
        }
    }

    /** Forgets the endpoint; one left half joined or half left by a failure or a crash is unplugged first. */
    @Override
    public final void deleteEndpoint(String networkId, String endpointId) {
        onEndpoint(networkId, endpointId, (network, slot) -> {
            E endpoint = slot.record;
            if (endpoint.phase() == EndpointPhase.JOINED) {
                throw DriverException.forbidden("endpoint " + endpointId + " is still joined; leave first");
            }
            if (endpoint.phase() != EndpointPhase.IDLE) {
                unplugOrThrow(endpoint);
            } else {
                try {
                    release(network, endpoint);
                } catch (KernelException e) {
                    throw KernelErrors.translate("releasing endpoint " + endpointId, e);
                }
            }
            records.removeGone(endpoint);
            slot.record = null;
            slot(networkId).endpoints.remove(endpointId, slot);
            return null;
        });
    }

    @Override
    public final EndpointInfo endpointInfo(String networkId, String endpointId) {
        NetworkSlot<N, E> slot = slot(networkId);
        EndpointSlot<E> endpoint = slot.endpoints.get(endpointId);
        E record = endpoint == null ? null : endpoint.record;
        if (record == null) {
            throw noEndpoint(networkId, endpointId);
        }
        return info(slot.network, record);
    }

    /**
     * Records the join as intent, plugs the endpoint in and records it joined, all inside one rollback. An endpoint
     * left {@code JOINING} or {@code LEAVING} by an earlier failure is unplugged first.
     */
    @Override
    public final JoinResult join(JoinRequest request) {
        return onEndpoint(request.networkId(), request.endpointId(), (network, slot) -> {
            E endpoint = slot.record;
            if (endpoint.phase() == EndpointPhase.JOINED) {
                throw DriverException.conflict("endpoint " + endpoint.id() + " is already joined to a sandbox");
            }
            if (endpoint.phase() != EndpointPhase.IDLE) {
                unplugOrThrow(endpoint);
                endpoint = endpoint.left();
            }
            E idle = endpoint;
            E intent = joining(network, idle, request);
            if (!plugsWhatWasMadeAhead(network, intent, request)) {
                records.save(intent);
            }
            E joined = intent.inPhase(EndpointPhase.JOINED);
            try (Rollback rollback = new Rollback()) {
                rollback.onFailure("forget the join of endpoint " + idle.id(), () -> records.save(idle));
                plug(network, intent, request, rollback);
                records.saveOutcome(joined);
                rollback.commit();
            } catch (KernelException e) {
                throw KernelErrors.translate(
                        "joining endpoint " + idle.id() + " to "
                                + request.sandbox().namespacePath(),
                        e);
            }
            slot.record = joined;
            return joinResult(network, request);
        });
    }

    /**
     * Records the leave as intent, withdraws and unplugs, and records the endpoint idle. A leave that fails half way
     * leaves the endpoint {@code LEAVING}; calling leave again finishes it.
     */
    @Override
    public final void leave(String networkId, String endpointId) {
        onEndpoint(networkId, endpointId, (network, slot) -> {
            E endpoint = slot.record;
            if (endpoint.phase() == EndpointPhase.IDLE) {
                throw DriverException.notFound("endpoint " + endpointId + " is not joined");
            }
            E leaving = endpoint.inPhase(EndpointPhase.LEAVING);
            if (endpoint.phase() != EndpointPhase.LEAVING) {
                records.save(leaving);
                slot.record = leaving;
            }
            try {
                withdraw(network, leaving);
                unplugOnLeave(network, leaving);
            } catch (KernelException e) {
                throw KernelErrors.translate("unplugging endpoint " + endpointId, e);
            }
            E left = endpoint.left();
            records.saveOutcome(left);
            slot.record = left;
            afterLeave(network, leaving);
            return null;
        });
    }

    // ---- for the driver's own calls --------------------------------------------------------------------------------

    /**
     * Runs {@code body} on one endpoint, holding its network's read lock and the endpoint's own lock: the way a
     * driver's own endpoint calls (publishing ports) keep the concurrency promise.
     *
     * @throws DriverException NOT_FOUND for an unknown network or endpoint
     */
    protected final <T> T onEndpoint(String networkId, String endpointId, BiFunction<N, EndpointSlot<E>, T> body) {
        NetworkSlot<N, E> slot = slot(networkId);
        slot.lock.readLock().lock();
        try {
            requireCurrent(slot, networkId);
            EndpointSlot<E> endpoint = slot.endpoints.get(endpointId);
            if (endpoint == null) {
                throw noEndpoint(networkId, endpointId);
            }
            endpoint.lock.lock();
            try {
                if (endpoint.record == null) {
                    throw noEndpoint(networkId, endpointId);
                }
                return body.apply(slot.network, endpoint);
            } finally {
                endpoint.lock.unlock();
            }
        } finally {
            slot.lock.readLock().unlock();
        }
    }

    /** Writes a changed endpoint record to the store, then to the table. Only inside {@link #onEndpoint}. */
    protected final void commit(EndpointSlot<E> slot, E changed) {
        records.save(changed);
        slot.record = changed;
    }

    /** The committed records of a network's endpoints. */
    protected final List<E> endpointsOf(String networkId) {
        NetworkSlot<N, E> slot = networks.get(networkId);
        return slot == null ? List.of() : slot.committed();
    }

    /** The networks in service, by id. */
    public final Map<String, N> networks() {
        Map<String, N> out = new TreeMap<>();
        networks.forEach((id, slot) -> out.put(id, slot.network));
        return out;
    }

    /** Every endpoint in the tables, by network then endpoint id: what memory holds. */
    public final List<E> endpoints() {
        return networks().keySet().stream()
                .flatMap(id -> endpointsOf(id).stream().sorted(Comparator.comparing(EndpointRecord::id)))
                .toList();
    }

    /**
     * Makes the tables and the kernel match the store, as the class comment says. Called once, before any other call.
     *
     * @throws DriverException INTERNAL listing everything that could not be made or removed (those records stay, and
     *     the next start tries again); the networks and endpoints that could be restored are in service all the same
     */
    public final void restore() {
        new SkeletonRestore<>(this, records, networks).run();
    }

    private NetworkSlot<N, E> slot(String networkId) {
        NetworkSlot<N, E> slot = networks.get(networkId);
        if (slot == null) {
            throw DriverException.notFound("no " + type + " network " + networkId);
        }
        return slot;
    }

    private void requireCurrent(NetworkSlot<N, E> slot, String networkId) {
        if (slot.removed) {
            throw DriverException.notFound("no " + type + " network " + networkId);
        }
    }

    private void unplugOrThrow(E endpoint) {
        try {
            unplug(endpoint);
        } catch (KernelException e) {
            throw KernelErrors.translate("removing what an earlier attempt on endpoint " + endpoint.id() + " made", e);
        }
    }

    private static DriverException noEndpoint(String networkId, String endpointId) {
        return DriverException.notFound("no endpoint " + endpointId + " on network " + networkId);
    }
}
