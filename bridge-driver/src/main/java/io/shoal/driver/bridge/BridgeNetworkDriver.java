package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.bridge.firewall.NetworkRules;
import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.EndpointSlot;
import io.shoal.driver.support.KernelErrors;
import io.shoal.driver.support.MacAddresses;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.PoolChecks;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.SkeletonDriver;
import io.shoal.driver.support.Teardown;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.InterfaceHandOver;
import io.shoal.spi.IpamData;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.PortBinding;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Docker's user-defined bridge networks: one Linux bridge per network, one veth pair per endpoint, and an nftables
 * table for masquerading, isolation, inter-container policy and published ports. See docs/bridge.md. The tables,
 * records, locking and restore are {@link SkeletonDriver}'s; the kernel work is behind {@link BridgeKernel}.
 */
public final class BridgeNetworkDriver extends SkeletonDriver<BridgeNetwork, BridgeEndpoint>
        implements ExternalConnectivity, DeferredTeardown, InterfaceHandOver {
    public static final String TYPE = "bridge";

    private final BridgeKernel kernel;
    private final DriverRecords<BridgeNetwork, BridgeEndpoint> records;
    private final PortPublisher ports;
    /** Held while a network's rules are computed from its endpoints and applied, so concurrent changes compose. */
    private final Object rulesLock = new Object();

    /**
     * How long the driver must be idle before background teardown runs: a bridge or veth deletion holds the kernel's
     * RTNL lock for an RCU grace period, which the next request would otherwise wait for (docs/performance.md).
     */
    static final Duration QUIET_PERIOD = Duration.ofMillis(150);

    /** When the driver last started serving a request; background teardown waits for a quiet moment. */
    private final ActivityClock activity = ActivityClock.quietAfter(QUIET_PERIOD);

    private final Reaper<BridgeNetwork> reaper = new Reaper<>("bridge-teardown", this::finishRemoval, activity);
    /** The veth pairs leave took out of service, deleted in the background. */
    private final RetiredVeths retired;
    /** The conntrack flushes of endpoints that left, run in the background; a join of their addresses waits. */
    private final DepartedFlows departedFlows;
    /** The veth pairs of hand-over joins made ahead of the join ({@link #prepareHandOver}). */
    private final PreparedPairs prepared = new PreparedPairs();

    BridgeNetworkDriver(
            BridgeKernel kernel, DriverRecords<BridgeNetwork, BridgeEndpoint> records, PortPublisher ports) {
        super(TYPE, records);
        this.kernel = kernel;
        this.records = records;
        this.ports = ports;
        this.retired = new RetiredVeths(kernel, records, activity);
        this.departedFlows = new DepartedFlows(kernel::forgetFlows, activity, Reaper.LONGEST_DELAY);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.local();
    }

    @Override
    protected BridgeNetwork plan(NetworkConfig config) {
        activity.touch();
        BridgeOptions options = BridgeOptions.parse(
                config.id(), config.options(), !config.ipv6().isEmpty());
        return new BridgeNetwork(
                config.id(),
                config.name(),
                options,
                config.ipv4(),
                config.ipv6(),
                config.internal(),
                true,
                NetworkPhase.CREATING);
    }

    @Override
    protected void checkFree(BridgeNetwork candidate, Collection<BridgeNetwork> existing) {
        if (candidate.ipv4().isEmpty() && candidate.ipv6().isEmpty()) {
            throw DriverException.invalid("network " + candidate.name() + " has no subnet; give it --subnet");
        }
        for (BridgeNetwork other : existing) {
            if (other.bridge().equals(candidate.bridge())) {
                throw DriverException.conflict(
                        "bridge " + candidate.bridge() + " already belongs to network " + other.name());
            }
            for (IpPrefix subnet : candidate.subnets()) {
                for (IpPrefix taken : other.subnets()) {
                    if (subnet.overlaps(taken)) {
                        throw DriverException.conflict("subnet " + subnet + " overlaps " + taken + " of network "
                                + other.name() + "; choose another --subnet");
                    }
                }
            }
        }
        concat(candidate.ipv4(), candidate.ipv6()).forEach(PoolChecks::requireGatewayInside);
    }

    @Override
    protected BridgeNetwork make(BridgeNetwork planned, Rollback rollback) throws KernelException {
        BridgeNetwork ready = planned.asReady(kernel.makeBridge(planned, rollback));
        kernel.putRules(ready.id(), rules(ready, List.of()));
        rollback.onFailure("remove firewall rules of " + ready.name(), () -> kernel.removeRules(ready.id()));
        return ready;
    }

    @Override
    protected BridgeNetwork ensure(BridgeNetwork ready) throws KernelException {
        boolean owns = kernel.ensureBridge(ready);
        return owns == ready.ownsBridge() ? ready : ready.asReady(owns);
    }

    /**
     * Takes the network out of service at once: the bridge is renamed to its {@link BridgeNetwork#tombstone()
     * tombstone} (so its name is free for a new network and its firewall rules, keyed on the name, match nothing);
     * {@link #removeRetired} leaves the rest to a background reaper, since deleting the link and the rules each waits
     * for an RCU grace period in the kernel. The store says DELETING until the reaper is done, so a restart finishes
     * the job; {@link #awaitTeardown} waits for it.
     */
    @Override
    protected void retire(BridgeNetwork deleting) throws KernelException {
        kernel.retireBridge(deleting);
    }

    @Override
    protected void removeRetired(BridgeNetwork deleting) {
        reaper.submit(deleting);
    }

    /** Removes the network's firewall rules and its bridge (or the gateways of an adopted one). */
    @Override
    protected void remove(BridgeNetwork network, Teardown teardown) {
        teardown.step("remove firewall rules", () -> kernel.removeRules(network.id()));
        kernel.removeBridge(network, teardown);
    }

    /**
     * A network found {@code DELETING} may still have its bridge under its own name (the crash came before the
     * rename): unless a network in service has taken that name since, it goes as a half-made network's does.
     */
    @Override
    protected void removeUnfinished(BridgeNetwork network, Teardown teardown) {
        boolean taken = networks().values().stream().anyMatch(n -> n.bridge().equals(network.bridge()));
        boolean retiredBeforeTheRename = network.phase() == NetworkPhase.DELETING && !taken;
        remove(retiredBeforeTheRename ? network.inPhase(NetworkPhase.CREATING) : network, teardown);
    }

    /**
     * Waits until every network deleted so far, and every veth pair leave retired, is gone from the kernel.
     *
     * @throws DriverException INTERNAL listing what a removal could not undo (the record stays, and the next start
     *     tries again)
     */
    @Override
    public void awaitTeardown(Duration timeout) {
        reaper.await(timeout);
        retired.await(timeout);
        departedFlows.await(timeout);
    }

    @Override
    protected BridgeEndpoint newEndpoint(BridgeNetwork network, EndpointConfig config, Collection<String> others) {
        activity.touch();
        config.options().requireKnown(Set.of());
        PoolChecks.requireAddressInside(network.ipv4(), config.ipv4(), "IPv4");
        PoolChecks.requireAddressInside(network.ipv6(), config.ipv6(), "IPv6");
        return new BridgeEndpoint(
                network.id(),
                config.endpointId(),
                MacAddresses.forEndpoint(config),
                config.ipv4(),
                config.ipv6(),
                Optional.empty(),
                List.of(),
                EndpointPhase.IDLE);
    }

    @Override
    protected BridgeEndpoint joining(BridgeNetwork network, BridgeEndpoint endpoint, JoinRequest request) {
        activity.touch();
        return endpoint.joining(new BridgeEndpoint.Join(
                BridgeEndpoint.hostVethName(network.id(), endpoint.id()),
                request.sandbox().namespacePath(),
                request.interfaceName(),
                request.handOver()));
    }

    @Override
    protected void plug(BridgeNetwork network, BridgeEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        // A flush of flows of a departed endpoint that had these addresses must not cut the new one's connections.
        departedFlows.awaitFlushed(addresses(joining));
        BridgeEndpoint.Join join = joining.join().orElseThrow();
        Optional<PreparedPairs.Pair> ahead = prepared.take(key(joining.networkId(), joining.id()));
        if (ahead.isPresent()) {
            PreparedPairs.Pair pair = ahead.get();
            if (request.handOver() && pair.interfaceName().equals(request.interfaceName())) {
                // Made at CreateEndpoint: wait for what is left of it; its failure (already undone) is this join's.
                pair.await();
                rollback.onFailure("delete veth " + join.hostVeth(), () -> kernel.unplug(join));
                return;
            }
            pair.awaitQuietly();
            kernel.deleteVeth(pair.hostVeth()); // asked for under another name: made afresh below
        }
        // A join of an endpoint that left a moment ago needs its host veth's name back: the pair must be gone first.
        retired.awaitDeleted(join.hostVeth());
        kernel.plug(network, joining, request, rollback);
    }

    /**
     * A hand-over join whose pair was made ahead on this driver's bridge records no intent: until its outcome is
     * recorded the pair is an orphan of the next start's sweep ({@link MarkedLinks}), as before the join.
     */
    @Override
    protected boolean plugsWhatWasMadeAhead(BridgeNetwork network, BridgeEndpoint joining, JoinRequest request) {
        return request.handOver() && prepared.holds(key(joining.networkId(), joining.id()), request.interfaceName());
    }

    /**
     * Makes the pair of the endpoint's coming hand-over join in the background ({@link PreparedPairs}), on a bridge
     * this driver made (so a crash before the join leaves an orphan the next start removes); otherwise, or for an
     * endpoint not idle, the join does it all as before.
     */
    @Override
    public void prepareHandOver(String networkId, String endpointId, String interfaceName) {
        onEndpoint(networkId, endpointId, (network, slot) -> {
            BridgeEndpoint idle = slot.record();
            if (idle.phase() != EndpointPhase.IDLE || !network.ownsBridge()) {
                return null;
            }
            String hostVeth = BridgeEndpoint.hostVethName(networkId, endpointId);
            prepared.submit(key(networkId, endpointId), hostVeth, interfaceName, () -> {
                departedFlows.awaitFlushed(addresses(idle));
                retired.awaitDeleted(hostVeth);
                try (Rollback rollback = new Rollback()) {
                    kernel.preparePlug(network, idle, hostVeth, interfaceName, rollback);
                    rollback.commit();
                }
            });
            return null;
        });
    }

    /** An endpoint deleted without a join: the pair made ahead for it goes. */
    @Override
    protected void release(BridgeNetwork network, BridgeEndpoint idle) throws KernelException {
        Optional<PreparedPairs.Pair> ahead = prepared.take(key(idle.networkId(), idle.id()));
        if (ahead.isPresent()) {
            ahead.get().awaitQuietly();
            kernel.deleteVeth(ahead.get().hostVeth());
        }
    }

    /** Waits for the pairs being made ahead (tests: a crash right after they are made). */
    void awaitPrepared() {
        prepared.awaitAll();
    }

    private static String key(String networkId, String endpointId) {
        return networkId + "/" + endpointId;
    }

    /**
     * The join dockerd needs from a remote plugin: the pair made and the host end on the bridge as for {@link #join},
     * the container end left in the host namespace under the request's name for dockerd to move (docs/plugin.md).
     */
    @Override
    public JoinResult joinForHandOver(JoinRequest request) {
        return join(request.asHandOver());
    }

    @Override
    protected JoinResult joinResult(BridgeNetwork network, JoinRequest request) {
        boolean routed = request.gatewayEndpoint() && !network.internal();
        return new JoinResult(
                request.interfaceName(),
                routed ? EndpointPlumbing.gateway(network, false) : Optional.empty(),
                routed ? EndpointPlumbing.gateway(network, true) : Optional.empty());
    }

    /** A leaving endpoint's published ports go before its veth does: rules, host ports, then stale flows. */
    @Override
    protected void withdraw(BridgeNetwork network, BridgeEndpoint leaving) {
        activity.touch();
        if (!leaving.ports().isEmpty()) {
            BridgeEndpoint bare = leaving.withPorts(List.of());
            synchronized (rulesLock) {
                try (HostPorts.Change released = ports.reserve(network, bare)) {
                    kernel.putRules(network.id(), rulesWith(network, bare));
                    released.commit();
                }
            }
            kernel.forgetFlows(leaving.id(), published(network, leaving), List.of());
        }
    }

    /** Deletes the pair, then the conntrack flows of the endpoint's addresses, which would outlive it otherwise. */
    @Override
    protected void unplug(BridgeEndpoint endpoint) throws KernelException {
        kernel.unplug(endpoint.join().orElseThrow());
        forgetFlows(endpoint);
    }

    /**
     * Leave: the sandbox end is taken out of service at once and the pair deleted in the background ({@link
     * RetiredVeths}), then the endpoint's conntrack flows are queued for deletion in the background ({@link
     * DepartedFlows}: its interface, down and without addresses, can make no new ones).
     */
    @Override
    protected void unplugOnLeave(BridgeNetwork network, BridgeEndpoint leaving) throws KernelException {
        retired.retire(leaving);
        departedFlows.submit(leaving.id(), addresses(leaving));
    }

    /** The endpoint is recorded as left: now its retired pair may go (a restart would delete it otherwise). */
    @Override
    protected void afterLeave(BridgeNetwork network, BridgeEndpoint leaving) {
        retired.queue(leaving);
    }

    private void forgetFlows(BridgeEndpoint endpoint) {
        kernel.forgetFlows(endpoint.id(), addresses(endpoint));
    }

    private static List<InetAddress> addresses(BridgeEndpoint endpoint) {
        return Stream.concat(endpoint.ipv4().stream(), endpoint.ipv6().stream())
                .map(IpPrefix::address)
                .toList();
    }

    @Override
    protected boolean plugged(BridgeEndpoint joined) throws KernelException {
        return kernel.plugged(joined.join().orElseThrow());
    }

    @Override
    protected EndpointInfo info(BridgeNetwork network, BridgeEndpoint endpoint) {
        Map<String, String> details = endpoint.join()
                .filter(j -> endpoint.phase() == EndpointPhase.JOINED)
                .map(j -> Map.of("host-veth", j.hostVeth(), "interface", j.interfaceName()))
                .orElse(Map.of());
        return new EndpointInfo(endpoint.id(), endpoint.mac(), endpoint.ipv4(), endpoint.ipv6(), details);
    }

    /**
     * Publishes the endpoint's ports: the record first (so a restart, which renders the whole table from the records,
     * finishes what a crash interrupted), then the network's rules; a refused change restores the record.
     */
    @Override
    public void programExternalConnectivity(String networkId, String endpointId, List<PortBinding> bindings) {
        onEndpoint(networkId, endpointId, (network, slot) -> {
            if (network.internal() && !bindings.isEmpty()) {
                throw DriverException.forbidden("network " + network.name() + " is internal: it cannot publish ports");
            }
            if (slot.record().phase() != EndpointPhase.JOINED && !bindings.isEmpty()) {
                throw DriverException.forbidden(
                        "endpoint " + endpointId + " is not joined to a sandbox; publish its ports after the join");
            }
            applyPorts(network, slot, slot.record().withPorts(bindings));
            return null;
        });
    }

    @Override
    public void revokeExternalConnectivity(String networkId, String endpointId) {
        onEndpoint(networkId, endpointId, (network, slot) -> {
            applyPorts(network, slot, slot.record().withPorts(List.of()));
            return null;
        });
    }

    /**
     * Host ports are checked and reserved first (a CONFLICT changes nothing), then the record, then the rules; only
     * when the rules hold does the reservation become the endpoint's. Flows the change made wrong go last.
     */
    private void applyPorts(BridgeNetwork network, EndpointSlot<BridgeEndpoint> slot, BridgeEndpoint changed) {
        BridgeEndpoint before = slot.record();
        if (changed.equals(before)) {
            // The ports the endpoint already has (dockerd programs and revokes an empty port map on every connect and
            // disconnect of a gateway endpoint): the record, the rules and the flows stay as they are.
            return;
        }
        synchronized (rulesLock) {
            try (HostPorts.Change reserved = ports.reserve(network, changed)) {
                hairpin(changed);
                commit(slot, changed);
                try {
                    kernel.putRules(network.id(), rulesWith(network, changed));
                } catch (RuntimeException e) {
                    commit(slot, before);
                    throw e;
                }
                reserved.commit();
            }
        }
        kernel.forgetFlows(changed.id(), published(network, before), published(network, changed));
    }

    private void hairpin(BridgeEndpoint endpoint) {
        if (endpoint.ports().isEmpty() || endpoint.join().isEmpty()) {
            return;
        }
        String veth = endpoint.join().get().hostVeth();
        try {
            kernel.hairpin(veth);
        } catch (KernelException e) {
            throw KernelErrors.translate("turning hairpin mode on for " + veth, e);
        }
    }

    /** The DNAT rules one endpoint's bindings become (see {@link #publish}). */
    static List<PublishedPort> published(BridgeNetwork network, BridgeEndpoint endpoint) {
        List<PublishedPort> out = new ArrayList<>();
        for (PortBinding binding : endpoint.ports()) {
            out.addAll(publish(network, endpoint, binding));
        }
        return out;
    }

    /** The network's rules with its endpoints as the tables hold them, {@code changed} in place of its record. */
    private NetworkRules rulesWith(BridgeNetwork network, BridgeEndpoint changed) {
        List<BridgeEndpoint> members = new ArrayList<>();
        for (BridgeEndpoint e : endpointsOf(network.id())) {
            members.add(e.id().equals(changed.id()) ? changed : e);
        }
        return rules(network, members);
    }

    /**
     * After a restart: the whole table in one transaction (established flows are kept by conntrack; chains and map
     * elements of networks no record names go with the old table), the veth pairs a leave retired deleted, then the
     * links carrying Shoal's mark that no record owns ({@link MarkedLinks}).
     */
    @Override
    protected void restored(Teardown teardown) {
        Map<String, NetworkRules> all = new HashMap<>();
        for (BridgeNetwork network : networks().values()) {
            all.put(network.id(), rules(network, endpointsOf(network.id())));
        }
        teardown.step("re-apply the firewall", () -> kernel.restoreRules(all));
        retired.restore(teardown);
        ports.restore(networks().values(), endpoints());
        kernel.removeMarkedOrphans(
                storedNetworks(BridgeNetwork::id), storedNetworks(BridgeNetwork::bridge), storedHostVeths());
    }

    private Set<String> storedNetworks(Function<BridgeNetwork, String> part) {
        return records.networks().stream().map(part).collect(Collectors.toSet());
    }

    private Set<String> storedHostVeths() {
        Set<String> out = new HashSet<>(records.retired());
        for (BridgeEndpoint endpoint : records.endpoints()) {
            endpoint.join().ifPresent(join -> out.add(join.hostVeth()));
        }
        return out;
    }

    /** The firewall rules of a network with these endpoints' published ports. */
    static NetworkRules rules(BridgeNetwork network, List<BridgeEndpoint> members) {
        List<PublishedPort> published = new ArrayList<>();
        for (BridgeEndpoint endpoint : members) {
            published.addAll(published(network, endpoint));
        }
        BridgeOptions options = network.options();
        return new NetworkRules(
                network.shortId(),
                options.bridgeName(),
                network.subnets(),
                options.interContainer(),
                options.masquerade(),
                network.internal(),
                published);
    }

    /**
     * One binding becomes a DNAT rule per address family the endpoint has and the host address allows: a binding
     * without a host address publishes on IPv4 (on host_binding_ipv4 when set) and, for a dual-stack endpoint, IPv6.
     */
    private static List<PublishedPort> publish(BridgeNetwork network, BridgeEndpoint endpoint, PortBinding binding) {
        List<PublishedPort> out = new ArrayList<>();
        Optional<InetAddress> host = binding.hostAddress();
        boolean anyHost = host.isEmpty() || host.get().isAnyLocalAddress();
        boolean hostV4 = host.map(h -> h instanceof Inet4Address).orElse(true);
        if (endpoint.ipv4().isPresent() && (anyHost || hostV4)) {
            Optional<InetAddress> bindV4 = anyHost ? network.options().hostBindingIpv4() : host;
            out.add(new PublishedPort(
                    binding.protocol(),
                    bindV4,
                    binding.hostPort(),
                    endpoint.ipv4().get().address(),
                    binding.containerPort()));
        }
        if (endpoint.ipv6().isPresent() && (anyHost || !hostV4)) {
            out.add(new PublishedPort(
                    binding.protocol(),
                    anyHost ? Optional.empty() : host,
                    binding.hostPort(),
                    endpoint.ipv6().get().address(),
                    binding.containerPort()));
        }
        return out;
    }

    private static List<IpamData> concat(List<IpamData> a, List<IpamData> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
