package io.shoal.netlink.wire;

import java.nio.ByteBuffer;

/**
 * The body of an {@code NLMSG_ERROR} message ({@code struct nlmsgerr}, linux/netlink.h): error 0 is an ACK, a negative
 * value is {@code -errno}. After the error comes the request's header, then its body unless the kernel capped it
 * ({@code NLM_F_CAPPED}), then the extended-ACK attributes when {@code NLM_F_ACK_TLVS} is set.
 *
 * @param errno the positive errno, 0 for an ACK
 * @param requestType the {@code nlmsg_type} of the request being answered
 * @param requestSequence the {@code nlmsg_seq} of the request being answered
 * @param extendedAck the {@code NLMSGERR_ATTR_MSG} text, or empty
 */
public record NetlinkError(int errno, int requestType, int requestSequence, String extendedAck) {
    private static final int ERROR_FIELD_LENGTH = 4;

    /** Decodes {@code message}, which must be of type {@link Netlink#NLMSG_ERROR}. */
    public static NetlinkError parse(NetlinkMessage message) {
        if (message.type() != Netlink.NLMSG_ERROR) {
            throw new IllegalArgumentException("not an NLMSG_ERROR: type " + message.type());
        }
        ByteBuffer body = message.payload();
        if (body.remaining() < ERROR_FIELD_LENGTH + NetlinkMessage.HEADER_LENGTH) {
            throw new MalformedMessageException("NLMSG_ERROR of " + body.remaining() + " bytes");
        }
        int error = body.getInt(0);
        int requestLength = body.getInt(ERROR_FIELD_LENGTH);
        int requestType = Short.toUnsignedInt(body.getShort(ERROR_FIELD_LENGTH + 4));
        int requestSequence = body.getInt(ERROR_FIELD_LENGTH + 8);
        String text = "";
        if (message.hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            int echoed = message.hasFlag(Netlink.NLM_F_CAPPED) ? NetlinkMessage.HEADER_LENGTH : requestLength;
            int tlvStart = ERROR_FIELD_LENGTH + Attributes.align(echoed);
            if (tlvStart <= body.remaining()) {
                text = Attributes.parse(body.duplicate().position(tlvStart))
                        .string(Netlink.NLMSGERR_ATTR_MSG)
                        .orElse("");
            }
        }
        return new NetlinkError(-error, requestType, requestSequence, text);
    }

    /** Whether this is a positive acknowledgement. */
    public boolean isAck() {
        return errno == 0;
    }
}
