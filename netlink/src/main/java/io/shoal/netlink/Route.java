package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.wire.Rtnetlink;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A unicast route: destination prefix, optional gateway, optional output link, scope, metric and table. Build one with
 * {@link #to} or {@link #defaultVia} and the {@code via}/{@code dev}/{@code with} methods; {@link NetlinkHandle}'s
 * route lists return the same record.
 *
 * <p>Scope follows {@code ip route}: a route built with a gateway is {@link RouteScope#UNIVERSE}, an IPv4 route with
 * an output link and no gateway is {@link RouteScope#LINK} (the kernel ignores scope for IPv6).
 *
 * @param destination the destination prefix; 0.0.0.0/0 or ::/0 for the default route
 * @param gateway the next hop, of the destination's family; empty for a directly connected route
 * @param outputIndex the output link's index; empty to let the kernel find it from the gateway
 * @param scope the route scope
 * @param metric the metric (RTA_PRIORITY); 0 is the kernel's default (IPv6 turns it into 1024)
 * @param table the routing table, {@link Rtnetlink#RT_TABLE_MAIN} by default
 * @param protocol who installed it (RTPROT_*): {@link Rtnetlink#RTPROT_BOOT} for routes Shoal adds, as with
 *     {@code ip route}; {@link Rtnetlink#RTPROT_KERNEL} for prefix routes of addresses
 */
public record Route(
        IpPrefix destination,
        Optional<InetAddress> gateway,
        OptionalInt outputIndex,
        RouteScope scope,
        int metric,
        int table,
        int protocol) {
    /** Checks that the gateway matches the destination's family and the table and metric ranges. */
    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(outputIndex, "outputIndex");
        Objects.requireNonNull(scope, "scope");
        if (gateway.isPresent() && (gateway.get() instanceof Inet4Address) == destination.isIpv6()) {
            throw new IllegalArgumentException(
                    "gateway " + IpAddresses.format(gateway.get()) + " is not of the family of " + destination);
        }
        if (table < 1) {
            throw new IllegalArgumentException("routing table must be positive: " + table);
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("route protocol out of range 0..255: " + protocol);
        }
    }

    /** A route to {@code destination} in the main table, to be completed with {@link #via} or {@link #dev}. */
    public static Route to(IpPrefix destination) {
        return new Route(
                destination,
                Optional.empty(),
                OptionalInt.empty(),
                RouteScope.UNIVERSE,
                0,
                Rtnetlink.RT_TABLE_MAIN,
                Rtnetlink.RTPROT_BOOT);
    }

    /** The default route (0.0.0.0/0 or ::/0, after the gateway's family) via {@code gateway}. */
    public static Route defaultVia(InetAddress gateway) {
        return to(IpPrefix.defaultRoute(gateway)).via(gateway);
    }

    /** The same route through {@code gateway}; scope becomes universe. */
    public Route via(InetAddress gateway) {
        return new Route(destination, Optional.of(gateway), outputIndex, RouteScope.UNIVERSE, metric, table, protocol);
    }

    /** The same route out of the link with {@code index}; without a gateway an IPv4 route's scope becomes link. */
    public Route dev(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("link index must be positive: " + index);
        }
        RouteScope newScope = gateway.isEmpty() && !destination.isIpv6() ? RouteScope.LINK : scope;
        return new Route(destination, gateway, OptionalInt.of(index), newScope, metric, table, protocol);
    }

    /** The same route with this metric. */
    public Route withMetric(int metric) {
        return new Route(destination, gateway, outputIndex, scope, metric, table, protocol);
    }

    /** The same route in this table. */
    public Route withTable(int table) {
        return new Route(destination, gateway, outputIndex, scope, metric, table, protocol);
    }

    /** Whether this is a default route (prefix length 0). */
    public boolean isDefault() {
        return destination.length() == 0;
    }

    /** Reads like {@code ip route}: {@code 0.0.0.0/0 via 10.0.0.1 dev #3 metric 0}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(destination.toString());
        gateway.ifPresent(g -> text.append(" via ").append(IpAddresses.format(g)));
        outputIndex.ifPresent(i -> text.append(" dev #").append(i));
        if (metric != 0) {
            text.append(" metric ").append(metric);
        }
        if (table != Rtnetlink.RT_TABLE_MAIN) {
            text.append(" table ").append(table);
        }
        return text.toString();
    }
}
