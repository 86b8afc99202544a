package io.shoal.netlink;

import static io.shoal.netlink.wire.HexBytes.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.ConntrackFlow.Protocol;
import io.shoal.netlink.ConntrackFlow.Tuple;
import io.shoal.netlink.wire.Ctnetlink;
import io.shoal.netlink.wire.HexBytes;
import io.shoal.netlink.wire.MalformedMessageException;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ctnetlink bodies byte for byte, from linux/netfilter/nfnetlink.h and nfnetlink_conntrack.h. */
class ConntrackMessagesTest {
    private final MessageWriter writer = new MessageWriter(64);

    @BeforeEach
    void littleEndian() {
        HexBytes.assumeLittleEndian();
    }

    @Test
    void messageTypesCarryTheSubsystemInTheHighByte() {
        assertThat(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_DELETE)).isEqualTo(0x0102);
        assertThat(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_GET)).isEqualTo(0x0101);
        assertThat(Ctnetlink.subsystem(0x0100)).isEqualTo(Ctnetlink.NFNL_SUBSYS_CTNETLINK);
        assertThat(Ctnetlink.command(0x0105)).isEqualTo(Ctnetlink.IPCTNL_MSG_CT_GET_STATS);
    }

    @Test
    void dumpOfOneFamilyIsABareNfgenmsg() {
        writer.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_GET), 0, 1);
        ConntrackMessages.writeDump(writer, IpFamily.IPV6);

        assertBytes(
                writer.finish(),
                """
                14 00 00 00  01 01  00 00  01 00 00 00  00 00 00 00   # IPCTNL_MSG_CT_GET (ctnetlink << 8 | 1)
                0a 00 00 00                                           # AF_INET6, NFNETLINK_V0, res_id 0
                """);
    }

    @Test
    void deleteNamesTheOriginalTupleInNetworkOrderAndTheId() {
        writer.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_DELETE), 0, 1);
        ConntrackMessages.writeDelete(writer, udpFlow(0, 0x12345678L));

        assertBytes(
                writer.finish(),
                """
                50 00 00 00  02 01  00 00  01 00 00 00  00 00 00 00   # IPCTNL_MSG_CT_DELETE
                02 00 00 00                                           # AF_INET
                34 00 01 80                                           # CTA_TUPLE_ORIG | NLA_F_NESTED
                  14 00 01 80                                         #   CTA_TUPLE_IP | NLA_F_NESTED
                    08 00 01 00  0a 58 01 02                          #     CTA_IP_V4_SRC 10.88.1.2
                    08 00 02 00  0a 58 01 01                          #     CTA_IP_V4_DST 10.88.1.1
                  1c 00 02 80                                         #   CTA_TUPLE_PROTO | NLA_F_NESTED
                    05 00 01 00  11 00 00 00                          #     CTA_PROTO_NUM 17 (UDP), padded
                    06 00 02 00  9c 40 00 00                          #     CTA_PROTO_SRC_PORT 40000, big-endian
                    06 00 03 00  14 e9 00 00                          #     CTA_PROTO_DST_PORT 5353
                08 00 0c 00  12 34 56 78                              # CTA_ID, big-endian
                """);
    }

    @Test
    void deleteOfAnIpv6FlowInAZoneCarriesTheZone() {
        Tuple original = new Tuple(IpAddresses.parse("fd00::2"), 443, IpAddresses.parse("fd00::1"), 8443);
        Tuple reply = new Tuple(IpAddresses.parse("fd01::5"), 443, IpAddresses.parse("fd00::2"), 443);
        writer.begin(Ctnetlink.type(Ctnetlink.IPCTNL_MSG_CT_DELETE), 0, 2);
        ConntrackMessages.writeDelete(writer, new ConntrackFlow(Protocol.TCP, original, reply, 7, 1, 0));

        assertBytes(
                writer.finish(),
                """
                70 00 00 00  02 01  00 00  02 00 00 00  00 00 00 00
                0a 00 00 00                                           # AF_INET6
                4c 00 01 80                                           # CTA_TUPLE_ORIG
                  2c 00 01 80                                         #   CTA_TUPLE_IP
                    14 00 03 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # CTA_IP_V6_SRC
                    14 00 04 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # CTA_IP_V6_DST
                  1c 00 02 80                                         #   CTA_TUPLE_PROTO
                    05 00 01 00  06 00 00 00                          #     CTA_PROTO_NUM 6 (TCP)
                    06 00 02 00  01 bb 00 00                          #     443
                    06 00 03 00  20 fb 00 00                          #     8443
                06 00 12 00  00 07 00 00                              # CTA_ZONE 7, big-endian
                08 00 0c 00  00 00 00 01                              # CTA_ID 1
                """);
    }

    @Test
    void decodesADumpEntryWithNatAndSkipsWhatItDoesNotNeed() {
        ConntrackFlow flow = ConntrackMessages.decode(
                        message(
                                """
                        00 01  02 00  05 00 00 00  00 00 00 00             # IPCTNL_MSG_CT_NEW, NLM_F_MULTI
                        02 00 00 00                                        # AF_INET
                        34 00 01 80                                        # CTA_TUPLE_ORIG
                          14 00 01 80
                            08 00 01 00  0a 58 01 02
                            08 00 02 00  0a 58 01 01
                          1c 00 02 80
                            05 00 01 00  11 00 00 00
                            06 00 02 00  9c 40 00 00
                            06 00 03 00  14 e9 00 00
                        34 00 02 80                                        # CTA_TUPLE_REPLY
                          14 00 01 80
                            08 00 01 00  0a 58 02 02                       #   source 10.88.2.2: the DNAT target
                            08 00 02 00  0a 58 01 02
                          1c 00 02 80
                            05 00 01 00  11 00 00 00
                            06 00 02 00  00 35 00 00                       #   53
                            06 00 03 00  9c 40 00 00
                        08 00 03 00  00 00 01 88                           # CTA_STATUS (ignored)
                        08 00 07 00  00 00 00 1e                           # CTA_TIMEOUT 30 s
                        08 00 0c 00  9a bc de f0                           # CTA_ID
                        """))
                .orElseThrow();

        assertThat(flow).isEqualTo(udpFlow(0, 0x9abcdef0L));
        assertThat(flow.timeoutSeconds()).isEqualTo(30);
        assertThat(flow.family()).isEqualTo(IpFamily.IPV4);
        assertThat(flow.involves(IpAddresses.parse("10.88.2.2"))).isTrue();
        assertThat(flow.involves(IpAddresses.parse("10.88.1.1"))).isFalse();
    }

    @Test
    void anIcmpEntryHasNoPortsAndIsLeftOut() {
        assertThat(
                        ConntrackMessages.decode(
                                message(
                                        """
                        00 01  02 00  05 00 00 00  00 00 00 00
                        02 00 00 00
                        2c 00 01 80                                        # CTA_TUPLE_ORIG
                          14 00 01 80
                            08 00 01 00  0a 58 01 02
                            08 00 02 00  0a 58 01 01
                          14 00 02 80
                            05 00 01 00  01 00 00 00                       #   ICMP
                            06 00 04 00  00 2a 00 00                       #   CTA_PROTO_ICMP_ID
                        """)))
                .isEmpty();
    }

    @Test
    void anEntryWithoutAddressesIsMalformed() {
        assertThatThrownBy(
                        () -> ConntrackMessages.decode(
                                message(
                                        """
                        00 01  02 00  05 00 00 00  00 00 00 00
                        02 00 00 00
                        10 00 01 80
                          0c 00 02 80
                            05 00 01 00  11 00 00 00
                        """)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("CTA_TUPLE_ORIG without an address");
    }

    @Test
    void statisticsReplyGivesTheEntryCount() {
        assertThat(
                        ConntrackMessages.decodeCount(
                                message(
                                        """
                        05 01  00 00  05 00 00 00  00 00 00 00
                        00 00 00 00
                        08 00 01 00  00 01 00 02                           # CTA_STATS_GLOBAL_ENTRIES 65538
                        """)))
                .isEqualTo(65538);
    }

    @Test
    void tuplesRefuseMixedFamiliesAndPortsOutOfRange() {
        assertThatThrownBy(() -> new Tuple(IpAddresses.parse("10.0.0.1"), 1, IpAddresses.parse("fd00::1"), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Tuple(IpAddresses.parse("10.0.0.1"), 65536, IpAddresses.parse("10.0.0.2"), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Tuple(IpAddresses.parse("fd00::1"), 53, IpAddresses.parse("fd00::2"), 40000))
                .hasToString("[fd00::1]:53 -> [fd00::2]:40000");
    }

    private static ConntrackFlow udpFlow(int zone, long id) {
        return new ConntrackFlow(
                Protocol.UDP,
                new Tuple(IpAddresses.parse("10.88.1.2"), 40000, IpAddresses.parse("10.88.1.1"), 5353),
                new Tuple(IpAddresses.parse("10.88.2.2"), 53, IpAddresses.parse("10.88.1.2"), 40000),
                zone,
                id,
                30);
    }

    /** A received message: the hex after the length field, with the length prepended. */
    private static NetlinkMessage message(String afterLength) {
        byte[] body = HexBytes.parse(afterLength);
        int length = body.length + 4;
        String header = String.format("%02x %02x 00 00%n", length & 0xff, length >>> 8);
        List<NetlinkMessage> all = NetlinkMessage.parseAll(HexBytes.buffer(header + afterLength));
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
