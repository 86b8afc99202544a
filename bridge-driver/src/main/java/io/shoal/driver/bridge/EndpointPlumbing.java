package io.shoal.driver.bridge;

import static io.shoal.driver.support.NetlinkValues.interfaceAddress;
import static io.shoal.driver.support.NetlinkValues.linkLayer;

import io.shoal.driver.support.Rollback;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.net.IpPrefix;
import java.net.InetAddress;
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
        try (NetworkNamespace sandbox =
                NetworkNamespace.openByPath(request.sandbox().namespacePath())) {
            host.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named(hostVeth)
                            .withMtu(mtu)
                            .withMaster(network.bridge())
                            .withUp(true),
                    LinkOptions.named(inside).withMtu(mtu).withMac(linkLayer(endpoint.mac())),
                    OptionalInt.of(sandbox.fd())));
            // Deleting one end of a veth pair deletes the other, wherever it is (veth(4)).
            rollback.onFailure("delete veth " + hostVeth, () -> host.linkDelete(hostVeth));
            try (NetlinkHandle container = NetlinkHandle.openIn(sandbox)) {
                configureInside(container, network, endpoint, request);
            }
        }
        return new BridgeEndpoint.Join(hostVeth, request.sandbox().namespacePath(), inside);
    }

    private static void configureInside(
            NetlinkHandle container, BridgeNetwork network, BridgeEndpoint endpoint, JoinRequest request)
            throws KernelException {
        String inside = request.interfaceName();
        container.linkSetUp("lo");
        if (endpoint.ipv4().isPresent()) {
            container.addrAdd(inside, interfaceAddress(endpoint.ipv4().get()));
        }
        if (endpoint.ipv6().isPresent()) {
            // The address is the engine's to give and unique in the subnet; waiting for DAD would only delay the
            // container's first packets (RFC 4862 §5.4).
            container.addrAdd(inside, interfaceAddress(endpoint.ipv6().get()), AddressFlag.NODAD);
        }
        container.linkSetUp(inside);
        if (request.gatewayEndpoint() && !network.internal()) {
            int index = container.linkIndex(inside);
            Optional<InetAddress> gateway4 = gateway(network, false);
            if (gateway4.isPresent() && endpoint.ipv4().isPresent()) {
                container.routeReplace(Route.defaultVia(gateway4.get()).dev(index));
            }
            Optional<InetAddress> gateway6 = gateway(network, true);
            if (gateway6.isPresent() && endpoint.ipv6().isPresent()) {
                container.routeReplace(Route.defaultVia(gateway6.get()).dev(index));
            }
        }
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

    boolean present(BridgeEndpoint.Join join) throws KernelException {
        return host.linkFind(join.hostVeth()).isPresent();
    }
}
