package io.shoal.netlink;

import io.shoal.netlink.wire.IfLink;

/** The tag protocol of a VLAN device (IFLA_VLAN_PROTOCOL), by ethertype. */
public enum VlanProtocol {
    /** IEEE 802.1Q, ethertype 0x8100: the ordinary VLAN tag. */
    IEEE_802_1Q(IfLink.ETH_P_8021Q),
    /** IEEE 802.1ad, ethertype 0x88a8: the outer (service) tag of QinQ. */
    IEEE_802_1AD(IfLink.ETH_P_8021AD);

    private final int ethertype;

    VlanProtocol(int ethertype) {
        this.ethertype = ethertype;
    }

    /** The ethertype, e.g. 0x8100. */
    public int ethertype() {
        return ethertype;
    }

    /** The protocol of an ethertype. */
    public static VlanProtocol of(int ethertype) {
        for (VlanProtocol protocol : values()) {
            if (protocol.ethertype == ethertype) {
                return protocol;
            }
        }
        throw new IllegalArgumentException("unknown VLAN protocol 0x" + Integer.toHexString(ethertype));
    }
}
