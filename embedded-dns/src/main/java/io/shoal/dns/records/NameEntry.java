package io.shoal.dns.records;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The addresses one name has on one network, in join order, and that name's rotation state. */
final class NameEntry {
    private final List<Inet4Address> ipv4;
    private final List<Inet6Address> ipv6;
    private final List<InetAddress> all;
    private final Rotation rotation;

    NameEntry(List<Inet4Address> ipv4, List<Inet6Address> ipv6, Rotation rotation) {
        this.ipv4 = List.copyOf(ipv4);
        this.ipv6 = List.copyOf(ipv6);
        List<InetAddress> both = new ArrayList<>(ipv4);
        both.addAll(ipv6);
        this.all = List.copyOf(both);
        this.rotation = rotation;
    }

    List<Inet4Address> ipv4() {
        return ipv4;
    }

    List<Inet6Address> ipv6() {
        return ipv6;
    }

    List<InetAddress> all() {
        return all;
    }

    Rotation rotation() {
        return rotation;
    }

    /** Collects the addresses of one name while a snapshot is built. */
    static final class Builder {
        private final Set<Inet4Address> ipv4 = new LinkedHashSet<>();
        private final Set<Inet6Address> ipv6 = new LinkedHashSet<>();

        void add(InetAddress address) {
            if (address instanceof Inet4Address v4) {
                ipv4.add(v4);
            } else if (address instanceof Inet6Address v6) {
                ipv6.add(v6);
            }
        }

        NameEntry build(Rotation rotation) {
            return new NameEntry(List.copyOf(ipv4), List.copyOf(ipv6), rotation);
        }
    }
}
