package io.shoal.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageParsingTest {
    @BeforeEach
    void littleEndian() {
        HexBytes.assumeLittleEndian();
    }

    @Test
    void splitsADatagramIntoAlignedMessages() {
        List<NetlinkMessage> messages = NetlinkMessage.parseAll(
                HexBytes.buffer(
                        """
                16 00 00 00  10 00  02 00  05 00 00 00  39 30 00 00   # 22 bytes: RTM_NEWLINK, NLM_F_MULTI
                01 02 03 04  05 06  00 00                               # 6 payload bytes + 2 padding
                14 00 00 00  03 00  02 00  05 00 00 00  39 30 00 00   # NLMSG_DONE
                00 00 00 00
                """));

        assertThat(messages).hasSize(2);
        NetlinkMessage first = messages.get(0);
        assertThat(first.type()).isEqualTo(Rtnetlink.RTM_NEWLINK);
        assertThat(first.hasFlag(Netlink.NLM_F_MULTI)).isTrue();
        assertThat(first.sequence()).isEqualTo(5);
        assertThat(first.portId()).isEqualTo(12345);
        assertThat(HexBytes.toArray(first.payload())).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(messages.get(1).type()).isEqualTo(Netlink.NLMSG_DONE);
    }

    @Test
    void rejectsAMessageLongerThanTheDatagram() {
        assertThatThrownBy(() -> NetlinkMessage.parseAll(HexBytes.buffer(
                        """
                40 00 00 00  10 00  00 00  01 00 00 00  00 00 00 00
                """)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("length 64");
    }

    @Test
    void cappedErrorCarriesErrnoRequestAndExtendedAckText() {
        NetlinkMessage message = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                30 00 00 00  02 00  00 03  07 00 00 00  d2 04 00 00   # NLMSG_ERROR, CAPPED | ACK_TLVS
                ef ff ff ff                                             # -17 (EEXIST)
                20 00 00 00  10 00  05 06  07 00 00 00  00 00 00 00   # the request's header only
                09 00 01 00  62 6f 6f 6d 00 00 00 00                    # NLMSGERR_ATTR_MSG "boom"
                """))
                .get(0);

        NetlinkError error = NetlinkError.parse(message);

        assertThat(error).isEqualTo(new NetlinkError(17, Rtnetlink.RTM_NEWLINK, 7, "boom"));
        assertThat(error.isAck()).isFalse();
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequestBodyToReachTheExtendedAck() {
        NetlinkMessage message = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                38 00 00 00  02 00  00 02  08 00 00 00  00 00 00 00   # NLMSG_ERROR, ACK_TLVS only
                ea ff ff ff                                             # -22 (EINVAL)
                16 00 00 00  13 00  05 00  08 00 00 00  00 00 00 00   # echoed request, 22 bytes
                aa bb cc dd  ee ff  00 00                               # its 6-byte body + padding
                0a 00 01 00  62 61 64 20 6d 74 00 00                    # NLMSGERR_ATTR_MSG "bad mt"
                """))
                .get(0);

        assertThat(NetlinkError.parse(message)).isEqualTo(new NetlinkError(22, Rtnetlink.RTM_SETLINK, 8, "bad mt"));
    }

    @Test
    void errorZeroIsAnAck() {
        NetlinkMessage message = NetlinkMessage.parseAll(
                        HexBytes.buffer(
                                """
                24 00 00 00  02 00  00 01  03 00 00 00  00 00 00 00
                00 00 00 00
                24 00 00 00  18 00  05 06  03 00 00 00  00 00 00 00
                """))
                .get(0);

        NetlinkError ack = NetlinkError.parse(message);

        assertThat(ack.isAck()).isTrue();
        assertThat(ack.extendedAck()).isEmpty();
        assertThat(ack.requestType()).isEqualTo(Rtnetlink.RTM_NEWROUTE);
    }

    @Test
    void attributesAreFoundByTypeWithNestedFlagMaskedAndLastValueWinning() {
        Attributes attributes = Attributes.parse(
                HexBytes.buffer(
                        """
                08 00 04 00  dc 05 00 00              # IFLA_MTU 1500
                08 00 04 00  28 23 00 00              # IFLA_MTU again: 9000 wins
                09 00 03 00  65 74 68 30 00 00 00 00  # IFLA_IFNAME "eth0"
                10 00 12 80                           # IFLA_LINKINFO with NLA_F_NESTED
                09 00 01 00  76 6c 61 6e 00 00 00 00  #   IFLA_INFO_KIND "vlan"
                06 00 0f 00  12 b5 00 00              # type 15, big-endian 4789
                """));

        assertThat(attributes.u32(IfLink.IFLA_MTU)).hasValue(9000);
        assertThat(attributes.string(IfLink.IFLA_IFNAME)).hasValue("eth0");
        assertThat(attributes.nested(IfLink.IFLA_LINKINFO).string(IfLink.IFLA_INFO_KIND))
                .hasValue("vlan");
        assertThat(attributes.be16(15)).hasValue(4789);
        assertThat(attributes.has(IfLink.IFLA_MASTER)).isFalse();
        assertThat(attributes.u32(IfLink.IFLA_MASTER)).isEmpty();
        assertThat(attributes.nested(IfLink.IFLA_MASTER).has(1)).isFalse();
    }

    @Test
    void rejectsAnAttributeOverrunningItsParent() {
        assertThatThrownBy(() -> Attributes.parse(
                        HexBytes.buffer("""
                10 00 03 00  65 74 68 30
                """)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void rejectsAnAttributeShorterThanItsType() {
        Attributes attributes =
                Attributes.parse(HexBytes.buffer("""
                06 00 04 00  dc 05 00 00
                """));

        assertThatThrownBy(() -> attributes.u32(IfLink.IFLA_MTU)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void structsRoundTrip() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(0, 0, 0);
        IfInfoMsg link = new IfInfoMsg(Rtnetlink.AF_UNSPEC, IfLink.ARPHRD_ETHER, 7, IfLink.IFF_UP, -1);
        IfAddrMsg address = new IfAddrMsg(Rtnetlink.AF_INET6, 64, IfAddr.IFA_F_NODAD, 0, 7);
        RtMsg route = new RtMsg(Rtnetlink.AF_INET, 24, 0, 0, 254, 3, 253, 1, 0);
        NdMsg neighbour = new NdMsg(Rtnetlink.AF_INET, 7, Neighbour.NUD_PERMANENT, 0, 0);
        link.writeTo(writer);
        address.writeTo(writer);
        route.writeTo(writer);
        neighbour.writeTo(writer);
        ByteBuffer message = writer.finish();

        assertThat(IfInfoMsg.read(at(message, 16))).isEqualTo(link);
        assertThat(IfAddrMsg.read(at(message, 32))).isEqualTo(address);
        assertThat(RtMsg.read(at(message, 40))).isEqualTo(route);
        assertThat(NdMsg.read(at(message, 52))).isEqualTo(neighbour);
    }

    private static ByteBuffer at(ByteBuffer message, int offset) {
        return message.duplicate().position(offset).slice().order(ByteOrder.nativeOrder());
    }
}
