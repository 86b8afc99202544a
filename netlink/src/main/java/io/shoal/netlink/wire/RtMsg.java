package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * {@code struct rtmsg} (linux/rtnetlink.h): family, destination and source prefix lengths, TOS, table, protocol, scope,
 * type (u8 each), flags (u32).
 *
 * @param family AF_INET or AF_INET6
 * @param destinationLength {@code rtm_dst_len}
 * @param sourceLength {@code rtm_src_len}
 * @param tos {@code rtm_tos}
 * @param table {@code rtm_table}; tables above 255 travel in RTA_TABLE
 * @param protocol {@code rtm_protocol}, RTPROT_*
 * @param scope {@code rtm_scope}, RT_SCOPE_*
 * @param type {@code rtm_type}, RTN_*
 * @param flags {@code rtm_flags}, RTM_F_*
 */
public record RtMsg(
        int family,
        int destinationLength,
        int sourceLength,
        int tos,
        int table,
        int protocol,
        int scope,
        int type,
        int flags) {
    /** {@code sizeof(struct rtmsg)}. */
    public static final int LENGTH = 12;

    /** Appends the 12 bytes. */
    public MessageWriter writeTo(MessageWriter writer) {
        return writer.putU8(family)
                .putU8(destinationLength)
                .putU8(sourceLength)
                .putU8(tos)
                .putU8(table)
                .putU8(protocol)
                .putU8(scope)
                .putU8(type)
                .putU32(flags);
    }

    /** Reads the header at the start of {@code payload}. */
    public static RtMsg read(ByteBuffer payload) {
        IfInfoMsg.requireLength(payload, LENGTH, "rtmsg");
        return new RtMsg(
                payload.get(0) & 0xff,
                payload.get(1) & 0xff,
                payload.get(2) & 0xff,
                payload.get(3) & 0xff,
                payload.get(4) & 0xff,
                payload.get(5) & 0xff,
                payload.get(6) & 0xff,
                payload.get(7) & 0xff,
                payload.getInt(8));
    }
}
