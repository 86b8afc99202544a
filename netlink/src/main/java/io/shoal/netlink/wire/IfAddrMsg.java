package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * {@code struct ifaddrmsg} (linux/if_addr.h): family, prefix length, flags, scope (u8 each), interface index (u32).
 *
 * @param family AF_INET or AF_INET6
 * @param prefixLength {@code ifa_prefixlen}
 * @param flags {@code ifa_flags}, the low 8 IFA_F_* bits (IFA_FLAGS carries all of them)
 * @param scope {@code ifa_scope}, RT_SCOPE_*
 * @param index {@code ifa_index}
 */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {
    /** Appends the 8 bytes. */
    public MessageWriter writeTo(MessageWriter writer) {
        return writer.putU8(family)
                .putU8(prefixLength)
                .putU8(flags)
                .putU8(scope)
                .putU32(index);
    }

    /** Reads the header at the start of {@code payload}. */
    public static IfAddrMsg read(ByteBuffer payload) {
        IfInfoMsg.requireLength(payload, IfAddr.IFADDRMSG_LENGTH, "ifaddrmsg");
        return new IfAddrMsg(
                payload.get(0) & 0xff,
                payload.get(1) & 0xff,
                payload.get(2) & 0xff,
                payload.get(3) & 0xff,
                payload.getInt(4));
    }
}
