package io.shoal.driver.bridge;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.SandboxAddressing;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.Link;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.ObjectExistsException;
import io.shoal.netlink.SharedNamespaces;
import io.shoal.netlink.Sysctl;
import io.shoal.spi.JoinRequest;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel side of join and leave: a veth pair whose container end is created directly in the sandbox's namespace
 * under its final name and MAC, and whose host end is created on the bridge and up.
 */
final class EndpointPlumbing {
    private final NetlinkHandle host;

    EndpointPlumbing(NetlinkHandle host) {
        this.host = host;
    }

    BridgeEndpoint.Join join(BridgeNetwork network, BridgeEndpoint endpoint, JoinRequest request, Rollback rollback)
            throws KernelException {
        String hostVeth = BridgeEndpoint.hostVethName(network.id(), endpoint.id());
        String inside = request.interfaceName();
        int mtu = network.options().mtu();
        if (request.handOver()) {
            return handOver(network, endpoint, request, rollback, hostVeth);
        }
        // Shared: the sandbox's resolver keeps it open, so no open(2) and usually no thread start here.
        try (SharedNamespaces.Lease lease =
                SharedNamespaces.lease(request.sandbox().namespacePath())) {
            NetworkNamespace sandbox = lease.namespace();
            LinkSpec.Veth pair = new LinkSpec.Veth(
                    LinkOptions.named(hostVeth)
                            .withMtu(mtu)
                            .withMaster(network.bridge())
                            .withUp(true),
                    LinkOptions.named(inside).withMtu(mtu).withMac(endpoint.mac()),
                    OptionalInt.of(sandbox.fd()));
            try {
                host.linkAdd(pair);
            } catch (ObjectExistsException e) {
                replaceLeftover(hostVeth, e);
                host.linkAdd(pair);
            }
            // Deleting one end of a veth pair deletes the other, wherever it is (veth(4)).
            rollback.onFailure("delete veth " + hostVeth, () -> host.linkDelete(hostVeth));
            configureInside(lease, network, endpoint, request);
            LinkReadiness.awaitUp(host, hostVeth);
        }
        return new BridgeEndpoint.Join(hostVeth, request.sandbox().namespacePath(), inside);
    }

    /**
     * The hand-over join ({@link io.shoal.spi.InterfaceHandOver}): the pair made in the host namespace, the host end on
     * the bridge and up, the container end down under its temporary name with the endpoint's MAC and the network's MTU.
     * The engine moves it into its sandbox, renames it and sets its addresses and routes; nothing waits for carrier,
     * which comes only when the engine brings the container end up.
     */
    private BridgeEndpoint.Join handOver(
            BridgeNetwork network, BridgeEndpoint endpoint, JoinRequest request, Rollback rollback, String hostVeth)
            throws KernelException {
        handOverPair(network, endpoint, hostVeth, request.interfaceName(), rollback);
        return new BridgeEndpoint.Join(hostVeth, request.sandbox().namespacePath(), request.interfaceName(), true);
    }

    /**
     * The pair of a hand-over join, with no sandbox yet (made ahead of the join, {@link PreparedPairs}, or by it): the
     * host end {@code hostVeth} on the bridge and up, the container end {@code interfaceName} down with the endpoint's
     * MAC, both with the network's MTU.
     */
    void handOverPair(
            BridgeNetwork network, BridgeEndpoint endpoint, String hostVeth, String interfaceName, Rollback rollback)
            throws KernelException {
        int mtu = network.options().mtu();
        LinkSpec.Veth pair = new LinkSpec.Veth(
                LinkOptions.named(hostVeth)
                        .withMtu(mtu)
                        .withMaster(network.bridge())
                        .withUp(true),
                LinkOptions.named(interfaceName).withMtu(mtu).withMac(endpoint.mac()),
                OptionalInt.empty());
        try {
            host.linkAdd(pair);
        } catch (ObjectExistsException e) {
            replaceLeftover(hostVeth, e);
            host.linkAdd(pair);
        }
        rollback.onFailure("delete veth " + hostVeth, () -> host.linkDelete(hostVeth));
    }

    /**
     * A pair of this endpoint's host-side name can only be left by an attempt that died before it recorded the join
     * (the name is derived from the network and endpoint ids): it is removed, and the join made afresh. An EEXIST for
     * any other reason (the interface name is taken in the sandbox) stands.
     */
    private void replaceLeftover(String hostVeth, ObjectExistsException exists) throws KernelException {
        if (host.linkFind(hostVeth).isEmpty()) {
            throw exists;
        }
        host.linkDelete(hostVeth);
    }

    /**
     * Everything the join does inside the sandbox: DAD off for an IPv6 endpoint, addresses and routes, and the wait
     * for carrier, over the rtnetlink handle kept with the sandbox's namespace ({@link SharedNamespaces.Lease#netlink})
     * from the calling thread. Only the IPv6 sysctl needs the namespace's own thread (/proc/sys/net is the reading
     * thread's namespace's, proc(5)); an IPv4-only join does not hand off to it at all, which spares two thread
     * wake-ups and a socket's open and close per join (docs/performance.md, session 11).
     */
    private static void configureInside(
            SharedNamespaces.Lease lease, BridgeNetwork network, BridgeEndpoint endpoint, JoinRequest request)
            throws KernelException {
        String inside = request.interfaceName();
        boolean routed = request.gatewayEndpoint() && !network.internal();
        if (endpoint.ipv6().isPresent()) {
            // Sysctl writes on the namespace's thread: one hand-off, for IPv6 endpoints only.
            SandboxAddressing.skipDuplicateAddressDetection(Sysctl.of(lease.namespace()), inside);
        }
        NetlinkHandle container = lease.netlink();
        SandboxAddressing.configure(
                container,
                inside,
                container.linkIndex(inside),
                endpoint.ipv4(),
                endpoint.ipv6(),
                routed ? gateway(network, false) : Optional.empty(),
                routed ? gateway(network, true) : Optional.empty());
        LinkReadiness.awaitUp(container, inside);
    }

    static Optional<InetAddress> gateway(BridgeNetwork network, boolean ipv6) {
        return network.gateways().stream()
                .filter(g -> g.isIpv6() == ipv6)
                .map(IpPrefix::address)
                .findFirst();
    }

    /** Deletes the host end, which takes the container end with it; a no-op when the pair is already gone. */
    void leave(BridgeEndpoint.Join join) throws KernelException {
        if (host.linkFind(join.hostVeth()).isPresent()) {
            host.linkDelete(join.hostVeth());
        }
    }

    /**
     * Takes the sandbox end out of service at once, without the wait for the kernel that deleting the pair costs (an
     * RCU grace period, tens of milliseconds; moving it to another namespace waits as long, in {@code rcu_barrier}):
     * the interface is brought down (its routes go with it, and IPv6 drops its addresses), its addresses are removed,
     * and it is renamed to {@link BridgeEndpoint#tombstone}, so the container no longer sees it as a network interface
     * of that name and the name is free for the next join. The pair itself stays, under the host end's name, until
     * {@link #leave} deletes it. What is gone counts as done: a sandbox that no longer exists, or an interface of that
     * name that is not this endpoint's (its MAC differs: an earlier attempt renamed it already, and the name may have
     * gone to another endpoint since).
     */
    void retire(BridgeEndpoint.Join join, MacAddress mac, List<IpPrefix> addresses) throws KernelException {
        if (join.handedOver()) {
            return; // the sandbox is the engine's: it takes the interface out itself (InterfaceHandOver)
        }
        Optional<SharedNamespaces.Lease> found = SharedNamespaces.leaseIfPresent(join.sandbox());
        if (found.isEmpty()) {
            return;
        }
        try (SharedNamespaces.Lease lease = found.get()) {
            NetlinkHandle inside = lease.netlink();
            Optional<Link> link = inside.linkFind(join.interfaceName());
            if (link.isEmpty() || !link.get().mac().equals(Optional.of(mac))) {
                return;
            }
            int index = link.get().index();
            inside.linkSetDown(join.interfaceName());
            for (IpPrefix address : addresses) {
                try {
                    inside.addrDelete(index, address);
                } catch (NoSuchObjectException e) {
                    // IPv6 addresses leave with the link going down (unless keep_addr_on_down).
                }
            }
            inside.linkSetName(index, BridgeEndpoint.tombstone(join.hostVeth()));
        }
    }

    boolean present(BridgeEndpoint.Join join) throws KernelException {
        return host.linkFind(join.hostVeth()).isPresent();
    }
}
