package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.IfInfoMsg;
import io.shoal.netlink.wire.IfLink;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.Rtnetlink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Link request bodies (after the nlmsghdr) and reply decoding. Attribute order in RTM_NEWLINK: IFLA_IFNAME, IFLA_MTU,
 * IFLA_ADDRESS, IFLA_MASTER, IFLA_LINK, then IFLA_LINKINFO with IFLA_INFO_KIND and IFLA_INFO_DATA.
 */
final class LinkMessages {
    private LinkMessages() {}

    /**
     * The body of an RTM_NEWLINK creating {@code spec}; {@code parentIndex} (macvlan, VLAN, VXLAN underlay) and
     * {@code masterIndex} are 0 when there is none.
     */
    static void writeNewLink(MessageWriter writer, LinkSpec spec, int parentIndex, int masterIndex) {
        writeNewLink(writer, spec, parentIndex, masterIndex, -1);
    }

    /**
     * The same, creating the link in the namespace open as {@code namespaceFd} (IFLA_NET_NS_FD), or here when it is
     * negative. The kernel resolves the parent index in the requester's namespace and registers the device in the
     * target one (rtnl_newlink, net/core/rtnetlink.c), as {@code ip link add NAME netns NS link PARENT} does.
     */
    static void writeNewLink(MessageWriter writer, LinkSpec spec, int parentIndex, int masterIndex, int namespaceFd) {
        LinkOptions options = spec.options();
        upFlags(options).writeTo(writer);
        writeCommon(writer, options);
        if (namespaceFd >= 0) {
            writer.u32Attribute(IfLink.IFLA_NET_NS_FD, namespaceFd);
        }
        if (masterIndex > 0) {
            writer.u32Attribute(IfLink.IFLA_MASTER, masterIndex);
        }
        if (parentIndex > 0 && (spec instanceof LinkSpec.Macvlan || spec instanceof LinkSpec.Vlan)) {
            writer.u32Attribute(IfLink.IFLA_LINK, parentIndex);
        }
        int linkInfo = writer.beginNested(IfLink.IFLA_LINKINFO);
        writer.stringAttribute(IfLink.IFLA_INFO_KIND, spec.kind());
        if (spec instanceof LinkSpec.Veth veth) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writeVethPeer(writer, veth);
            writer.endNested(data);
        } else if (spec instanceof LinkSpec.Macvlan macvlan) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writer.u32Attribute(IfLink.IFLA_MACVLAN_MODE, macvlan.mode().value());
            writer.endNested(data);
        } else if (spec instanceof LinkSpec.Vlan vlan) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writer.u16Attribute(IfLink.IFLA_VLAN_ID, vlan.id());
            writer.be16Attribute(IfLink.IFLA_VLAN_PROTOCOL, vlan.protocol().ethertype());
            writer.endNested(data);
        } else if (spec instanceof LinkSpec.Vxlan vxlan) {
            int data = writer.beginNested(IfLink.IFLA_INFO_DATA);
            writeVxlanData(writer, vxlan, parentIndex);
            writer.endNested(data);
        }
        writer.endNested(linkInfo);
    }

    /** The body of an RTM_SETLINK that brings the link (by {@code index}, or by {@code name} when 0) up or down. */
    static void writeSetUp(MessageWriter writer, int index, String name, boolean up) {
        new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, index, up ? IfLink.IFF_UP : 0, IfLink.IFF_UP).writeTo(writer);
        nameIfNoIndex(writer, index, name);
    }

    /** The body of an RTM_SETLINK that names the link by {@code index}, or by {@code name} when index is 0. */
    static void writeSelect(MessageWriter writer, int index, String name) {
        IfInfoMsg.forIndex(index).writeTo(writer);
        nameIfNoIndex(writer, index, name);
    }

    /** The body of an RTM_GETLINK for one link, by index or (index 0) name, without statistics. */
    static void writeGet(MessageWriter writer, int index, String name) {
        writeSelect(writer, index, name);
        writer.u32Attribute(IfLink.IFLA_EXT_MASK, Rtnetlink.RTEXT_FILTER_SKIP_STATS);
    }

    /** The body of an RTM_GETLINK dump without statistics. */
    static void writeDump(MessageWriter writer) {
        IfInfoMsg.forIndex(0).writeTo(writer);
        writer.u32Attribute(IfLink.IFLA_EXT_MASK, Rtnetlink.RTEXT_FILTER_SKIP_STATS);
    }

    /** Decodes an RTM_NEWLINK message. */
    static Link decode(NetlinkMessage message) {
        IfInfoMsg header = IfInfoMsg.read(message.payload());
        Attributes attributes = message.attributes(IfLink.IFINFOMSG_LENGTH);
        Attributes linkInfo = attributes.nested(IfLink.IFLA_LINKINFO);
        Optional<String> kind = linkInfo.string(IfLink.IFLA_INFO_KIND);
        Attributes data = linkInfo.nested(IfLink.IFLA_INFO_DATA);
        return new Link(
                header.index(),
                attributes.string(IfLink.IFLA_IFNAME).orElse(""),
                kind,
                attributes.u32(IfLink.IFLA_MTU).orElse(0),
                attributes.bytes(IfLink.IFLA_ADDRESS).filter(b -> b.length == 6).map(MacAddress::of),
                header.flags(),
                OperState.of(attributes.u8(IfLink.IFLA_OPERSTATE).orElse(0)),
                positive(attributes.u32(IfLink.IFLA_MASTER)),
                positive(attributes.u32(IfLink.IFLA_LINK)),
                attributes.u32(IfLink.IFLA_LINK_NETNSID),
                details(kind.orElse(""), data),
                attributes.string(IfLink.IFLA_IFALIAS).filter(alias -> !alias.isEmpty()));
    }

    private static Link.Details details(String kind, Attributes data) {
        return switch (kind) {
            case "macvlan" -> new Link.MacvlanDetails(
                    MacvlanMode.of(data.u32(IfLink.IFLA_MACVLAN_MODE).orElse(IfLink.MACVLAN_MODE_VEPA)));
            case "vlan" -> new Link.VlanDetails(
                    data.u16(IfLink.IFLA_VLAN_ID).orElse(0),
                    VlanProtocol.of(data.be16(IfLink.IFLA_VLAN_PROTOCOL).orElse(IfLink.ETH_P_8021Q)));
            case "vxlan" -> new Link.VxlanDetails(
                    data.u32(IfLink.IFLA_VXLAN_ID).orElse(0),
                    address(data, IfLink.IFLA_VXLAN_LOCAL, IfLink.IFLA_VXLAN_LOCAL6),
                    address(data, IfLink.IFLA_VXLAN_GROUP, IfLink.IFLA_VXLAN_GROUP6),
                    data.be16(IfLink.IFLA_VXLAN_PORT).orElse(0),
                    positive(data.u32(IfLink.IFLA_VXLAN_LINK)));
            default -> new Link.None();
        };
    }

    private static Optional<InetAddress> address(Attributes data, int ipv4Type, int ipv6Type) {
        Optional<byte[]> bytes = data.bytes(ipv4Type).or(() -> data.bytes(ipv6Type));
        return bytes.map(IpAddresses::fromBytes).filter(a -> !a.isAnyLocalAddress());
    }

    private static OptionalInt positive(OptionalInt value) {
        return value.isPresent() && value.getAsInt() > 0 ? value : OptionalInt.empty();
    }

    private static IfInfoMsg upFlags(LinkOptions options) {
        int up = options.up() ? IfLink.IFF_UP : 0;
        return new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, 0, up, up);
    }

    private static void writeCommon(MessageWriter writer, LinkOptions options) {
        writer.stringAttribute(IfLink.IFLA_IFNAME, options.name());
        options.mtu().ifPresent(mtu -> writer.u32Attribute(IfLink.IFLA_MTU, mtu));
        options.mac().ifPresent(mac -> writer.attribute(IfLink.IFLA_ADDRESS, mac.octets()));
    }

    /** VETH_INFO_PEER holds a whole ifinfomsg and the peer's IFLA_* attributes (drivers/net/veth.c, veth_newlink). */
    private static void writeVethPeer(MessageWriter writer, LinkSpec.Veth veth) {
        int peer = writer.beginNested(IfLink.VETH_INFO_PEER);
        upFlags(veth.peer()).writeTo(writer);
        writeCommon(writer, veth.peer());
        veth.peerNamespaceFd().ifPresent(fd -> writer.u32Attribute(IfLink.IFLA_NET_NS_FD, fd));
        writer.endNested(peer);
    }

    private static void writeVxlanData(MessageWriter writer, LinkSpec.Vxlan vxlan, int parentIndex) {
        writer.u32Attribute(IfLink.IFLA_VXLAN_ID, vxlan.vni());
        vxlan.remote()
                .ifPresent(remote -> writer.attribute(
                        remote instanceof Inet4Address ? IfLink.IFLA_VXLAN_GROUP : IfLink.IFLA_VXLAN_GROUP6,
                        remote.getAddress()));
        vxlan.local()
                .ifPresent(local -> writer.attribute(
                        local instanceof Inet4Address ? IfLink.IFLA_VXLAN_LOCAL : IfLink.IFLA_VXLAN_LOCAL6,
                        local.getAddress()));
        if (parentIndex > 0) {
            writer.u32Attribute(IfLink.IFLA_VXLAN_LINK, parentIndex);
        }
        writer.be16Attribute(IfLink.IFLA_VXLAN_PORT, vxlan.port());
    }

    private static void nameIfNoIndex(MessageWriter writer, int index, String name) {
        if (index == 0) {
            writer.stringAttribute(IfLink.IFLA_IFNAME, name);
        }
    }
}
