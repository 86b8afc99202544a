package io.shoal.driver.support.testing;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import java.util.List;
import java.util.OptionalInt;

/**
 * The wire from a test's "host" namespace to the outside world: a veth pair whose far end, {@code eth0}, sits in a
 * neighbour namespace that plays the router or client beyond the machine.
 */
public final class Uplinks {
    private Uplinks() {}

    /**
     * Makes the veth pair {@code hostLink} (in {@code host}) and {@code eth0} (in {@code neighbour}), both up, and adds
     * the given prefixes (CIDR text, e.g. "192.0.2.1/24") to each end. IPv6 prefixes skip duplicate address detection
     * (IFA_F_NODAD, RFC 4862 §5.4) so they are usable at once.
     *
     * @throws KernelException if the kernel refuses a step (a name in use: EEXIST)
     */
    public static void wire(
            NetworkNamespace host,
            String hostLink,
            List<String> hostPrefixes,
            NetworkNamespace neighbour,
            List<String> neighbourPrefixes)
            throws KernelException {
        try (NetlinkHandle h = NetlinkHandle.openIn(host);
                NetlinkHandle n = NetlinkHandle.openIn(neighbour)) {
            h.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named(hostLink).withUp(true),
                    LinkOptions.named("eth0"),
                    OptionalInt.of(neighbour.fd())));
            addAll(h, hostLink, hostPrefixes);
            addAll(n, "eth0", neighbourPrefixes);
            n.linkSetUp("eth0");
        }
    }

    private static void addAll(NetlinkHandle handle, String link, List<String> prefixes) throws KernelException {
        for (String text : prefixes) {
            IpPrefix prefix = IpPrefix.parse(text);
            if (prefix.isIpv6()) {
                handle.addrAdd(link, prefix, AddressFlag.NODAD);
            } else {
                handle.addrAdd(link, prefix);
            }
        }
    }
}
