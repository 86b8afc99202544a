package io.shoal.driver.bridge;

import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.Link;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.spi.DriverException;
import java.util.Optional;

/** A network's bridge in the host namespace: made with its gateway addresses and MTU, and removed again. */
final class BridgeLinks {
    private final NetlinkHandle host;

    BridgeLinks(NetlinkHandle host) {
        this.host = host;
    }

    /**
     * Makes (or adopts) the bridge, puts the gateways on it and brings it up, registering each undo.
     *
     * @return true when the bridge was made here, false when an existing bridge of that name was adopted
     * @throws DriverException CONFLICT when a link of another kind has the bridge's name
     */
    boolean create(BridgeNetwork network, Rollback rollback) throws KernelException {
        String bridge = network.bridge();
        boolean owns = adoptOrCreate(network, rollback);
        for (IpPrefix gateway : network.gateways()) {
            // An IPv6 gateway must answer at once; duplicate address detection would hold it tentative for a second
            // or more (RFC 4862 §5.4), and the subnet is ours alone.
            host.addrAdd(bridge, gateway, flags(gateway));
            rollback.onFailure("remove " + gateway + " from " + bridge, () -> host.addrDelete(bridge, gateway));
        }
        host.linkSetUp(bridge);
        return owns;
    }

    private boolean adoptOrCreate(BridgeNetwork network, Rollback rollback) throws KernelException {
        String bridge = network.bridge();
        Optional<Link> existing = host.linkFind(bridge);
        if (existing.isPresent()) {
            String kind = existing.get().kind().orElse("device with no kind");
            if (!kind.equals("bridge")) {
                throw DriverException.conflict("a link named " + bridge + " already exists and is a " + kind
                        + ", not a bridge; choose another name with -o " + BridgeOptions.NAME + "=NAME");
            }
            return false;
        }
        host.linkAdd(new LinkSpec.Bridge(
                LinkOptions.named(bridge).withMtu(network.options().mtu())));
        rollback.onFailure("delete bridge " + bridge, () -> host.linkDelete(bridge));
        host.linkSetAlias(bridge, BridgeMark.of(network.id()));
        return true;
    }

    /**
     * After a restart: makes whatever of a ready network's bridge is missing (all of it after a reboot): the bridge
     * with its MTU, each gateway address, the link up. An adopted bridge that vanished is made, and from then on
     * owned.
     *
     * @return whether the driver owns the bridge now
     */
    boolean ensure(BridgeNetwork network) throws KernelException {
        String bridge = network.bridge();
        boolean owns = network.ownsBridge();
        Optional<Link> existing = host.linkFind(bridge);
        if (existing.isEmpty()) {
            host.linkAdd(new LinkSpec.Bridge(
                    LinkOptions.named(bridge).withMtu(network.options().mtu())));
            owns = true;
        }
        String mark = BridgeMark.of(network.id());
        if (owns && !existing.flatMap(Link::alias).equals(Optional.of(mark))) {
            // Bridges made before the mark existed get it here (see BridgeMark).
            host.linkSetAlias(bridge, mark);
        }
        for (IpPrefix gateway : network.gateways()) {
            if (!hasAddress(bridge, gateway)) {
                host.addrAdd(bridge, gateway, flags(gateway));
            }
        }
        host.linkSetUp(bridge);
        return owns;
    }

    /**
     * Takes a network's bridge out of service cheaply: a bridge made here is renamed to its tombstone (renaming
     * needs the link down on kernels before 6.1, so it is brought down first); an adopted one loses the gateways.
     * What is already gone (after a reboot, or a bridge deleted by hand) counts as done.
     */
    void retire(BridgeNetwork network) throws KernelException {
        String bridge = network.bridge();
        if (network.ownsBridge()) {
            try {
                host.linkSetDown(bridge);
                host.linkSetName(bridge, network.tombstone());
            } catch (NoSuchObjectException e) {
                // ENODEV: nothing left to take out of service.
            }
            return;
        }
        for (IpPrefix gateway : network.gateways()) {
            removeIfPresent(bridge, gateway);
        }
    }

    /**
     * Deletes what is left of the network's bridge: the link if it was made here, under its tombstone or its own
     * name; otherwise whatever gateway addresses are still on the adopted bridge.
     */
    void delete(BridgeNetwork network, Teardown teardown) {
        String bridge = network.bridge();
        if (network.ownsBridge()) {
            teardown.step("delete bridge " + network.tombstone(), () -> deleteIfPresent(network.tombstone()));
            if (network.phase() == NetworkPhase.CREATING) {
                teardown.step("delete bridge " + bridge, () -> deleteIfPresent(bridge));
            }
            return;
        }
        for (IpPrefix gateway : network.gateways()) {
            teardown.step("remove " + gateway + " from " + bridge, () -> removeIfPresent(bridge, gateway));
        }
    }

    private static AddressFlag[] flags(IpPrefix gateway) {
        return gateway.isIpv6() ? new AddressFlag[] {AddressFlag.NODAD} : new AddressFlag[0];
    }

    private boolean hasAddress(String bridge, IpPrefix gateway) throws KernelException {
        return host.addrList(bridge, gateway.isIpv6() ? IpFamily.IPV6 : IpFamily.IPV4).stream()
                .anyMatch(a -> a.address().equals(gateway));
    }

    private void removeIfPresent(String bridge, IpPrefix gateway) throws KernelException {
        try {
            if (hasAddress(bridge, gateway)) {
                host.addrDelete(bridge, gateway);
            }
        } catch (NoSuchObjectException e) {
            // The bridge itself is gone, and its addresses with it.
        }
    }

    void deleteIfPresent(String name) throws KernelException {
        if (host.linkFind(name).isPresent()) {
            try {
                host.linkDelete(name);
            } catch (NoSuchObjectException e) {
                // Gone in between: a veth whose other end's namespace was just destroyed takes this end along.
            }
        }
    }
}
