package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.wire.Rtnetlink;
import java.net.Inet4Address;
import java.net.InetAddress;

/** Which addresses, routes or neighbours a list call returns. */
public enum IpFamily {
    /** IPv4 only (AF_INET). */
    IPV4(Rtnetlink.AF_INET),
    /** IPv6 only (AF_INET6). */
    IPV6(Rtnetlink.AF_INET6),
    /** Both (AF_UNSPEC). */
    ANY(Rtnetlink.AF_UNSPEC);

    private final int addressFamily;

    IpFamily(int addressFamily) {
        this.addressFamily = addressFamily;
    }

    /** The AF_* value. */
    int addressFamily() {
        return addressFamily;
    }

    /** The AF_* value of {@code address}: AF_INET or AF_INET6. */
    static int addressFamilyOf(InetAddress address) {
        return address instanceof Inet4Address ? Rtnetlink.AF_INET : Rtnetlink.AF_INET6;
    }

    /** The unspecified address of AF_INET or AF_INET6 (0.0.0.0 or ::), e.g. a route without RTA_DST. */
    static InetAddress unspecified(int addressFamily) {
        return IpAddresses.fromBytes(new byte[addressFamily == Rtnetlink.AF_INET ? 4 : 16]);
    }

    boolean matches(int family) {
        return this == ANY || family == addressFamily;
    }
}
