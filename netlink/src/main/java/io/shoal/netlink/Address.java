package io.shoal.netlink;

import io.shoal.net.IpPrefix;
import java.util.Set;

/**
 * An address assigned to a link, as the kernel reports it (RTM_NEWADDR reply).
 *
 * @param linkIndex the link's index
 * @param address the local address with its prefix length
 * @param scope the address scope (link for fe80::/10, host for 127.0.0.0/8, universe otherwise)
 * @param flags the IFA_F_* flags Shoal knows, e.g. TENTATIVE while IPv6 DAD runs
 */
public record Address(int linkIndex, IpPrefix address, RouteScope scope, Set<AddressFlag> flags) {
    /** Copies the flags. */
    public Address {
        flags = Set.copyOf(flags);
    }
}
