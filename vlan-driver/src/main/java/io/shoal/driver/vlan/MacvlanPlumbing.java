package io.shoal.driver.vlan;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.SandboxAddressing;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.spi.JoinRequest;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The kernel side of join and leave. A join makes the endpoint's macvlan directly in the sandbox's namespace under its
 * final name, MAC and mode, up ({@link NetlinkHandle#linkAddIn}), then gives it addresses and routes there. Nothing of the
 * endpoint is ever in the host namespace, except for a hand-over ({@link io.shoal.spi.InterfaceHandOver}): then the
 * macvlan is made down in the host namespace under the engine's temporary name, and the engine moves it into its
 * sandbox, and back out again under that name when the container leaves (dockerd's {@code osl} does both), as Docker's
 * own macvlan driver leaves it.
 */
final class MacvlanPlumbing {
    private final NetlinkHandle host;

    MacvlanPlumbing(NetlinkHandle host) {
        this.host = host;
    }

    /** Makes the macvlan in the sandbox and configures it there, registering its removal with {@code rollback}. */
    MacvlanEndpoint.Join join(MacvlanNetwork network, MacvlanEndpoint endpoint, JoinRequest request, Rollback rollback)
            throws KernelException {
        if (request.handOver()) {
            return handOver(network, endpoint, request, rollback);
        }
        String inside = request.interfaceName();
        MacvlanEndpoint.Join join = new MacvlanEndpoint.Join(request.sandbox().namespacePath(), inside);
        LinkSpec.Macvlan spec = spec(network, endpoint, inside);
        try (NetworkNamespace sandbox =
                        NetworkNamespace.openByPath(request.sandbox().namespacePath());
                NetlinkHandle container = NetlinkHandle.openIn(sandbox)) {
            host.linkAddIn(spec, sandbox);
            rollback.onFailure("delete " + inside + " in the sandbox", () -> leave(join));
            configureInside(container, container.linkIndex(inside), network, endpoint, request);
        }
        return join;
    }

    /**
     * The hand-over join: the macvlan made in the host namespace, down, under the request's temporary name with the
     * endpoint's MAC and mode; the sandbox is never opened. A macvlan the engine gave back after an earlier join of this
     * endpoint is deleted first. A temporary name taken by anything else is CONFLICT (EEXIST), as the SPI says.
     */
    private MacvlanEndpoint.Join handOver(
            MacvlanNetwork network, MacvlanEndpoint endpoint, JoinRequest request, Rollback rollback)
            throws KernelException {
        String name = request.interfaceName();
        if (endpoint.handedBack().isPresent()) {
            deleteHandedBack(endpoint.handedBack().get(), endpoint);
        }
        LinkSpec.Macvlan spec = spec(network, endpoint, name, false);
        host.linkAdd(spec);
        rollback.onFailure("delete " + name, () -> host.linkDelete(name));
        return new MacvlanEndpoint.Join(request.sandbox().namespacePath(), name, true);
    }

    /**
     * Deletes the endpoint's macvlan in the host namespace under {@code name}, if it is there (the engine gave it back,
     * or never took it): only a macvlan wearing the endpoint's MAC address, so a link that merely has the name is
     * left alone.
     */
    void deleteHandedBack(String name, MacvlanEndpoint endpoint) throws KernelException {
        Optional<io.shoal.netlink.Link> found = host.linkFind(name);
        if (found.isEmpty()
                || !found.get().kind().equals(Optional.of("macvlan"))
                || !found.get().mac().equals(Optional.of(endpoint.mac()))) {
            return;
        }
        try {
            host.linkDelete(name);
        } catch (NoSuchObjectException e) {
            // gone meanwhile (the engine's sandbox went, taking it along)
        }
    }

    static LinkSpec.Macvlan spec(MacvlanNetwork network, MacvlanEndpoint endpoint, String name) {
        return spec(network, endpoint, name, true);
    }

    private static LinkSpec.Macvlan spec(MacvlanNetwork network, MacvlanEndpoint endpoint, String name, boolean up) {
        LinkOptions options = LinkOptions.named(name).withUp(up);
        // A passthru macvlan takes its parent's address whatever it is given, and setting one later would change the
        // parent's (drivers/net/macvlan.c, macvlan_set_mac_address), so it is given none.
        if (network.mode() != MacvlanMode.PASSTHRU) {
            options = options.withMac(endpoint.mac());
        }
        return new LinkSpec.Macvlan(options, network.parent().name(), kernelMode(network.mode()));
    }

    static io.shoal.netlink.MacvlanMode kernelMode(MacvlanMode mode) {
        return switch (mode) {
            case BRIDGE -> io.shoal.netlink.MacvlanMode.BRIDGE;
            case PRIVATE -> io.shoal.netlink.MacvlanMode.PRIVATE;
            case VEPA -> io.shoal.netlink.MacvlanMode.VEPA;
            case PASSTHRU -> io.shoal.netlink.MacvlanMode.PASSTHRU;
        };
    }

    private static void configureInside(
            NetlinkHandle container, int index, MacvlanNetwork network, MacvlanEndpoint endpoint, JoinRequest request)
            throws KernelException {
        boolean routed = request.gatewayEndpoint();
        SandboxAddressing.configure(
                container,
                request.interfaceName(),
                index,
                endpoint.ipv4(),
                endpoint.ipv6(),
                routed ? gateway(network, false) : Optional.empty(),
                routed ? gateway(network, true) : Optional.empty());
    }

    /** The network's gateway of one family: an external router on the parent's segment. None for internal networks. */
    static Optional<InetAddress> gateway(MacvlanNetwork network, boolean ipv6) {
        if (network.internal()) {
            return Optional.empty();
        }
        return network.gateways().stream()
                .filter(g -> g.isIpv6() == ipv6)
                .map(IpPrefix::address)
                .findFirst();
    }

    /**
     * Deletes the macvlan in the sandbox. A no-op when the sandbox's namespace is gone: the macvlan went with it (a
     * namespace's virtual devices are destroyed with it, network_namespaces(7)).
     */
    void leave(MacvlanEndpoint.Join join) throws KernelException {
        if (join.handedOver()) {
            // The sandbox is the engine's: the macvlan is ours to delete only once it is back in the host.
            try {
                Optional<io.shoal.netlink.Link> found = host.linkFind(join.interfaceName());
                if (found.isPresent() && found.get().kind().equals(Optional.of("macvlan"))) {
                    host.linkDelete(join.interfaceName());
                }
            } catch (NoSuchObjectException e) {
                // gone meanwhile
            }
            return;
        }
        Optional<NetworkNamespace> found = NetworkNamespace.openByPathIfPresent(join.sandbox());
        if (found.isEmpty()) {
            return;
        }
        try (NetworkNamespace sandbox = found.get();
                NetlinkHandle container = NetlinkHandle.openIn(sandbox)) {
            container.linkDelete(join.interfaceName());
        } catch (NoSuchObjectException e) {
            // already gone
        }
    }

    /** Whether the joined macvlan still exists. */
    boolean present(MacvlanEndpoint.Join join) throws KernelException {
        if (join.handedOver()) {
            return true; // in the engine's sandbox, which the driver does not open: the engine's leave says when it
            // goes
        }
        Optional<NetworkNamespace> found = NetworkNamespace.openByPathIfPresent(join.sandbox());
        if (found.isEmpty()) {
            return false;
        }
        try (NetworkNamespace sandbox = found.get();
                NetlinkHandle container = NetlinkHandle.openIn(sandbox)) {
            return container.linkFind(join.interfaceName()).isPresent();
        }
    }
}
