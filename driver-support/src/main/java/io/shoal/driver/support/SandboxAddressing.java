package io.shoal.driver.support;

import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.Route;
import io.shoal.netlink.Sysctl;
import java.net.InetAddress;
import java.util.Optional;

/** What every driver does inside a sandbox once the endpoint's interface is there: loopback, addresses, routes. */
public final class SandboxAddressing {
    private SandboxAddressing() {}

    /**
     * Turns IPv6 duplicate address detection off for interface {@code name} of {@code sandbox}
     * ({@code net.ipv6.conf.NAME.accept_dad=0}, ip-sysctl.rst), so the link-local address the kernel gives it when it
     * comes up is not held tentative either (RFC 4862 §5.4). Only for links where every address is the engine's to
     * give, such as a bridge's; call before the interface comes up.
     */
    public static void skipDuplicateAddressDetection(Sysctl sandbox, String name) throws KernelException {
        sandbox.set("net/ipv6/conf/" + name + "/accept_dad", "0");
    }

    /**
     * Brings {@code lo} up, gives the interface {@code name} (index {@code index}) its addresses, brings it up, and
     * adds a default route via each gateway given for a family the endpoint has an address in (a route through a
     * link that is down is refused, so the link comes up first).
     *
     * @param gateway4 the IPv4 default gateway; empty when this endpoint gives the sandbox no IPv4 default route
     * @param gateway6 likewise for IPv6
     */
    public static void configure(
            NetlinkHandle container,
            String name,
            int index,
            Optional<IpPrefix> ipv4,
            Optional<IpPrefix> ipv6,
            Optional<InetAddress> gateway4,
            Optional<InetAddress> gateway6)
            throws KernelException {
        container.linkSetUp("lo");
        if (ipv4.isPresent()) {
            container.addrAdd(index, ipv4.get());
        }
        if (ipv6.isPresent()) {
            // The address is the engine's to give and unique in the subnet; waiting for duplicate address detection
            // would only delay the container's first packets (RFC 4862 §5.4).
            container.addrAdd(index, ipv6.get(), AddressFlag.NODAD);
        }
        container.linkSetUp(name);
        if (gateway4.isPresent() && ipv4.isPresent()) {
            container.routeReplace(Route.defaultVia(gateway4.get()).dev(index));
        }
        if (gateway6.isPresent() && ipv6.isPresent()) {
            container.routeReplace(Route.defaultVia(gateway6.get()).dev(index));
        }
    }
}
