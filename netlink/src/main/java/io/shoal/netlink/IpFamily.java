package io.shoal.netlink;

import io.shoal.netlink.wire.Rtnetlink;

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

    boolean matches(int family) {
        return this == ANY || family == addressFamily;
    }
}
