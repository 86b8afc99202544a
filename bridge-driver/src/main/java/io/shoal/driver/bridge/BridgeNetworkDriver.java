package io.shoal.driver.bridge;

import io.shoal.driver.bridge.firewall.BridgeFirewall;
import io.shoal.driver.bridge.firewall.HostPorts;
import io.shoal.driver.bridge.firewall.NetworkRules;
import io.shoal.driver.bridge.firewall.PublishedPort;
import io.shoal.driver.support.KernelErrors;
import io.shoal.driver.support.MacAddresses;
import io.shoal.driver.support.PoolChecks;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.netlink.KernelException;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DeferredTeardown;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ExternalConnectivity;
import io.shoal.spi.IpamData;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.PortBinding;
import io.shoal.spi.net.IpPrefix;
import io.shoal.spi.net.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Docker's user-defined bridge networks: one Linux bridge per network, one veth pair per endpoint, and an nftables
 * table for masquerading, isolation, inter-container policy and published ports. See docs/bridge.md.
 */
public final class BridgeNetworkDriver implements NetworkDriver, ExternalConnectivity, DeferredTeardown {
    public static final String TYPE = "bridge";

    private final BridgeLinks links;
    private final EndpointPlumbing plumbing;
    private final HostSysctls sysctls;
    private final BridgeFirewall firewall;
    private final BridgeState state;
    private final PortPublisher ports;
    private final Map<String, BridgeNetwork> networks = new ConcurrentHashMap<>();
    private final Map<String, BridgeEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Object networkLock = new Object();
    private final Reaper<BridgeNetwork> reaper = new Reaper<>("bridge-teardown", this::reap);

    BridgeNetworkDriver(
            BridgeLinks links,
            EndpointPlumbing plumbing,
            HostSysctls sysctls,
            BridgeFirewall firewall,
            BridgeState state,
            PortPublisher ports) {
        this.links = links;
        this.plumbing = plumbing;
        this.sysctls = sysctls;
        this.firewall = firewall;
        this.state = state;
        this.ports = ports;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.local();
    }

    @Override
    public void createNetwork(NetworkConfig config) {
        BridgeOptions options = BridgeOptions.parse(config.id(), config.options());
        BridgeNetwork network = new BridgeNetwork(
                config.id(),
                config.name(),
                options,
                config.ipv4(),
                config.ipv6(),
                config.internal(),
                true,
                BridgeNetwork.Phase.CREATING);
        synchronized (networkLock) {
            checkFree(network);
            // Written before the kernel work, so a crash in the middle leaves a record that restore cleans up.
            state.save(network);
            boolean owns;
            try (Rollback rollback = new Rollback()) {
                rollback.onFailure("forget network " + config.name(), () -> state.remove(network));
                owns = links.create(network, rollback);
                sysctls.forNetwork(network);
                firewall.put(network.id(), rules(network, List.of()));
                rollback.onFailure("remove firewall rules of " + config.name(), () -> firewall.remove(network.id()));
                rollback.commit();
            } catch (KernelException e) {
                throw KernelErrors.translate(
                        "creating bridge " + options.bridgeName() + " for network " + config.name(), e);
            }
            BridgeNetwork ready = network.asReady(owns);
            state.save(ready);
            networks.put(ready.id(), ready);
        }
    }

    private void checkFree(BridgeNetwork candidate) {
        if (networks.containsKey(candidate.id())) {
            throw DriverException.conflict("network " + candidate.id() + " exists already");
        }
        if (candidate.ipv4().isEmpty() && candidate.ipv6().isEmpty()) {
            throw DriverException.invalid("network " + candidate.name() + " has no subnet; give it --subnet");
        }
        for (BridgeNetwork other : networks.values()) {
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

    /**
     * Takes the network out of service at once and leaves the slow kernel work to a background reaper: the bridge
     * is renamed to its {@link BridgeNetwork#tombstone() tombstone} (so its name is free for a new network and its
     * firewall rules, keyed on the name, match nothing), then the reaper deletes the link and the rules, each of which
     * waits for an RCU grace period in the kernel. The store says DELETING until the reaper is done, so a restart
     * finishes the job; {@link #awaitTeardown} waits for it.
     */
    @Override
    public void deleteNetwork(String networkId) {
        synchronized (networkLock) {
            BridgeNetwork network = network(networkId);
            long attached = endpoints.values().stream()
                    .filter(e -> e.networkId().equals(networkId))
                    .count();
            if (attached > 0) {
                throw DriverException.forbidden(
                        "network " + network.name() + " still has " + attached + " endpoint(s); disconnect them first");
            }
            BridgeNetwork deleting = network.asDeleting();
            state.save(deleting);
            try {
                links.retire(deleting);
            } catch (KernelException e) {
                state.save(network);
                throw KernelErrors.translate("taking bridge " + network.bridge() + " out of service", e);
            }
            networks.remove(networkId);
            reaper.submit(deleting);
        }
    }

    /** Finishes removing one network that is out of service: firewall, link, record. */
    private void reap(BridgeNetwork network) {
        Teardown teardown = new Teardown("network " + network.name());
        teardown.step("remove firewall rules", () -> firewall.remove(network.id()));
        links.delete(network, teardown);
        teardown.step("forget the network", () -> state.remove(network));
        teardown.finish();
    }

    /**
     * Waits until every network deleted so far is gone from the kernel.
     *
     * @throws DriverException INTERNAL listing what a removal could not undo (the record stays, and the next start
     *     tries again)
     */
    @Override
    public void awaitTeardown(Duration timeout) {
        reaper.await(timeout);
    }

    @Override
    public EndpointInfo createEndpoint(EndpointConfig config) {
        BridgeNetwork network = network(config.networkId());
        config.options().requireKnown(Set.of());
        PoolChecks.requireAddressInside(network.ipv4(), config.ipv4(), "IPv4");
        PoolChecks.requireAddressInside(network.ipv6(), config.ipv6(), "IPv6");
        MacAddress mac = config.mac().orElseGet(() -> config.ipv4()
                .map(a -> MacAddresses.fromIpv4((Inet4Address) a.address()))
                .orElseGet(MacAddresses::random));
        BridgeEndpoint endpoint = new BridgeEndpoint(
                network.id(), config.endpointId(), mac, config.ipv4(), config.ipv6(), Optional.empty(), List.of());
        if (endpoints.putIfAbsent(key(network.id(), endpoint.id()), endpoint) != null) {
            throw DriverException.conflict(
                    "endpoint " + endpoint.id() + " exists already on network " + network.name());
        }
        state.save(endpoint);
        return info(endpoint);
    }

    @Override
    public void deleteEndpoint(String networkId, String endpointId) {
        BridgeEndpoint endpoint = endpoint(networkId, endpointId);
        if (endpoint.join().isPresent()) {
            throw DriverException.forbidden("endpoint " + endpointId + " is still joined; leave first");
        }
        if (!endpoint.ports().isEmpty()) {
            revokeExternalConnectivity(networkId, endpointId); // gives its host ports back
        }
        endpoints.remove(key(networkId, endpointId));
        state.remove(endpoint);
    }

    @Override
    public EndpointInfo endpointInfo(String networkId, String endpointId) {
        return info(endpoint(networkId, endpointId));
    }

    @Override
    public JoinResult join(JoinRequest request) {
        BridgeNetwork network = network(request.networkId());
        BridgeEndpoint endpoint = endpoint(request.networkId(), request.endpointId());
        if (endpoint.join().isPresent()) {
            throw DriverException.conflict("endpoint " + endpoint.id() + " is already joined to a sandbox");
        }
        BridgeEndpoint joined;
        try (Rollback rollback = new Rollback()) {
            BridgeEndpoint.Join where = plumbing.join(network, endpoint, request, rollback);
            joined = endpoint.joined(where);
            state.save(joined);
            rollback.commit();
        } catch (KernelException e) {
            throw KernelErrors.translate(
                    "joining endpoint " + endpoint.id() + " to "
                            + request.sandbox().namespacePath(),
                    e);
        }
        endpoints.put(key(network.id(), endpoint.id()), joined);
        boolean routed = request.gatewayEndpoint() && !network.internal();
        return new JoinResult(
                request.interfaceName(),
                routed ? EndpointPlumbing.gateway(network, false) : Optional.empty(),
                routed ? EndpointPlumbing.gateway(network, true) : Optional.empty());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        BridgeEndpoint endpoint = endpoint(networkId, endpointId);
        BridgeEndpoint.Join join = endpoint.join()
                .orElseThrow(() -> DriverException.notFound("endpoint " + endpointId + " is not joined"));
        if (!endpoint.ports().isEmpty()) {
            revokeExternalConnectivity(networkId, endpointId);
        }
        try {
            plumbing.leave(join);
        } catch (KernelException e) {
            throw KernelErrors.translate("removing veth " + join.hostVeth(), e);
        }
        BridgeEndpoint left = endpoint(networkId, endpointId).left();
        endpoints.put(key(networkId, endpointId), left);
        state.save(left);
    }

    @Override
    public void programExternalConnectivity(String networkId, String endpointId, List<PortBinding> ports) {
        BridgeNetwork network = network(networkId);
        BridgeEndpoint endpoint = endpoint(networkId, endpointId);
        if (network.internal() && !ports.isEmpty()) {
            throw DriverException.forbidden("network " + network.name() + " is internal: it cannot publish ports");
        }
        updatePorts(network, endpoint.withPorts(ports));
    }

    @Override
    public void revokeExternalConnectivity(String networkId, String endpointId) {
        updatePorts(network(networkId), endpoint(networkId, endpointId).withPorts(List.of()));
    }

    private void updatePorts(BridgeNetwork network, BridgeEndpoint changed) {
        synchronized (networkLock) {
            List<BridgeEndpoint> members = new ArrayList<>();
            for (BridgeEndpoint e : endpoints.values()) {
                if (e.networkId().equals(network.id())) {
                    members.add(e.id().equals(changed.id()) ? changed : e);
                }
            }
            ports.hairpin(changed);
            try (HostPorts.Change reserved = ports.reserve(network, changed)) {
                firewall.put(network.id(), rules(network, members));
                reserved.commit();
            }
            endpoints.put(key(network.id(), changed.id()), changed);
            state.save(changed);
        }
    }

    /** The firewall rules of a network with these endpoints' published ports. */
    static NetworkRules rules(BridgeNetwork network, List<BridgeEndpoint> members) {
        List<PublishedPort> published = new ArrayList<>();
        for (BridgeEndpoint endpoint : members) {
            for (PortBinding binding : endpoint.ports()) {
                published.addAll(publish(network, endpoint, binding));
            }
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
    static List<PublishedPort> publish(BridgeNetwork network, BridgeEndpoint endpoint, PortBinding binding) {
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

    /**
     * After a restart: adopts what the store says exists, tears down what was half made, forgets endpoints whose
     * veth vanished with their container, and re-applies the firewall in one transaction (established flows are
     * kept by conntrack, so traffic is not disturbed).
     */
    void restore() {
        Teardown teardown = new Teardown("stale bridge driver state");
        List<BridgeNetwork> unfinished = new ArrayList<>();
        for (BridgeNetwork network : state.networks()) {
            if (network.phase() == BridgeNetwork.Phase.READY) {
                networks.put(network.id(), network);
            } else {
                unfinished.add(network);
            }
        }
        for (BridgeEndpoint endpoint : state.endpoints()) {
            if (!networks.containsKey(endpoint.networkId())) {
                endpoint.join()
                        .ifPresent(join ->
                                teardown.step("delete orphaned veth " + join.hostVeth(), () -> plumbing.leave(join)));
                teardown.step("forget orphaned endpoint " + endpoint.id(), () -> state.remove(endpoint));
                continue;
            }
            endpoints.put(key(endpoint.networkId(), endpoint.id()), restoreJoin(endpoint, teardown));
        }
        Map<String, NetworkRules> rules = new HashMap<>();
        for (BridgeNetwork network : networks.values()) {
            List<BridgeEndpoint> members = endpoints.values().stream()
                    .filter(e -> e.networkId().equals(network.id()))
                    .toList();
            rules.put(network.id(), rules(network, members));
        }
        teardown.step("re-apply the firewall", () -> firewall.restore(rules));
        ports.restore(networks.values(), endpoints.values());
        for (BridgeNetwork network : unfinished) {
            // Half made or half removed before the restart: its rules are already gone with the re-applied table.
            links.delete(network, teardown);
            teardown.step("forget network " + network.name(), () -> state.remove(network));
        }
        teardown.finish();
    }

    private BridgeEndpoint restoreJoin(BridgeEndpoint endpoint, Teardown teardown) {
        if (endpoint.join().isEmpty()) {
            return endpoint;
        }
        boolean[] present = {true};
        teardown.step(
                "look for veth " + endpoint.join().get().hostVeth(),
                () -> present[0] = plumbing.present(endpoint.join().get()));
        if (present[0]) {
            return endpoint;
        }
        // The container's namespace went away and took the pair with it.
        BridgeEndpoint left = endpoint.left();
        state.save(left);
        return left;
    }

    private BridgeNetwork network(String networkId) {
        BridgeNetwork network = networks.get(networkId);
        if (network == null) {
            throw DriverException.notFound("no bridge network " + networkId);
        }
        return network;
    }

    private BridgeEndpoint endpoint(String networkId, String endpointId) {
        BridgeEndpoint endpoint = endpoints.get(key(networkId, endpointId));
        if (endpoint == null) {
            throw DriverException.notFound("no endpoint " + endpointId + " on network " + networkId);
        }
        return endpoint;
    }

    private static String key(String networkId, String endpointId) {
        return networkId + "/" + endpointId;
    }

    private static EndpointInfo info(BridgeEndpoint endpoint) {
        Map<String, String> details = endpoint.join()
                .map(j -> Map.of("host-veth", j.hostVeth(), "interface", j.interfaceName()))
                .orElse(Map.of());
        return new EndpointInfo(endpoint.id(), endpoint.mac(), endpoint.ipv4(), endpoint.ipv6(), details);
    }

    private static List<IpamData> concat(List<IpamData> a, List<IpamData> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
