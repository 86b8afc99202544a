package io.shoal.netlink;

import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.IfLink;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A link as the kernel reports it (RTM_NEWLINK reply): the common attributes and, for the kinds Shoal creates, the
 * kind's own settings.
 *
 * @param index the interface index
 * @param name the interface name
 * @param kind IFLA_INFO_KIND (e.g. {@code veth}); empty for devices without one (loopback, physical NICs)
 * @param mtu the MTU
 * @param mac the Ethernet address; empty when the device has none or another kind (a tunnel carries 4 or 16 bytes)
 * @param flags the IFF_* flags
 * @param operState the operational state
 * @param masterIndex the index of the master (bridge); empty when not enslaved
 * @param linkIndex IFLA_LINK: a veth's peer, a macvlan's or VLAN's parent; empty when absent. It may be an index in
 *     another namespace (see {@code linkNetnsId})
 * @param linkNetnsId IFLA_LINK_NETNSID: the namespace id, as seen from here, of the namespace {@code linkIndex} lives
 *     in; empty when it is this one
 * @param details the kind's own settings
 * @param alias IFLA_IFALIAS, the free text {@code ip link set NAME alias TEXT} sets; empty when none is set
 */
public record Link(
        int index,
        String name,
        Optional<String> kind,
        int mtu,
        Optional<MacAddress> mac,
        int flags,
        OperState operState,
        OptionalInt masterIndex,
        OptionalInt linkIndex,
        OptionalInt linkNetnsId,
        Details details,
        Optional<String> alias) {

    /** Whether the link is administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & IfLink.IFF_UP) != 0;
    }

    /** Whether the link has carrier (IFF_LOWER_UP). */
    public boolean hasCarrier() {
        return (flags & IfLink.IFF_LOWER_UP) != 0;
    }

    /** For a veth, the peer's index (in the peer's namespace); empty for other kinds. */
    public OptionalInt vethPeerIndex() {
        return kind.filter("veth"::equals).isPresent() ? linkIndex : OptionalInt.empty();
    }

    /** Kind-specific settings read back from IFLA_INFO_DATA. */
    public sealed interface Details permits None, MacvlanDetails, VlanDetails, VxlanDetails {}

    /** No kind-specific settings are decoded for this kind. */
    public record None() implements Details {}

    /**
     * A macvlan's settings.
     *
     * @param mode the macvlan mode
     */
    public record MacvlanDetails(MacvlanMode mode) implements Details {}

    /**
     * A VLAN's settings.
     *
     * @param id the VLAN id
     * @param protocol the tag protocol
     */
    public record VlanDetails(int id, VlanProtocol protocol) implements Details {}

    /**
     * A VXLAN's settings.
     *
     * @param vni the VNI
     * @param local the source address, if set
     * @param remote the remote or group, if set
     * @param port the UDP destination port
     * @param parentIndex the underlay link's index, if set
     */
    public record VxlanDetails(
            int vni, Optional<InetAddress> local, Optional<InetAddress> remote, int port, OptionalInt parentIndex)
            implements Details {}
}
