package io.shoal.driver.vlan;

import io.shoal.driver.support.Rollback;
import io.shoal.driver.support.Teardown;
import io.shoal.net.MacAddress;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.Link;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.UnsupportedByKernelException;
import io.shoal.netlink.VlanProtocol;
import io.shoal.spi.DriverException;
import io.shoal.spi.ErrorKind;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The parent links of macvlan networks, in the host namespace: checked, made when the driver owns them (an 802.1Q
 * sub-interface for {@code LINK.VID}, a dummy link or a veth pair for a network without a parent) and removed with
 * the network. A link that existed before is never changed.
 */
final class ParentLinks {
    /** Prefix of the link a network without a parent hangs from: {@code dm-} and the network's short id. */
    static final String INTERNAL_PREFIX = "dm-";
    /** Prefix of the idle other end when that link is a veth pair. */
    static final String INTERNAL_PEER_PREFIX = "dp-";

    /**
     * Masters that take every frame their ports receive (they hold the port's rx_handler, as macvlan would), so the
     * kernel refuses a macvlan on such a port with EBUSY. A VRF does not: a VRF port can be a parent.
     */
    private static final Set<String> RX_HANDLER_MASTERS = Set.of("bridge", "bond", "team", "openvswitch");

    private final NetlinkHandle host;
    private volatile boolean dummyMissing;

    ParentLinks(NetlinkHandle host) {
        this.host = host;
    }

    /**
     * Decides, only reading the kernel, which link the network's macvlans will hang from and whether the driver is to
     * make it.
     *
     * @throws DriverException NOT_FOUND for a missing parent (or a missing LINK of {@code LINK.VID}); FORBIDDEN for a
     *     parent that is down; INVALID_ARGUMENT for a bridge; CONFLICT for a link enslaved to a bridge or bond
     */
    MacvlanNetwork.Parent plan(String networkId, Optional<ParentLink> requested) throws KernelException {
        if (requested.isEmpty()) {
            return new MacvlanNetwork.Parent(internalName(networkId), MacvlanNetwork.Origin.DUMMY);
        }
        ParentLink parent = requested.get();
        Optional<Link> existing = host.linkFind(parent.name());
        if (existing.isPresent()) {
            checkUsable(existing.get());
            return new MacvlanNetwork.Parent(parent.name(), MacvlanNetwork.Origin.ADOPTED);
        }
        if (!parent.tagged()) {
            throw DriverException.notFound("parent " + parent.name()
                    + " does not exist in the host's network namespace; give -o parent=LINK with a link `ip link`"
                    + " lists, or LINK.VID for an 802.1Q sub-interface of it");
        }
        Link link = host.linkFind(parent.link())
                .orElseThrow(() -> DriverException.notFound("parent " + parent.name() + " does not exist, and neither"
                        + " does " + parent.link() + ", the link its 802.1Q sub-interface would be made on"));
        requireUp(link);
        return new MacvlanNetwork.Parent(parent.name(), MacvlanNetwork.Origin.SUB_INTERFACE);
    }

    private void checkUsable(Link parent) throws KernelException {
        if (parent.kind().filter("bridge"::equals).isPresent()) {
            throw DriverException.invalid("parent " + parent.name() + " is a bridge; a macvlan parent must be an"
                    + " Ethernet link: give the physical link, or attach containers to " + parent.name()
                    + " with the bridge driver (-o com.docker.network.bridge.name=" + parent.name() + ")");
        }
        if (parent.masterIndex().isPresent()) {
            Link master = host.linkGet(parent.masterIndex().getAsInt());
            if (!master.kind().filter(RX_HANDLER_MASTERS::contains).isPresent()) {
                requireUp(parent);
                return;
            }
            throw DriverException.conflict(
                    "parent " + parent.name() + " is a port of " + master.kind().orElse("link")
                            + " " + master.name() + ", which takes every frame " + parent.name()
                            + " receives, so its macvlans would get none; take it out (ip link set " + parent.name()
                            + " nomaster) or choose another parent");
        }
        requireUp(parent);
    }

    private static void requireUp(Link link) {
        if (!link.isUp()) {
            throw DriverException.forbidden(link.name() + " is down; bring it up (ip link set " + link.name()
                    + " up) before making a macvlan network on it");
        }
    }

    /**
     * Makes the parent when the plan says the driver owns it, registering its removal with {@code rollback}.
     *
     * @return the parent as made: for a network without a parent, a dummy link, or a veth pair where the kernel has
     *     no dummy driver
     */
    MacvlanNetwork.Parent make(MacvlanNetwork network, Rollback rollback) throws KernelException {
        MacvlanNetwork.Parent parent = network.parent();
        return switch (parent.origin()) {
            case ADOPTED -> parent;
            case SUB_INTERFACE -> {
                makeSubInterface(network.requested().orElseThrow(), rollback);
                yield parent;
            }
            case DUMMY, VETH_PAIR -> makeInternal(network, rollback);
        };
    }

    private void makeSubInterface(ParentLink parent, Rollback rollback) throws KernelException {
        try {
            host.linkAdd(subInterface(parent));
        } catch (UnsupportedByKernelException e) {
            throw new DriverException(
                    ErrorKind.NOT_IMPLEMENTED,
                    "this kernel cannot make the 802.1Q sub-interface " + parent.name() + ": load the 8021q module"
                            + " (modprobe 8021q), or make " + parent.name() + " yourself; " + e.getMessage(),
                    e);
        }
        rollback.onFailure("delete sub-interface " + parent.name(), () -> host.linkDelete(parent.name()));
    }

    /** The sub-interface {@code LINK.VID}: VLAN VID on LINK, 802.1Q tags, up at once. */
    static LinkSpec.Vlan subInterface(ParentLink parent) {
        if (!parent.tagged()) {
            throw new IllegalArgumentException(parent.name() + " names no VLAN");
        }
        return new LinkSpec.Vlan(
                LinkOptions.named(parent.name()).withUp(true),
                parent.link(),
                parent.vlanId().getAsInt(),
                VlanProtocol.IEEE_802_1Q);
    }

    /**
     * A link for a network without a parent: a dummy, as Docker makes; where the kernel has no dummy driver, one end of
     * a veth pair whose other end stays idle in the host namespace (both up, so the used end has carrier). Either way
     * its macvlans reach only each other.
     */
    private MacvlanNetwork.Parent makeInternal(MacvlanNetwork network, Rollback rollback) throws KernelException {
        String name = internalName(network.id());
        if (!dummyMissing) {
            try {
                host.linkAdd(new LinkSpec.Dummy(LinkOptions.named(name).withUp(true)));
                rollback.onFailure("delete dummy " + name, () -> host.linkDelete(name));
                return new MacvlanNetwork.Parent(name, MacvlanNetwork.Origin.DUMMY);
            } catch (UnsupportedByKernelException e) {
                dummyMissing = true;
            }
        }
        String peer = internalPeerName(network.id());
        host.linkAdd(
                new LinkSpec.Veth(LinkOptions.named(name).withUp(true), LinkOptions.named(peer), OptionalInt.empty()));
        // Deleting one end of a veth pair deletes both (veth(4)).
        rollback.onFailure("delete veth pair " + name, () -> host.linkDelete(name));
        host.linkSetUp(peer);
        return new MacvlanNetwork.Parent(name, MacvlanNetwork.Origin.VETH_PAIR);
    }

    /**
     * After a restart: makes a driver-made parent that is missing (after a reboot), and brings it up; an adopted
     * parent is the administrator's, and is left as it is.
     *
     * @return the parent as it is now (a network without parent may get a veth pair where it had a dummy)
     */
    MacvlanNetwork.Parent ensure(MacvlanNetwork network) throws KernelException {
        MacvlanNetwork.Parent parent = network.parent();
        if (!parent.origin().owned()) {
            return parent;
        }
        if (host.linkFind(parent.name()).isPresent()) {
            host.linkSetUp(parent.name());
            if (parent.origin() == MacvlanNetwork.Origin.VETH_PAIR) {
                host.linkSetUp(internalPeerName(network.id()));
            }
            return parent;
        }
        try (Rollback rollback = new Rollback()) {
            MacvlanNetwork.Parent made = make(network, rollback);
            rollback.commit();
            return made;
        }
    }

    /** Deletes the parent if the driver made it (its macvlans, if any are left, go with it); otherwise nothing. */
    void remove(MacvlanNetwork network, Teardown teardown) {
        MacvlanNetwork.Parent parent = network.parent();
        if (parent.origin().owned()) {
            teardown.step("delete " + parent.name(), () -> deleteIfPresent(parent.name()));
        }
    }

    /** The MAC address of the network's parent, which a passthru macvlan takes over; empty if it has none. */
    Optional<MacAddress> mac(MacvlanNetwork network) throws KernelException {
        return host.linkGet(network.parent().name()).mac();
    }

    private void deleteIfPresent(String name) throws KernelException {
        if (host.linkFind(name).isPresent()) {
            host.linkDelete(name);
        }
    }

    static String internalName(String networkId) {
        return INTERNAL_PREFIX + shortId(networkId);
    }

    static String internalPeerName(String networkId) {
        return INTERNAL_PEER_PREFIX + shortId(networkId);
    }

    private static String shortId(String networkId) {
        return networkId.substring(0, Math.min(12, networkId.length()));
    }
}
