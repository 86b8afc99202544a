package io.shoal.driver.vlan;

import io.shoal.driver.support.DriverRecords;
import io.shoal.driver.support.EndpointPhase;
import io.shoal.driver.support.KernelErrors;
import io.shoal.driver.support.MacAddresses;
import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.PoolChecks;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.SkeletonDriver;
import io.shoal.driver.support.Teardown;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.spi.Capabilities;
import io.shoal.spi.DriverException;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.InterfaceHandOver;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.NetworkConfig;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker's macvlan networks: containers get macvlan interfaces on a parent link of the host, so they sit directly on
 * the parent's Ethernet segment with MAC addresses of their own, and their gateway is a router there, not the host.
 * The parent is an existing link, an 802.1Q sub-interface {@code LINK.VID} the driver makes, or (no parent) a link of
 * the driver's own for an internal network. See docs/macvlan.md. The tables, records, locking and restore are
 * {@link SkeletonDriver}'s; the kernel work is behind {@link MacvlanKernel}. For dockerd's remote plugin protocol it
 * also hands the macvlan over ({@link InterfaceHandOver}, docs/plugin.md).
 */
public final class MacvlanNetworkDriver extends SkeletonDriver<MacvlanNetwork, MacvlanEndpoint>
        implements InterfaceHandOver {
    public static final String TYPE = "macvlan";

    private final MacvlanKernel kernel;

    MacvlanNetworkDriver(MacvlanKernel kernel, DriverRecords<MacvlanNetwork, MacvlanEndpoint> records) {
        super(TYPE, records);
        this.kernel = kernel;
    }

    /** State is kept per host; the networks reach as far as the parent's segment, beyond this host. */
    @Override
    public Capabilities capabilities() {
        return new Capabilities(Capabilities.Scope.LOCAL, Capabilities.Scope.GLOBAL);
    }

    @Override
    protected MacvlanNetwork plan(NetworkConfig config) {
        MacvlanOptions options = MacvlanOptions.parse(config.options());
        MacvlanNetwork.Parent parent;
        try {
            parent = kernel.planParent(config.id(), options.parent());
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
                NetworkPhase.CREATING);
    }

    @Override
    protected void checkFree(MacvlanNetwork candidate, Collection<MacvlanNetwork> existing) {
        ParentClaims.check(candidate, existing);
    }

    @Override
    protected MacvlanNetwork make(MacvlanNetwork planned, Rollback rollback) throws KernelException {
        return planned.withParent(kernel.makeParent(planned, rollback)).inPhase(NetworkPhase.READY);
    }

    @Override
    protected MacvlanNetwork ensure(MacvlanNetwork ready) throws KernelException {
        MacvlanNetwork.Parent parent = kernel.ensureParent(ready);
        return parent.equals(ready.parent()) ? ready : ready.withParent(parent);
    }

    /** Nothing to do on the request path: the parent goes at once, in {@link #remove}. */
    @Override
    protected void retire(MacvlanNetwork deleting) {}

    @Override
    protected void remove(MacvlanNetwork network, Teardown teardown) {
        kernel.removeParent(network, teardown);
    }

    @Override
    protected MacvlanEndpoint newEndpoint(MacvlanNetwork network, EndpointConfig config, Collection<String> others) {
        config.options().requireKnown(Set.of());
        PoolChecks.requireAddressInside(network.ipv4(), config.ipv4(), "IPv4");
        PoolChecks.requireAddressInside(network.ipv6(), config.ipv6(), "IPv6");
        MacAddress mac = network.mode() == MacvlanMode.PASSTHRU
                ? passthruMac(network, config, others)
                : MacAddresses.forEndpoint(config);
        return new MacvlanEndpoint(
                network.id(),
                config.endpointId(),
                mac,
                config.ipv4(),
                config.ipv6(),
                Optional.empty(),
                EndpointPhase.IDLE);
    }

    /** A passthru network has one endpoint, and its macvlan wears the parent's MAC address. */
    private MacAddress passthruMac(MacvlanNetwork network, EndpointConfig config, Collection<String> others) {
        if (!others.isEmpty()) {
            throw DriverException.forbidden("network " + network.name() + " is in passthru mode, where one macvlan"
                    + " takes over parent " + network.parent().name() + ", and endpoint "
                    + others.iterator().next() + " has it; use bridge mode for several containers");
        }
        MacAddress parentMac;
        try {
            parentMac = kernel.parentMac(network)
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
    protected MacvlanEndpoint joining(MacvlanNetwork network, MacvlanEndpoint endpoint, JoinRequest request) {
        return endpoint.joining(new MacvlanEndpoint.Join(
                request.sandbox().namespacePath(), request.interfaceName(), request.handOver()));
    }

    /**
     * The join dockerd needs from a remote plugin: the macvlan made on the parent in the host namespace, down, under
     * the request's temporary name with the endpoint's MAC; dockerd moves it into its sandbox, renames it and sets its
     * addresses and routes, and gives it back under that name when the container leaves; {@link #deleteEndpoint}
     * deletes it then (as Docker's own macvlan driver does).
     */
    @Override
    public JoinResult joinForHandOver(JoinRequest request) {
        return join(request.asHandOver());
    }

    @Override
    protected void plug(MacvlanNetwork network, MacvlanEndpoint joining, JoinRequest request, Rollback rollback)
            throws KernelException {
        kernel.plug(network, joining, request, rollback);
    }

    @Override
    protected JoinResult joinResult(MacvlanNetwork network, JoinRequest request) {
        boolean routed = request.gatewayEndpoint();
        return new JoinResult(
                request.interfaceName(),
                routed ? MacvlanPlumbing.gateway(network, false) : Optional.empty(),
                routed ? MacvlanPlumbing.gateway(network, true) : Optional.empty());
    }

    /**
     * Deletes the endpoint's macvlan in its sandbox. A join that a crash interrupted can have left its macvlan inside
     * that sandbox, never in the host (it is made in the sandbox); it goes when the sandbox does, or here.
     */
    @Override
    protected void unplug(MacvlanEndpoint endpoint) throws KernelException {
        kernel.unplug(endpoint.join().orElseThrow());
    }

    /** Deletes the macvlan a hand-over leave left for the engine to give back, if it is back in the host. */
    @Override
    protected void release(MacvlanNetwork network, MacvlanEndpoint idle) throws KernelException {
        kernel.deleteHandedBack(idle);
    }

    @Override
    protected boolean plugged(MacvlanEndpoint joined) throws KernelException {
        return kernel.plugged(joined.join().orElseThrow());
    }

    @Override
    protected EndpointInfo info(MacvlanNetwork network, MacvlanEndpoint endpoint) {
        Map<String, String> details = new HashMap<>();
        details.put("parent", network.parent().name());
        details.put("macvlan_mode", network.mode().lowerCase());
        if (endpoint.phase() == EndpointPhase.JOINED) {
            endpoint.join().ifPresent(join -> details.put("interface", join.interfaceName()));
        }
        return new EndpointInfo(endpoint.id(), endpoint.mac(), endpoint.ipv4(), endpoint.ipv6(), details);
    }
}
