package io.shoal.netlink.wire;

/**
 * Link attributes and flags, from linux/if_link.h, linux/if.h and linux/veth.h. Kind-specific attributes are nested
 * in {@code IFLA_LINKINFO} / {@code IFLA_INFO_DATA}.
 */
public final class IfLink {
    /** {@code sizeof(struct ifinfomsg)}. */
    public static final int IFINFOMSG_LENGTH = 16;

    /** Hardware address (bytes). */
    public static final int IFLA_ADDRESS = 1;
    /** Broadcast hardware address (bytes). */
    public static final int IFLA_BROADCAST = 2;
    /** Interface name (NUL-terminated string, at most 15 characters). */
    public static final int IFLA_IFNAME = 3;
    /** MTU (u32). */
    public static final int IFLA_MTU = 4;
    /** Index of the lower (parent) device (u32); for veth it names the peer. */
    public static final int IFLA_LINK = 5;
    /** Index of the master device (u32); 0 detaches. */
    public static final int IFLA_MASTER = 10;
    /** Operational state (u8, RFC 2863 IF_OPER_*). */
    public static final int IFLA_OPERSTATE = 16;
    /** Nested kind information. */
    public static final int IFLA_LINKINFO = 18;
    /** Move to the network namespace of a process id (u32). */
    public static final int IFLA_NET_NS_PID = 19;
    /** Move to the network namespace of an open file descriptor (u32). */
    public static final int IFLA_NET_NS_FD = 28;
    /** Which extras to include in replies (u32, RTEXT_FILTER_*). */
    public static final int IFLA_EXT_MASK = 29;
    /** The link's alias, {@code ip link set NAME alias TEXT} (string, at most IFALIASZ - 1 = 255 bytes). */
    public static final int IFLA_IFALIAS = 20;
    /** Namespace id of the peer/lower device when it lives in another namespace (s32). */
    public static final int IFLA_LINK_NETNSID = 37;
    /** Smallest MTU the device accepts (u32). */
    public static final int IFLA_MIN_MTU = 50;
    /** Largest MTU the device accepts (u32). */
    public static final int IFLA_MAX_MTU = 51;

    /** {@code IFLA_INFO_KIND}: driver name (string). */
    public static final int IFLA_INFO_KIND = 1;
    /** {@code IFLA_INFO_DATA}: the kind's own attributes (nested). */
    public static final int IFLA_INFO_DATA = 2;
    /** {@code IFLA_INFO_SLAVE_KIND}: the master's kind, on a port (string). */
    public static final int IFLA_INFO_SLAVE_KIND = 4;

    /** {@code VETH_INFO_PEER}: a {@code struct ifinfomsg} followed by the peer's IFLA_* attributes. */
    public static final int VETH_INFO_PEER = 1;

    /** {@code IFLA_MACVLAN_MODE} (u32, MACVLAN_MODE_*). */
    public static final int IFLA_MACVLAN_MODE = 1;
    /** {@code MACVLAN_MODE_PRIVATE}: no traffic between macvlans on the parent. */
    public static final int MACVLAN_MODE_PRIVATE = 1;
    /** {@code MACVLAN_MODE_VEPA}: traffic between macvlans goes via the external switch. */
    public static final int MACVLAN_MODE_VEPA = 2;
    /** {@code MACVLAN_MODE_BRIDGE}: macvlans on the parent reach each other directly. */
    public static final int MACVLAN_MODE_BRIDGE = 4;
    /** {@code MACVLAN_MODE_PASSTHRU}: one macvlan takes over the parent. */
    public static final int MACVLAN_MODE_PASSTHRU = 8;

    /** {@code IFLA_VLAN_ID} (u16). */
    public static final int IFLA_VLAN_ID = 1;
    /** {@code IFLA_VLAN_PROTOCOL} (__be16 ethertype). */
    public static final int IFLA_VLAN_PROTOCOL = 5;
    /** {@code ETH_P_8021Q}. */
    public static final int ETH_P_8021Q = 0x8100;
    /** {@code ETH_P_8021AD}. */
    public static final int ETH_P_8021AD = 0x88a8;

    /** {@code IFLA_VXLAN_ID}: the VNI (u32). */
    public static final int IFLA_VXLAN_ID = 1;
    /** {@code IFLA_VXLAN_GROUP}: IPv4 remote or multicast group (4 bytes). */
    public static final int IFLA_VXLAN_GROUP = 2;
    /** {@code IFLA_VXLAN_LINK}: underlay device index (u32). */
    public static final int IFLA_VXLAN_LINK = 3;
    /** {@code IFLA_VXLAN_LOCAL}: IPv4 source (4 bytes). */
    public static final int IFLA_VXLAN_LOCAL = 4;
    /** {@code IFLA_VXLAN_PORT}: UDP destination port (__be16). */
    public static final int IFLA_VXLAN_PORT = 15;
    /** {@code IFLA_VXLAN_GROUP6}: IPv6 remote or multicast group (16 bytes). */
    public static final int IFLA_VXLAN_GROUP6 = 16;
    /** {@code IFLA_VXLAN_LOCAL6}: IPv6 source (16 bytes). */
    public static final int IFLA_VXLAN_LOCAL6 = 17;

    /** {@code IFF_UP}: administratively up. */
    public static final int IFF_UP = 0x1;
    /** {@code IFF_LOOPBACK}. */
    public static final int IFF_LOOPBACK = 0x8;
    /** {@code IFF_RUNNING}. */
    public static final int IFF_RUNNING = 0x40;
    /** {@code IFF_LOWER_UP}: carrier. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** {@code ARPHRD_ETHER}. */
    public static final int ARPHRD_ETHER = 1;

    private IfLink() {}
}
