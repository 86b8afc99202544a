package io.shoal.netlink;

import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.wire.Attributes;
import io.shoal.netlink.wire.IfAddr;
import io.shoal.netlink.wire.IfAddrMsg;
import io.shoal.netlink.wire.MalformedMessageException;
import io.shoal.netlink.wire.MessageWriter;
import io.shoal.netlink.wire.NetlinkMessage;
import io.shoal.netlink.wire.Rtnetlink;
import java.util.Set;

/**
 * Address request bodies and reply decoding. Like {@code ip addr add}, a request carries IFA_LOCAL and IFA_ADDRESS
 * with the same address (they differ only on point-to-point links), then IFA_FLAGS when any flag is set.
 */
final class AddressMessages {
    private AddressMessages() {}

    /** The body of an RTM_NEWADDR assigning {@code address} to link {@code index}. */
    static void writeAdd(MessageWriter writer, int index, IpPrefix address, Set<AddressFlag> flags) {
        int bits = AddressFlag.toBits(flags);
        header(address, bits & 0xff, index).writeTo(writer);
        writeAddresses(writer, address);
        if (bits != 0) {
            writer.u32Attribute(IfAddr.IFA_FLAGS, bits);
        }
    }

    /** The body of an RTM_DELADDR removing {@code address} from link {@code index}. */
    static void writeDelete(MessageWriter writer, int index, IpPrefix address) {
        header(address, 0, index).writeTo(writer);
        writeAddresses(writer, address);
    }

    /** The body of an RTM_GETADDR dump of {@code family}. */
    static void writeDump(MessageWriter writer, IpFamily family) {
        new IfAddrMsg(family.addressFamily(), 0, 0, 0, 0).writeTo(writer);
    }

    /** Decodes an RTM_NEWADDR message. */
    static Address decode(NetlinkMessage message) {
        IfAddrMsg header = IfAddrMsg.read(message.payload());
        Attributes attributes = message.attributes(IfAddr.IFADDRMSG_LENGTH);
        byte[] local = attributes
                .bytes(IfAddr.IFA_LOCAL)
                .or(() -> attributes.bytes(IfAddr.IFA_ADDRESS))
                .orElseThrow(() -> new MalformedMessageException("RTM_NEWADDR without IFA_LOCAL or IFA_ADDRESS"));
        int flags = attributes.u32(IfAddr.IFA_FLAGS).orElse(header.flags());
        return new Address(
                header.index(),
                new IpPrefix(IpAddresses.fromBytes(local), header.prefixLength()),
                new RouteScope(header.scope()),
                AddressFlag.fromBits(flags));
    }

    /** The address family an RTM_NEWADDR message is about, without decoding the rest. */
    static int family(NetlinkMessage message) {
        return IfAddrMsg.read(message.payload()).family();
    }

    private static IfAddrMsg header(IpPrefix address, int flags, int index) {
        int family = address.isIpv6() ? Rtnetlink.AF_INET6 : Rtnetlink.AF_INET;
        return new IfAddrMsg(family, address.length(), flags, Rtnetlink.RT_SCOPE_UNIVERSE, index);
    }

    private static void writeAddresses(MessageWriter writer, IpPrefix address) {
        byte[] bytes = address.address().getAddress();
        writer.attribute(IfAddr.IFA_LOCAL, bytes);
        writer.attribute(IfAddr.IFA_ADDRESS, bytes);
    }
}
