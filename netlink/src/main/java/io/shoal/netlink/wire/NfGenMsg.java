package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * {@code struct nfgenmsg} (linux/netfilter/nfnetlink.h): family (u8), version (u8, NFNETLINK_V0), resource id
 * (be16), 4 bytes in all.
 *
 * @param family AF_INET, AF_INET6, or AF_UNSPEC for both
 * @param resourceId {@code res_id}; 0 for ctnetlink
 */
public record NfGenMsg(int family, int resourceId) {
    /** {@code sizeof(struct nfgenmsg)}. */
    public static final int LENGTH = 4;

    /** Appends the 4 bytes. */
    public MessageWriter writeTo(MessageWriter writer) {
        return writer.putU8(family)
                .putU8(Ctnetlink.NFNETLINK_V0)
                .putU8(resourceId >>> 8)
                .putU8(resourceId);
    }

    /** Reads the header at the start of {@code payload}. */
    public static NfGenMsg read(ByteBuffer payload) {
        IfInfoMsg.requireLength(payload, LENGTH, "nfgenmsg");
        return new NfGenMsg(payload.get(0) & 0xff, ((payload.get(2) & 0xff) << 8) | (payload.get(3) & 0xff));
    }
}
