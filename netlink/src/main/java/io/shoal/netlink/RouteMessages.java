package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.RtMsg;
import io.shoal.netlink.wire.Rtnetlink;
import java.util.OptionalInt;

/**
 * Route request bodies and reply decoding. Attribute order: RTA_DST (omitted for a default route), RTA_GATEWAY,
 * RTA_OIF, RTA_PRIORITY (when the metric is not 0), RTA_TABLE (only for tables above 255, which do not fit rtm_table).
 */
final class RouteMessages {
    private RouteMessages() {}

    /** The body of an RTM_NEWROUTE installing {@code route} as a unicast route. */
    static void writeNew(MessageWriter writer, Route route) {
        header(route, route.protocol(), route.scope().value(), Rtnetlink.RTN_UNICAST)
                .writeTo(writer);
        writeAttributes(writer, route);
    }

    /**
     * The body of an RTM_DELROUTE for {@code route}. Scope NOWHERE, protocol 0 and type 0 match any value
     * (net/ipv4/fib_trie.c, fib_table_delete), so a route read back or built afresh deletes the same entry.
     */
    static void writeDelete(MessageWriter writer, Route route) {
        header(route, 0, Rtnetlink.RT_SCOPE_NOWHERE, 0).writeTo(writer);
        writeAttributes(writer, route);
    }

    /** The body of an RTM_GETROUTE dump of {@code family}. */
    static void writeDump(MessageWriter writer, IpFamily family) {
        new RtMsg(family.addressFamily(), 0, 0, 0, 0, 0, 0, 0, 0).writeTo(writer);
    }

    /** The header of an RTM_NEWROUTE message, to filter before decoding. */
    static RtMsg header(NetlinkMessage message) {
        return RtMsg.read(message.payload());
    }

    /** Decodes an RTM_NEWROUTE message. */
    static Route decode(NetlinkMessage message) {
        RtMsg header = RtMsg.read(message.payload());
        Attributes attributes = message.attributes(RtMsg.LENGTH);
        IpPrefix destination = new IpPrefix(
                attributes
                        .bytes(Rtnetlink.RTA_DST)
                        .map(IpAddresses::fromBytes)
                        .orElseGet(() -> IpFamily.unspecified(header.family())),
                header.destinationLength());
        OptionalInt outputIndex = attributes.u32(Rtnetlink.RTA_OIF);
        return new Route(
                destination,
                attributes.bytes(Rtnetlink.RTA_GATEWAY).map(IpAddresses::fromBytes),
                outputIndex.isPresent() && outputIndex.getAsInt() > 0 ? outputIndex : OptionalInt.empty(),
                new RouteScope(header.scope()),
                attributes.u32(Rtnetlink.RTA_PRIORITY).orElse(0),
                table(header, attributes),
                header.protocol());
    }

    /** The table of a route: RTA_TABLE when present (it holds ids above 255), else rtm_table. */
    static int table(RtMsg header, Attributes attributes) {
        return attributes.u32(Rtnetlink.RTA_TABLE).orElse(header.table());
    }

    private static RtMsg header(Route route, int protocol, int scope, int type) {
        int family = route.destination().isIpv6() ? Rtnetlink.AF_INET6 : Rtnetlink.AF_INET;
        int table = route.table() > 255 ? Rtnetlink.RT_TABLE_UNSPEC : route.table();
        return new RtMsg(family, route.destination().length(), 0, 0, table, protocol, scope, type, 0);
    }

    private static void writeAttributes(MessageWriter writer, Route route) {
        if (!route.isDefault()) {
            writer.attribute(Rtnetlink.RTA_DST, route.destination().address().getAddress());
        }
        route.gateway().ifPresent(g -> writer.attribute(Rtnetlink.RTA_GATEWAY, g.getAddress()));
        route.outputIndex().ifPresent(index -> writer.u32Attribute(Rtnetlink.RTA_OIF, index));
        if (route.metric() != 0) {
            writer.u32Attribute(Rtnetlink.RTA_PRIORITY, route.metric());
        }
        if (route.table() > 255) {
            writer.u32Attribute(Rtnetlink.RTA_TABLE, route.table());
        }
    }
}
