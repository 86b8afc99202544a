package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.Ctnetlink;
import io.shoal.netlink.wire.MalformedMessageException;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.NfGenMsg;
import java.net.InetAddress;
import java.util.Optional;

/**
 * ctnetlink request bodies and reply decoding (linux/netfilter/nfnetlink_conntrack.h). Nested attributes carry
 * NLA_F_NESTED, as libmnl writes them; the kernel accepts them with or without it.
 */
final class ConntrackMessages {
    private ConntrackMessages() {}

    /** The body of an IPCTNL_MSG_CT_GET dump of {@code family}'s table (AF_UNSPEC: both). */
    static void writeDump(MessageWriter writer, IpFamily family) {
        new NfGenMsg(family.addressFamily(), 0).writeTo(writer);
    }

    /** The body of an IPCTNL_MSG_CT_GET_STATS request. */
    static void writeStats(MessageWriter writer) {
        new NfGenMsg(IpFamily.ANY.addressFamily(), 0).writeTo(writer);
    }

    /**
     * The body of an IPCTNL_MSG_CT_DELETE of exactly {@code flow}: its original tuple, its zone when not 0, and its id,
     * so the kernel refuses (ENOENT) if the tuple now belongs to a newer entry with another id. A delete always names a tuple: without
     * one the kernel would flush the whole table.
     */
    static void writeDelete(MessageWriter writer, ConntrackFlow flow) {
        new NfGenMsg(IpFamily.addressFamilyOf(flow.original().source()), 0).writeTo(writer);
        writeTuple(writer, Ctnetlink.CTA_TUPLE_ORIG, flow.protocol(), flow.original());
        if (flow.zone() != 0) {
            writer.be16Attribute(Ctnetlink.CTA_ZONE, flow.zone());
        }
        writer.be32Attribute(Ctnetlink.CTA_ID, (int) flow.id());
    }

    /** A nested tuple: CTA_TUPLE_IP (source, destination), CTA_TUPLE_PROTO (number, ports). */
    static void writeTuple(MessageWriter writer, int type, ConntrackFlow.Protocol protocol, ConntrackFlow.Tuple tuple) {
        boolean v4 = tuple.source().getAddress().length == 4;
        int tupleMark = writer.beginNested(type | Attributes.NESTED_FLAG);
        int ipMark = writer.beginNested(Ctnetlink.CTA_TUPLE_IP | Attributes.NESTED_FLAG);
        writer.attribute(
                v4 ? Ctnetlink.CTA_IP_V4_SRC : Ctnetlink.CTA_IP_V6_SRC,
                tuple.source().getAddress());
        writer.attribute(
                v4 ? Ctnetlink.CTA_IP_V4_DST : Ctnetlink.CTA_IP_V6_DST,
                tuple.destination().getAddress());
        writer.endNested(ipMark);
        int protoMark = writer.beginNested(Ctnetlink.CTA_TUPLE_PROTO | Attributes.NESTED_FLAG);
        writer.u8Attribute(Ctnetlink.CTA_PROTO_NUM, protocol.number());
        writer.be16Attribute(Ctnetlink.CTA_PROTO_SRC_PORT, tuple.sourcePort());
        writer.be16Attribute(Ctnetlink.CTA_PROTO_DST_PORT, tuple.destinationPort());
        writer.endNested(protoMark);
        writer.endNested(tupleMark);
    }

    /** Decodes one entry of a dump; empty for protocols without ports (ICMP, GRE, ...). */
    static Optional<ConntrackFlow> decode(NetlinkMessage message) {
        if (Ctnetlink.subsystem(message.type()) != Ctnetlink.NFNL_SUBSYS_CTNETLINK
                || Ctnetlink.command(message.type()) != Ctnetlink.IPCTNL_MSG_CT_NEW) {
            throw new MalformedMessageException(
                    "not a ctnetlink entry: message type 0x" + Integer.toHexString(message.type()));
        }
        NfGenMsg.read(message.payload());
        Attributes attributes = message.attributes(NfGenMsg.LENGTH);
        Attributes original = attributes.nested(Ctnetlink.CTA_TUPLE_ORIG);
        int number = original.nested(Ctnetlink.CTA_TUPLE_PROTO)
                .u8(Ctnetlink.CTA_PROTO_NUM)
                .orElseThrow(() -> new MalformedMessageException("conntrack entry without CTA_PROTO_NUM"));
        ConntrackFlow.Protocol protocol = ConntrackFlow.Protocol.ofNumber(number);
        if (protocol == null) {
            return Optional.empty();
        }
        return Optional.of(new ConntrackFlow(
                protocol,
                tuple(original, "CTA_TUPLE_ORIG"),
                tuple(attributes.nested(Ctnetlink.CTA_TUPLE_REPLY), "CTA_TUPLE_REPLY"),
                attributes.be16(Ctnetlink.CTA_ZONE).orElse(0),
                attributes.be32(Ctnetlink.CTA_ID).orElse(0),
                attributes.be32(Ctnetlink.CTA_TIMEOUT).orElse(0)));
    }

    /** The table's entry count from an IPCTNL_MSG_CT_GET_STATS reply. */
    static long decodeCount(NetlinkMessage message) {
        return message.attributes(NfGenMsg.LENGTH)
                .be32(Ctnetlink.CTA_STATS_GLOBAL_ENTRIES)
                .orElseThrow(
                        () -> new MalformedMessageException("conntrack statistics without CTA_STATS_GLOBAL_ENTRIES"));
    }

    private static ConntrackFlow.Tuple tuple(Attributes tuple, String which) {
        Attributes ip = tuple.nested(Ctnetlink.CTA_TUPLE_IP);
        Attributes proto = tuple.nested(Ctnetlink.CTA_TUPLE_PROTO);
        boolean v4 = ip.has(Ctnetlink.CTA_IP_V4_SRC);
        InetAddress source = address(ip, v4 ? Ctnetlink.CTA_IP_V4_SRC : Ctnetlink.CTA_IP_V6_SRC, which);
        InetAddress destination = address(ip, v4 ? Ctnetlink.CTA_IP_V4_DST : Ctnetlink.CTA_IP_V6_DST, which);
        return new ConntrackFlow.Tuple(
                source,
                proto.be16(Ctnetlink.CTA_PROTO_SRC_PORT).orElse(0),
                destination,
                proto.be16(Ctnetlink.CTA_PROTO_DST_PORT).orElse(0));
    }

    private static InetAddress address(Attributes ip, int type, String which) {
        byte[] bytes = ip.bytes(type)
                .orElseThrow(
                        () -> new MalformedMessageException(which + " without an address (CTA_IP_* " + type + ")"));
        if (bytes.length != 4 && bytes.length != 16) {
            throw new MalformedMessageException(which + " address of " + bytes.length + " bytes");
        }
        return IpAddresses.fromBytes(bytes);
    }
}
