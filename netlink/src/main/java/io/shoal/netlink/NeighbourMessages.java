package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.MalformedMessageException;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NdMsg;
import io.shoal.netlink.wire.Neighbour;
import io.shoal.netlink.wire.NetlinkMessage;
import java.net.InetAddress;

/** Neighbour request bodies (ndmsg, NDA_DST, NDA_LLADDR) and reply decoding. */
final class NeighbourMessages {
    private NeighbourMessages() {}

    /** The body of an RTM_NEWNEIGH adding a permanent entry {@code address} -> {@code mac} on link {@code index}. */
    static void writeAdd(MessageWriter writer, int index, InetAddress address, MacAddress mac) {
        new NdMsg(IpFamily.addressFamilyOf(address), index, Neighbour.NUD_PERMANENT, 0, 0).writeTo(writer);
        writer.attribute(Neighbour.NDA_DST, address.getAddress());
        writer.attribute(Neighbour.NDA_LLADDR, mac.octets());
    }

    /** The body of an RTM_DELNEIGH for {@code address} on link {@code index}. */
    static void writeDelete(MessageWriter writer, int index, InetAddress address) {
        new NdMsg(IpFamily.addressFamilyOf(address), index, 0, 0, 0).writeTo(writer);
        writer.attribute(Neighbour.NDA_DST, address.getAddress());
    }

    /** The body of an RTM_GETNEIGH dump of {@code family}. */
    static void writeDump(MessageWriter writer, IpFamily family) {
        new NdMsg(family.addressFamily(), 0, 0, 0, 0).writeTo(writer);
    }

    /** The address family of an RTM_NEWNEIGH message. */
    static int family(NetlinkMessage message) {
        return NdMsg.read(message.payload()).family();
    }

    /** Decodes an RTM_NEWNEIGH message. */
    static NeighbourEntry decode(NetlinkMessage message) {
        NdMsg header = NdMsg.read(message.payload());
        Attributes attributes = message.attributes(Neighbour.NDMSG_LENGTH);
        InetAddress address = attributes
                .bytes(Neighbour.NDA_DST)
                .map(IpAddresses::fromBytes)
                .orElseThrow(() -> new MalformedMessageException("RTM_NEWNEIGH without NDA_DST"));
        return new NeighbourEntry(
                header.index(),
                address,
                attributes
                        .bytes(Neighbour.NDA_LLADDR)
                        .filter(b -> b.length == 6)
                        .map(MacAddress::of),
                header.state());
    }
}
