package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg} (linux/rtnetlink.h): family (u8), padding (u8), device type (u16), index (s32), flags (u32),
 * change mask (u32).
 *
 * @param family {@code ifi_family}, usually AF_UNSPEC
 * @param deviceType {@code ifi_type}, an ARPHRD_* value
 * @param index {@code ifi_index}; 0 lets the kernel choose or look the link up by IFLA_IFNAME
 * @param flags {@code ifi_flags}, IFF_*
 * @param change {@code ifi_change}: which flags to change
 */
public record IfInfoMsg(int family, int deviceType, int index, int flags, int change) {
    /** A header that names a link by {@code index} (0: by name) and changes no flags. */
    public static IfInfoMsg forIndex(int index) {
        return new IfInfoMsg(Rtnetlink.AF_UNSPEC, 0, index, 0, 0);
    }

    /** Appends the 16 bytes. */
    public MessageWriter writeTo(MessageWriter writer) {
        return writer.putU8(family)
                .putU8(0)
                .putU16(deviceType)
                .putU32(index)
                .putU32(flags)
                .putU32(change);
    }

    /** Reads the header at the start of {@code payload}. */
    public static IfInfoMsg read(ByteBuffer payload) {
        requireLength(payload, IfLink.IFINFOMSG_LENGTH, "ifinfomsg");
        return new IfInfoMsg(
                payload.get(0) & 0xff,
                Short.toUnsignedInt(payload.getShort(2)),
                payload.getInt(4),
                payload.getInt(8),
                payload.getInt(12));
    }

    static void requireLength(ByteBuffer payload, int length, String what) {
        if (payload.remaining() < length) {
            throw new MalformedMessageException(what + " needs " + length + " bytes, got " + payload.remaining());
        }
    }
}
