package io.shoal.netlink;

import static io.shoal.netlink.wire.HexBytes.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.HexBytes;
import io.shoal.netlink.wire.IfLink;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.Netlink;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.Rtnetlink;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RTM_NEWLINK bodies byte for byte, written by hand from linux/if_link.h, linux/rtnetlink.h and linux/veth.h. VLAN
 * and VXLAN are covered here because this kernel cannot create them.
 */
class LinkMessagesTest {
    private static final String NEWLINK_CREATE_HEADER_PREFIX = "10 00  00 06  01 00 00 00  00 00 00 00";

    @BeforeEach
    void littleEndian() {
        HexBytes.assumeLittleEndian();
    }

    @Test
    void bridgeUpWithMtu() {
        LinkSpec spec =
                new LinkSpec.Bridge(LinkOptions.named("br0").withMtu(1400).withUp(true));

        assertBytes(
                newLink(spec, 0, 0),
                """
                40 00 00 00 %s                                         # 64 bytes, RTM_NEWLINK, CREATE|EXCL
                00 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00   # ifinfomsg: flags = change = IFF_UP
                08 00 03 00  62 72 30 00                               # IFLA_IFNAME "br0"
                08 00 04 00  78 05 00 00                               # IFLA_MTU 1400
                10 00 12 00                                            # IFLA_LINKINFO
                0b 00 01 00  62 72 69 64 67 65 00 00                   #   IFLA_INFO_KIND "bridge"
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void dummyWithMac() {
        LinkSpec spec = new LinkSpec.Dummy(LinkOptions.named("d0").withMac(MacAddress.parse("02:00:00:00:00:01")));

        assertBytes(
                newLink(spec, 0, 0),
                """
                44 00 00 00 %s
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   # ifinfomsg: down
                07 00 03 00  64 30 00 00                               # IFLA_IFNAME "d0"
                0a 00 01 00  02 00 00 00 00 01 00 00                   # IFLA_ADDRESS
                10 00 12 00                                            # IFLA_LINKINFO
                0a 00 01 00  64 75 6d 6d 79 00 00 00                   #   IFLA_INFO_KIND "dummy"
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void vethWithMasterAndPeerCreatedInAnotherNamespace() {
        LinkSpec spec = new LinkSpec.Veth(
                        LinkOptions.named("veth0").withUp(true),
                        LinkOptions.named("eth0").withMac(MacAddress.parse("02:42:ac:11:00:02")),
                        OptionalInt.empty())
                .withPeerNamespaceFd(7);

        assertBytes(
                newLink(spec, 0, 3),
                """
                7c 00 00 00 %s                                         # 124 bytes
                00 00 00 00  00 00 00 00  01 00 00 00  01 00 00 00   # ifinfomsg: up
                0a 00 03 00  76 65 74 68 30 00 00 00                   # IFLA_IFNAME "veth0"
                08 00 0a 00  03 00 00 00                               # IFLA_MASTER 3
                48 00 12 00                                            # IFLA_LINKINFO (72)
                09 00 01 00  76 65 74 68 00 00 00 00                   #   IFLA_INFO_KIND "veth"
                38 00 02 00                                            #   IFLA_INFO_DATA (56)
                34 00 01 00                                            #     VETH_INFO_PEER (52)
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   #       peer ifinfomsg
                09 00 03 00  65 74 68 30 00 00 00 00                   #       IFLA_IFNAME "eth0"
                0a 00 01 00  02 42 ac 11 00 02 00 00                   #       IFLA_ADDRESS
                08 00 1c 00  07 00 00 00                               #       IFLA_NET_NS_FD 7
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void macvlanBridgeModeOnParent() {
        LinkSpec spec = new LinkSpec.Macvlan(LinkOptions.named("mv0"), "eth0", MacvlanMode.BRIDGE);

        assertBytes(
                newLink(spec, 5, 0),
                """
                4c 00 00 00 %s
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                08 00 03 00  6d 76 30 00                               # IFLA_IFNAME "mv0"
                08 00 05 00  05 00 00 00                               # IFLA_LINK 5 (parent)
                1c 00 12 00                                            # IFLA_LINKINFO (28)
                0c 00 01 00  6d 61 63 76 6c 61 6e 00                   #   IFLA_INFO_KIND "macvlan"
                0c 00 02 00                                            #   IFLA_INFO_DATA
                08 00 01 00  04 00 00 00                               #     IFLA_MACVLAN_MODE BRIDGE (4)
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void macvlanModesUseTheKernelValues() {
        assertThat(MacvlanMode.PRIVATE.value()).isEqualTo(1);
        assertThat(MacvlanMode.VEPA.value()).isEqualTo(2);
        assertThat(MacvlanMode.BRIDGE.value()).isEqualTo(4);
        assertThat(MacvlanMode.PASSTHRU.value()).isEqualTo(8);
    }

    @Test
    void vlan8021adCarriesIdInHostOrderAndProtocolInNetworkOrder() {
        LinkSpec spec = new LinkSpec.Vlan(LinkOptions.named("eth0.100"), "eth0", 100, VlanProtocol.IEEE_802_1AD);

        assertBytes(
                newLink(spec, 2, 0),
                """
                5c 00 00 00 %s                                         # 92 bytes
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                0d 00 03 00  65 74 68 30 2e 31 30 30 00 00 00 00       # IFLA_IFNAME "eth0.100"
                08 00 05 00  02 00 00 00                               # IFLA_LINK 2 (parent)
                24 00 12 00                                            # IFLA_LINKINFO (36)
                09 00 01 00  76 6c 61 6e 00 00 00 00                   #   IFLA_INFO_KIND "vlan"
                14 00 02 00                                            #   IFLA_INFO_DATA (20)
                06 00 01 00  64 00 00 00                               #     IFLA_VLAN_ID 100 (u16)
                06 00 05 00  88 a8 00 00                               #     IFLA_VLAN_PROTOCOL 0x88a8 (__be16)
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void vlan8021qProtocol() {
        LinkSpec spec = new LinkSpec.Vlan(LinkOptions.named("v5"), "eth0", 4094, VlanProtocol.IEEE_802_1Q);
        ByteBuffer message = newLink(spec, 2, 0);

        // The last 16 bytes are IFLA_VLAN_ID 4094 (0x0ffe) and IFLA_VLAN_PROTOCOL 0x8100.
        ByteBuffer tail = message.duplicate().position(message.limit() - 16);
        assertBytes(tail, "06 00 01 00  fe 0f 00 00  06 00 05 00  81 00 00 00");
    }

    @Test
    void vxlanIpv4WithGroupLocalParentAndPortInNetworkOrder() {
        LinkSpec spec = new LinkSpec.Vxlan(
                LinkOptions.named("vx42"),
                42,
                Optional.of(IpAddresses.parse("10.0.0.1")),
                Optional.of(IpAddresses.parse("239.1.1.1")),
                4789,
                Optional.of("eth0"));

        assertBytes(
                newLink(spec, 4, 0),
                """
                68 00 00 00 %s                                         # 104 bytes
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                09 00 03 00  76 78 34 32 00 00 00 00                   # IFLA_IFNAME "vx42"
                3c 00 12 00                                            # IFLA_LINKINFO (60)
                0a 00 01 00  76 78 6c 61 6e 00 00 00                   #   IFLA_INFO_KIND "vxlan"
                2c 00 02 00                                            #   IFLA_INFO_DATA (44)
                08 00 01 00  2a 00 00 00                               #     IFLA_VXLAN_ID 42
                08 00 02 00  ef 01 01 01                               #     IFLA_VXLAN_GROUP 239.1.1.1
                08 00 04 00  0a 00 00 01                               #     IFLA_VXLAN_LOCAL 10.0.0.1
                08 00 03 00  04 00 00 00                               #     IFLA_VXLAN_LINK 4
                06 00 0f 00  12 b5 00 00                               #     IFLA_VXLAN_PORT 4789 (__be16)
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void vxlanIpv6UsesGroup6AndLocal6() {
        LinkSpec spec = new LinkSpec.Vxlan(
                LinkOptions.named("vx6"),
                0x123456,
                Optional.of(IpAddresses.parse("fd00::1")),
                Optional.of(IpAddresses.parse("fd00::2")),
                8472,
                Optional.empty());

        assertBytes(
                newLink(spec, 0, 0),
                """
                74 00 00 00 %s                                         # 116 bytes
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                08 00 03 00  76 78 36 00                               # IFLA_IFNAME "vx6"
                4c 00 12 00                                            # IFLA_LINKINFO (76)
                0a 00 01 00  76 78 6c 61 6e 00 00 00                   #   IFLA_INFO_KIND "vxlan"
                3c 00 02 00                                            #   IFLA_INFO_DATA (60)
                08 00 01 00  56 34 12 00                               #     IFLA_VXLAN_ID 0x123456
                14 00 10 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02   # IFLA_VXLAN_GROUP6 fd00::2
                14 00 11 00  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01   # IFLA_VXLAN_LOCAL6 fd00::1
                06 00 0f 00  21 18 00 00                               #     IFLA_VXLAN_PORT 8472
                """
                        .formatted(NEWLINK_CREATE_HEADER_PREFIX));
    }

    @Test
    void setUpByNameSelectsWithIfnameAndChangesOnlyIffUp() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(Rtnetlink.RTM_SETLINK, 0, 1);
        LinkMessages.writeSetUp(writer, 0, "eth0", false);

        assertBytes(
                writer.finish(),
                """
                2c 00 00 00  13 00  00 00  01 00 00 00  00 00 00 00   # RTM_SETLINK
                00 00 00 00  00 00 00 00  00 00 00 00  01 00 00 00   # flags 0, change IFF_UP: down
                09 00 03 00  65 74 68 30 00 00 00 00                   # IFLA_IFNAME "eth0"
                """);
    }

    @Test
    void decodesAVlanReplyWithItsKindData() {
        NetlinkMessage reply = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                78 00 00 00  10 00  00 00  05 00 00 00  00 00 00 00   # RTM_NEWLINK, 120 bytes
                00 00 01 00  07 00 00 00  43 10 01 00  00 00 00 00   # ARPHRD_ETHER, index 7, UP|RUNNING|LOWER_UP
                0d 00 03 00  65 74 68 30 2e 31 30 30 00 00 00 00       # IFLA_IFNAME "eth0.100"
                08 00 04 00  dc 05 00 00                               # IFLA_MTU 1500
                08 00 05 00  02 00 00 00                               # IFLA_LINK 2
                05 00 10 00  06 00 00 00                               # IFLA_OPERSTATE UP
                0a 00 01 00  02 00 00 00 00 07 00 00                   # IFLA_ADDRESS
                24 00 12 00                                            # IFLA_LINKINFO
                09 00 01 00  76 6c 61 6e 00 00 00 00                   #   IFLA_INFO_KIND "vlan"
                14 00 02 00                                            #   IFLA_INFO_DATA
                06 00 01 00  64 00 00 00                               #     IFLA_VLAN_ID 100
                06 00 05 00  81 00 00 00                               #     IFLA_VLAN_PROTOCOL 802.1Q
                """))
                .get(0);

        Link link = LinkMessages.decode(reply);

        assertThat(link.index()).isEqualTo(7);
        assertThat(link.name()).isEqualTo("eth0.100");
        assertThat(link.kind()).hasValue("vlan");
        assertThat(link.mtu()).isEqualTo(1500);
        assertThat(link.isUp()).isTrue();
        assertThat(link.hasCarrier()).isTrue();
        assertThat(link.operState()).isEqualTo(OperState.UP);
        assertThat(link.mac()).hasValue(MacAddress.parse("02:00:00:00:00:07"));
        assertThat(link.linkIndex()).hasValue(2);
        assertThat(link.masterIndex()).isEmpty();
        assertThat(link.vethPeerIndex()).isEmpty();
        assertThat(link.details()).isEqualTo(new Link.VlanDetails(100, VlanProtocol.IEEE_802_1Q));
    }

    @Test
    void aTunnelsFourByteHardwareAddressIsNoMac() {
        // ipip's fallback device tunl0 appears in every namespace once the module is loaded; its IFLA_ADDRESS is
        // the tunnel's IPv4 source (0.0.0.0), not an Ethernet address.
        NetlinkMessage reply = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                44 00 00 00  10 00  00 00  05 00 00 00  00 00 00 00   # RTM_NEWLINK, 68 bytes
                00 00 00 03  03 00 00 00  00 00 00 00  00 00 00 00   # ARPHRD_TUNNEL, index 3, down
                0a 00 03 00  74 75 6e 6c 30 00 00 00                   # IFLA_IFNAME "tunl0"
                08 00 04 00  e0 05 00 00                               # IFLA_MTU 1504
                05 00 10 00  02 00 00 00                               # IFLA_OPERSTATE DOWN
                08 00 01 00  00 00 00 00                               # IFLA_ADDRESS, 4 bytes
                """))
                .get(0);

        Link link = LinkMessages.decode(reply);

        assertThat(link.name()).isEqualTo("tunl0");
        assertThat(link.mac()).isEmpty();
    }

    @Test
    void aLinkCreatedInAnotherNamespaceCarriesItsDescriptor() {
        LinkSpec.Macvlan spec = new LinkSpec.Macvlan(
                LinkOptions.named("eth1").withUp(true).withMac(MacAddress.parse("02:42:0a:58:00:02")),
                "uplink",
                MacvlanMode.PRIVATE);
        MessageWriter writer = new MessageWriter(256);
        writer.begin(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        LinkMessages.writeNewLink(writer, spec, 7, 0, 42);
        NetlinkMessage message = NetlinkMessage.parseAll(writer.finish()).get(0);
        Attributes attributes = message.attributes(IfLink.IFINFOMSG_LENGTH);
        assertThat(attributes.string(IfLink.IFLA_IFNAME)).contains("eth1");
        assertThat(attributes.u32(IfLink.IFLA_LINK)).hasValue(7);
        assertThat(attributes.u32(IfLink.IFLA_NET_NS_FD)).hasValue(42);
        assertThat(attributes.has(IfLink.IFLA_MASTER)).isFalse();
        assertThat(attributes
                        .nested(IfLink.IFLA_LINKINFO)
                        .nested(IfLink.IFLA_INFO_DATA)
                        .u32(IfLink.IFLA_MACVLAN_MODE))
                .hasValue(IfLink.MACVLAN_MODE_PRIVATE);
    }

    private static ByteBuffer newLink(LinkSpec spec, int parentIndex, int masterIndex) {
        MessageWriter writer = new MessageWriter(256);
        writer.begin(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, 1);
        LinkMessages.writeNewLink(writer, spec, parentIndex, masterIndex);
        return writer.finish();
    }
}
