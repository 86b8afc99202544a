package io.shoal.netlink;

import static io.shoal.netlink.wire.HexBytes.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.HexBytes;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.Netlink;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.Rtnetlink;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Address, route and neighbour bodies byte for byte, from linux/if_addr.h, rtnetlink.h and neighbour.h. */
class AddressRouteNeighbourMessagesTest {
    private final MessageWriter writer = new MessageWriter(128);

    @BeforeEach
    void littleEndian() {
        HexBytes.assumeLittleEndian();
    }

    @Test
    void ipv4AddressCarriesLocalAndAddress() {
        writer.begin(Rtnetlink.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        AddressMessages.writeAdd(writer, 3, IpPrefix.parse("10.0.0.2/24"), Set.of());

        assertBytes(
                writer.finish(),
                """
                28 00 00 00  14 00  00 06  01 00 00 00  00 00 00 00   # RTM_NEWADDR
                02 18 00 00  03 00 00 00                               # AF_INET, /24, flags 0, universe, index 3
                08 00 02 00  0a 00 00 02                               # IFA_LOCAL
                08 00 01 00  0a 00 00 02                               # IFA_ADDRESS
                """);
    }

    @Test
    void ipv6AddressWithNodadSetsTheFlagInHeaderAndIfaFlags() {
        writer.begin(Rtnetlink.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        AddressMessages.writeAdd(writer, 3, IpPrefix.parse("fd00::2/64"), EnumSet.of(AddressFlag.NODAD));

        assertBytes(
                writer.finish(),
                """
                48 00 00 00  14 00  00 06  01 00 00 00  00 00 00 00
                0a 40 02 00  03 00 00 00                               # AF_INET6, /64, IFA_F_NODAD
                14 00 02 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # IFA_LOCAL
                14 00 01 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # IFA_ADDRESS
                08 00 08 00  02 00 00 00                               # IFA_FLAGS
                """);
    }

    @Test
    void defaultRouteViaGatewayOmitsDestination() {
        writer.begin(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        RouteMessages.writeNew(writer, Route.defaultVia(IpAddresses.parse("10.0.0.1")));

        assertBytes(
                writer.finish(),
                """
                24 00 00 00  18 00  00 06  01 00 00 00  00 00 00 00   # RTM_NEWROUTE
                02 00 00 00  fe 03 00 01  00 00 00 00                 # AF_INET /0, main, boot, universe, unicast
                08 00 05 00  0a 00 00 01                               # RTA_GATEWAY
                """);
    }

    @Test
    void linkRouteWithMetricInATableAbove255() {
        writer.begin(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE, 1);
        Route route =
                Route.to(IpPrefix.parse("10.9.0.0/16")).dev(4).withMetric(50).withTable(1000);
        RouteMessages.writeNew(writer, route);

        assertBytes(
                writer.finish(),
                """
                3c 00 00 00  18 00  00 05  01 00 00 00  00 00 00 00   # CREATE|REPLACE
                02 10 00 00  00 03 fd 01  00 00 00 00                 # /16, table UNSPEC, boot, scope link
                08 00 01 00  0a 09 00 00                               # RTA_DST
                08 00 04 00  04 00 00 00                               # RTA_OIF 4
                08 00 06 00  32 00 00 00                               # RTA_PRIORITY 50
                08 00 0f 00  e8 03 00 00                               # RTA_TABLE 1000
                """);
    }

    @Test
    void routeDeleteMatchesAnyScopeProtocolAndType() {
        writer.begin(Rtnetlink.RTM_DELROUTE, 0, 1);
        RouteMessages.writeDelete(writer, Route.defaultVia(IpAddresses.parse("10.0.0.1")));

        assertBytes(
                writer.finish(),
                """
                24 00 00 00  19 00  00 00  01 00 00 00  00 00 00 00   # RTM_DELROUTE
                02 00 00 00  fe 00 ff 00  00 00 00 00                 # protocol 0, scope NOWHERE, type 0
                08 00 05 00  0a 00 00 01
                """);
    }

    @Test
    void ipv6DefaultRouteDecodesFromAReply() {
        NetlinkMessage reply = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                48 00 00 00  18 00  02 00  01 00 00 00  00 00 00 00
                0a 00 00 00  fe 03 00 01  00 00 00 00                 # AF_INET6 /0 main boot universe unicast
                08 00 0f 00  fe 00 00 00                               # RTA_TABLE 254
                08 00 06 00  00 04 00 00                               # RTA_PRIORITY 1024
                14 00 05 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # RTA_GATEWAY fd00::1
                08 00 04 00  02 00 00 00                               # RTA_OIF 2
                """))
                .get(0);

        Route route = RouteMessages.decode(reply);

        assertThat(route)
                .isEqualTo(new Route(
                        IpPrefix.parse("::/0"),
                        Optional.of(IpAddresses.parse("fd00::1")),
                        OptionalInt.of(2),
                        RouteScope.UNIVERSE,
                        1024,
                        Rtnetlink.RT_TABLE_MAIN,
                        Rtnetlink.RTPROT_BOOT));
        assertThat(route.isDefault()).isTrue();
        assertThat(route).hasToString("::/0 via fd00::1 dev #2 metric 1024");
    }

    @Test
    void permanentNeighbour() {
        writer.begin(Rtnetlink.RTM_NEWNEIGH, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        NeighbourMessages.writeAdd(writer, 4, IpAddresses.parse("10.0.0.9"), MacAddress.parse("02:00:00:00:00:09"));

        assertBytes(
                writer.finish(),
                """
                30 00 00 00  1c 00  00 06  01 00 00 00  00 00 00 00   # RTM_NEWNEIGH
                02 00 00 00  04 00 00 00  80 00 00 00                 # AF_INET, index 4, NUD_PERMANENT
                08 00 01 00  0a 00 00 09                               # NDA_DST
                0a 00 02 00  02 00 00 00 00 09 00 00                   # NDA_LLADDR
                """);
    }

    @Test
    void addressReplyPrefersLocalAndReadsIfaFlags() {
        NetlinkMessage reply = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                30 00 00 00  14 00  02 00  01 00 00 00  00 00 00 00
                02 1e 80 00  05 00 00 00                               # AF_INET /30 PERMANENT universe index 5
                08 00 01 00  0a 00 00 01                               # IFA_ADDRESS (peer)
                08 00 02 00  0a 00 00 02                               # IFA_LOCAL
                08 00 08 00  80 02 00 00                               # IFA_FLAGS PERMANENT|NOPREFIXROUTE
                """))
                .get(0);

        Address address = AddressMessages.decode(reply);

        assertThat(address)
                .isEqualTo(new Address(
                        5,
                        IpPrefix.parse("10.0.0.2/30"),
                        RouteScope.UNIVERSE,
                        EnumSet.of(AddressFlag.PERMANENT, AddressFlag.NOPREFIXROUTE)));
    }
}
