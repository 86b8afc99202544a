package io.shoal.netlink;

import io.shoal.netlink.wire.IfAddr;
import java.util.EnumSet;
import java.util.Set;

/** Flags of an interface address (IFA_F_*, linux/if_addr.h). */
public enum AddressFlag {
    /** Not the first address of its prefix on the link (IPv4). */
    SECONDARY(IfAddr.IFA_F_SECONDARY),
    /** Skip IPv6 duplicate address detection, so the address is usable at once. */
    NODAD(IfAddr.IFA_F_NODAD),
    /** Duplicate address detection failed (IPv6). */
    DADFAILED(IfAddr.IFA_F_DADFAILED),
    /** Duplicate address detection still running (IPv6); the address cannot be bound yet. */
    TENTATIVE(IfAddr.IFA_F_TENTATIVE),
    /** Configured, not learnt (no lifetime). */
    PERMANENT(IfAddr.IFA_F_PERMANENT),
    /** Do not add the prefix route for this address. */
    NOPREFIXROUTE(IfAddr.IFA_F_NOPREFIXROUTE);

    private final int bit;

    AddressFlag(int bit) {
        this.bit = bit;
    }

    static int toBits(Set<AddressFlag> flags) {
        int bits = 0;
        for (AddressFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }

    static Set<AddressFlag> fromBits(int bits) {
        Set<AddressFlag> flags = EnumSet.noneOf(AddressFlag.class);
        for (AddressFlag flag : values()) {
            if ((bits & flag.bit) != 0) {
                flags.add(flag);
            }
        }
        return flags;
    }
}
