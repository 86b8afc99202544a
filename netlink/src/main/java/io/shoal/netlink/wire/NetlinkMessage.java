package io.shoal.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: its {@code nlmsghdr} fields and its payload (the family header followed by
 * attributes). The payload shares the receive buffer and is valid only until the socket receives again.
 *
 * @param type {@code nlmsg_type}
 * @param flags {@code nlmsg_flags}
 * @param sequence {@code nlmsg_seq}
 * @param portId {@code nlmsg_pid}
 * @param payload the bytes after the header, positioned at 0, native order
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer payload) {
    /** {@code sizeof(struct nlmsghdr)}. */
    public static final int HEADER_LENGTH = 16;

    /** Splits a received datagram (between {@code datagram}'s position and limit) into its messages. */
    public static List<NetlinkMessage> parseAll(ByteBuffer datagram) {
        ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.remaining() >= HEADER_LENGTH) {
            int at = in.position();
            int length = in.getInt(at);
            if (length < HEADER_LENGTH || length > in.remaining()) {
                throw new MalformedMessageException(
                        "netlink message length " + length + " with " + in.remaining() + " bytes left");
            }
            ByteBuffer payload = in.duplicate()
                    .position(at + HEADER_LENGTH)
                    .limit(at + length)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(
                    Short.toUnsignedInt(in.getShort(at + 4)),
                    Short.toUnsignedInt(in.getShort(at + 6)),
                    in.getInt(at + 8),
                    in.getInt(at + 12),
                    payload));
            in.position(Math.min(in.limit(), at + Attributes.align(length)));
        }
        return messages;
    }

    /** Whether {@code flag} (e.g. {@link Netlink#NLM_F_MULTI}) is set. */
    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** The attributes following a family header of {@code fixedHeaderLength} bytes. */
    public Attributes attributes(int fixedHeaderLength) {
        int offset = Attributes.align(fixedHeaderLength);
        if (payload.remaining() < offset) {
            throw new MalformedMessageException(
                    "message type " + type + " too short for a " + fixedHeaderLength + "-byte header");
        }
        return Attributes.parse(payload.duplicate().position(offset));
    }
}
