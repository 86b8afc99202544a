package io.shoal.driver.vlan;

import io.shoal.driver.support.KernelErrors;
import io.shoal.driver.support.MacAddresses;
import io.shoal.driver.support.PoolChecks;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.netlink.KernelException;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.NetworkDriver;
import io.shoal.spi.net.MacAddress;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Docker's macvlan networks: containers get macvlan interfaces on a parent link of the host, so they sit directly on
 * the parent's Ethernet segment with MAC addresses of their own, and their gateway is a router there, not the host.
 * The parent is an existing link, an 802.1Q sub-interface {@code LINK.VID} the driver makes, or (no parent) a link of
 * the driver's own for an internal network. See docs/macvlan.md.
 */
public final class MacvlanNetworkDriver implements NetworkDriver {
    public static final String TYPE = "macvlan";

    private final ParentLinks parents;
    private final MacvlanPlumbing plumbing;
    private final MacvlanState state;
    private final Map<String, MacvlanNetwork> networks = new ConcurrentHashMap<>();
    private final Map<String, MacvlanEndpoint> endpoints = new ConcurrentHashMap<>();
    private final Object networkLock = new Object();

    MacvlanNetworkDriver(ParentLinks parents, MacvlanPlumbing plumbing, MacvlanState state) {
        this.parents = parents;
        this.plumbing = plumbing;
        this.state = state;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** State is kept per host; the networks reach as far as the parent's segment, beyond this host. */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.Scope.LOCAL, Capabilities.Scope.GLOBAL);
    }

    @Override
    public void createNetwork(NetworkConfig config) {
        MacvlanOptions options = MacvlanOptions.parse(config.options());
        synchronized (networkLock) {
            if (networks.containsKey(config.id())) {
                throw DriverException.conflict("network " + config.id() + " exists already");
            }
            MacvlanNetwork planned = plan(config, options);
            ParentClaims.check(planned, networks.values());
            // Written before the kernel work, so a crash in the middle leaves a record that restore cleans up.
            state.save(planned);
            MacvlanNetwork.Parent made;
            try (Rollback rollback = new Rollback()) {
                rollback.onFailure("forget network " + config.name(), () -> state.remove(planned));
                made = parents.make(planned, rollback);
                rollback.commit();
            } catch (KernelException e) {
                throw KernelErrors.translate(
                        "making parent " + planned.parent().name() + " of network " + config.name(), e);
            }
            MacvlanNetwork ready = planned.withParent(made).inPhase(MacvlanNetwork.Phase.READY);
            state.save(ready);
            networks.put(ready.id(), ready);
        }
    }

    private MacvlanNetwork plan(NetworkConfig config, MacvlanOptions options) {
        MacvlanNetwork.Parent parent;
        try {
            parent = parents.plan(config.id(), options.parent());
        } catch (KernelException e) {
            throw KernelErrors.translate(
                    "looking at parent "
                            + options.parent().map(ParentLink::name).orElse("(none)") + " of network " + config.name(),
                    e);
        }
        // Without a parent there is no segment and no router: Docker makes such a network internal.
        boolean internal = config.internal() || options.parent().isEmpty();
        return new MacvlanNetwork(
                config.id(),
                config.name(),
                options.mode(),
                options.parent(),
                parent,
                config.ipv4(),
                config.ipv6(),
                internal,
                MacvlanNetwork.Phase.CREATING);
    }

    @Override
    public void deleteNetwork(String networkId) {
        synchronized (networkLock) {
            MacvlanNetwork network = network(networkId);
            long attached = endpointsOf(networkId).size();
            if (attached > 0) {
                throw DriverException.forbidden(
                        "network " + network.name() + " still has " + attached + " endpoint(s); disconnect them first");
            }
            MacvlanNetwork deleting = network.inPhase(MacvlanNetwork.Phase.DELETING);
            state.save(deleting);
            networks.remove(networkId);
            Teardown teardown = new Teardown("network " + network.name());
            parents.remove(deleting, teardown);
            // On failure the DELETING record stays, so a restart tries again.
            teardown.finish();
            state.remove(deleting);
        }
    }

    @Override
    public EndpointInfo createEndpoint(EndpointConfig config) {
        config.options().requireKnown(Set.of());
        synchronized (networkLock) {
            MacvlanNetwork network = network(config.networkId());
            if (endpoints.containsKey(key(network.id(), config.endpointId()))) {
                throw DriverException.conflict(
                        "endpoint " + config.endpointId() + " exists already on network " + network.name());
            }
            PoolChecks.requireAddressInside(network.ipv4(), config.ipv4(), "IPv4");
            PoolChecks.requireAddressInside(network.ipv6(), config.ipv6(), "IPv6");
            MacAddress mac = network.mode() == MacvlanMode.PASSTHRU ? passthruMac(network, config) : mac(config);
            MacvlanEndpoint endpoint = new MacvlanEndpoint(
                    network.id(), config.endpointId(), mac, config.ipv4(), config.ipv6(), Optional.empty());
            state.save(endpoint);
            endpoints.put(key(network.id(), endpoint.id()), endpoint);
            return info(network, endpoint);
        }
    }

    private static MacAddress mac(EndpointConfig config) {
        return config.mac().orElseGet(() -> config.ipv4()
                .map(a -> MacAddresses.fromIpv4((Inet4Address) a.address()))
                .orElseGet(MacAddresses::random));
    }

    /** A passthru network has one endpoint, and its macvlan wears the parent's MAC address. */
    private MacAddress passthruMac(MacvlanNetwork network, EndpointConfig config) {
        List<MacvlanEndpoint> present = endpointsOf(network.id());
        if (!present.isEmpty()) {
            throw DriverException.forbidden("network " + network.name() + " is in passthru mode, where one macvlan"
                    + " takes over parent " + network.parent().name() + ", and endpoint "
                    + present.get(0).id() + " has it; use bridge mode for several containers");
        }
        MacAddress parentMac;
        try {
            parentMac = parents.mac(network)
                    .orElseThrow(() -> DriverException.invalid(
                            "parent " + network.parent().name() + " has no MAC address; passthru needs one"));
        } catch (KernelException e) {
            throw KernelErrors.translate(
                    "reading the MAC address of parent " + network.parent().name(), e);
        }
        if (config.mac().isPresent() && !config.mac().get().equals(parentMac)) {
            throw DriverException.invalid("a passthru endpoint has its parent's MAC address " + parentMac
                    + "; do not ask for " + config.mac().get());
        }
        return parentMac;
    }

    @Override
    public void deleteEndpoint(String networkId, String endpointId) {
        MacvlanEndpoint endpoint = endpoint(networkId, endpointId);
        if (endpoint.join().isPresent()) {
            throw DriverException.forbidden("endpoint " + endpointId + " is still joined; leave first");
        }
        endpoints.remove(key(networkId, endpointId));
        state.remove(endpoint);
    }

    @Override
    public EndpointInfo endpointInfo(String networkId, String endpointId) {
        return info(network(networkId), endpoint(networkId, endpointId));
    }

    @Override
    public JoinResult join(JoinRequest request) {
        MacvlanNetwork network = network(request.networkId());
        MacvlanEndpoint endpoint = endpoint(request.networkId(), request.endpointId());
        if (endpoint.join().isPresent()) {
            throw DriverException.conflict("endpoint " + endpoint.id() + " is already joined to a sandbox");
        }
        MacvlanEndpoint joined;
        try {
            joined = endpoint.joined(plumbing.join(network, endpoint, request));
        } catch (KernelException e) {
            throw KernelErrors.translate(
                    "joining endpoint " + endpoint.id() + " to sandbox "
                            + request.sandbox().namespacePath() + " on parent "
                            + network.parent().name(),
                    e);
        }
        state.save(joined);
        endpoints.put(key(network.id(), endpoint.id()), joined);
        boolean routed = request.gatewayEndpoint();
        return new JoinResult(
                request.interfaceName(),
                routed ? MacvlanPlumbing.gateway(network, false) : Optional.empty(),
                routed ? MacvlanPlumbing.gateway(network, true) : Optional.empty());
    }

    @Override
    public void leave(String networkId, String endpointId) {
        MacvlanEndpoint endpoint = endpoint(networkId, endpointId);
        MacvlanEndpoint.Join join = endpoint.join()
                .orElseThrow(() -> DriverException.notFound("endpoint " + endpointId + " is not joined"));
        try {
            plumbing.leave(join);
        } catch (KernelException e) {
            throw KernelErrors.translate("removing " + join.interfaceName() + " from sandbox " + join.sandbox(), e);
        }
        MacvlanEndpoint left = endpoint.left();
        endpoints.put(key(networkId, endpointId), left);
        state.save(left);
    }

    /**
     * After a restart: adopts the networks the store says are ready, tears down what was half made or half removed,
     * and forgets joins whose macvlan vanished with its container. A join that a crash interrupted can have left its
     * macvlan inside that sandbox, never in the host (it is made in the sandbox); it goes when the sandbox does.
     */
    void restore() {
        Teardown teardown = new Teardown("stale macvlan driver state");
        for (MacvlanNetwork network : state.networks()) {
            if (network.phase() == MacvlanNetwork.Phase.READY) {
                networks.put(network.id(), network);
            } else {
                parents.remove(network, teardown);
                teardown.step("forget half-made network " + network.name(), () -> state.remove(network));
            }
        }
        for (MacvlanEndpoint endpoint : state.endpoints()) {
            MacvlanNetwork network = networks.get(endpoint.networkId());
            if (network == null) {
                endpoint.join()
                        .ifPresent(join -> teardown.step(
                                "remove orphaned " + join.interfaceName() + " in " + join.sandbox(),
                                () -> plumbing.leave(join)));
                teardown.step("forget orphaned endpoint " + endpoint.id(), () -> state.remove(endpoint));
                continue;
            }
            endpoints.put(key(endpoint.networkId(), endpoint.id()), restoreJoin(endpoint, teardown));
        }
        teardown.finish();
    }

    private MacvlanEndpoint restoreJoin(MacvlanEndpoint endpoint, Teardown teardown) {
        if (endpoint.join().isEmpty()) {
            return endpoint;
        }
        boolean[] present = {true};
        teardown.step(
                "look for " + endpoint.join().get().interfaceName() + " in "
                        + endpoint.join().get().sandbox(),
                () -> present[0] = plumbing.present(endpoint.join().get()));
        if (present[0]) {
            return endpoint;
        }
        // The container's namespace went away and took the macvlan with it.
        MacvlanEndpoint left = endpoint.left();
        state.save(left);
        return left;
    }

    private MacvlanNetwork network(String networkId) {
        MacvlanNetwork network = networks.get(networkId);
        if (network == null) {
            throw DriverException.notFound("no macvlan network " + networkId);
        }
        return network;
    }

    private MacvlanEndpoint endpoint(String networkId, String endpointId) {
        MacvlanEndpoint endpoint = endpoints.get(key(networkId, endpointId));
        if (endpoint == null) {
            throw DriverException.notFound("no endpoint " + endpointId + " on network " + networkId);
        }
        return endpoint;
    }

    private List<MacvlanEndpoint> endpointsOf(String networkId) {
        return endpoints.values().stream()
                .filter(e -> e.networkId().equals(networkId))
                .toList();
    }

    private static String key(String networkId, String endpointId) {
        return networkId + "/" + endpointId;
    }

    private static EndpointInfo info(MacvlanNetwork network, MacvlanEndpoint endpoint) {
        Map<String, String> details = new HashMap<>();
        details.put("parent", network.parent().name());
        details.put("macvlan_mode", network.mode().lowerCase());
        endpoint.join().ifPresent(join -> details.put("interface", join.interfaceName()));
        return new EndpointInfo(endpoint.id(), endpoint.mac(), endpoint.ipv4(), endpoint.ipv6(), details);
    }
}
