package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * {@code struct ndmsg} (linux/neighbour.h): family (u8), padding (u8, u16), interface index (s32), state (u16), flags
 * (u8), type (u8).
 *
 * @param family AF_INET or AF_INET6
 * @param index {@code ndm_ifindex}
 * @param state {@code ndm_state}, NUD_*
 * @param flags {@code ndm_flags}, NTF_*
 * @param type {@code ndm_type}
 */
public record NdMsg(int family, int index, int state, int flags, int type) {
    /** Appends the 12 bytes. */
    public MessageWriter writeTo(MessageWriter writer) {
        return writer.putU8(family)
                .putU8(0)
                .putU16(0)
                .putU32(index)
                .putU16(state)
                .putU8(flags)
                .putU8(type);
    }

    /** Reads the header at the start of {@code payload}. */
    public static NdMsg read(ByteBuffer payload) {
        IfInfoMsg.requireLength(payload, Neighbour.NDMSG_LENGTH, "ndmsg");
        return new NdMsg(
                payload.get(0) & 0xff,
                payload.getInt(4),
                Short.toUnsignedInt(payload.getShort(8)),
                payload.get(10) & 0xff,
                payload.get(11) & 0xff);
    }
}
