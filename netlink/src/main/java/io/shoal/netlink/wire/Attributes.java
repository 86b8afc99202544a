package io.shoal.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The attributes of one message or one nested attribute, by type. A type seen twice keeps its last value, which is
 * what the kernel's {@code nla_parse} does too. Payload views share the received buffer and are valid only until the
 * socket receives again.
 */
public final class Attributes {
    /** {@code sizeof(struct rtattr)}: length (u16) and type (u16). */
    public static final int HEADER_LENGTH = 4;

    /** {@code NLA_F_NESTED}; masked off when parsing, like {@code nla_type()}. */
    public static final int NESTED_FLAG = 1 << 15;

    /** {@code NLA_F_NET_BYTEORDER}; masked off when parsing. */
    public static final int NET_BYTEORDER_FLAG = 1 << 14;

    private static final int TYPE_MASK = ~(NESTED_FLAG | NET_BYTEORDER_FLAG) & 0xffff;
    private static final ByteBuffer[] NONE = new ByteBuffer[0];

    private final ByteBuffer[] byType;

    private Attributes(ByteBuffer[] byType) {
        this.byType = byType;
    }

    /** Rounds {@code length} up to the 4-byte alignment of netlink headers and attributes ({@code NLA_ALIGN}). */
    public static int align(int length) {
        return (length + 3) & ~3;
    }

    /** Parses the attributes between {@code from}'s position and limit; {@code from} is not moved. */
    public static Attributes parse(ByteBuffer from) {
        ByteBuffer in = from.duplicate().order(ByteOrder.nativeOrder());
        ByteBuffer[] byType = NONE;
        while (in.remaining() >= HEADER_LENGTH) {
            int at = in.position();
            int length = Short.toUnsignedInt(in.getShort(at));
            int type = Short.toUnsignedInt(in.getShort(at + 2)) & TYPE_MASK;
            if (length < HEADER_LENGTH || length > in.remaining()) {
                throw new MalformedMessageException(
                        "attribute " + type + " has length " + length + " with " + in.remaining() + " bytes left");
            }
            if (type >= byType.length) {
                ByteBuffer[] larger = new ByteBuffer[Math.max(type + 1, byType.length * 2)];
                System.arraycopy(byType, 0, larger, 0, byType.length);
                byType = larger;
            }
            byType[type] = in.duplicate()
                    .position(at + HEADER_LENGTH)
                    .limit(at + length)
                    .slice()
                    .order(ByteOrder.nativeOrder());
            in.position(Math.min(in.limit(), at + align(length)));
        }
        return new Attributes(byType);
    }

    /** Whether an attribute of {@code type} is present. */
    public boolean has(int type) {
        return type < byType.length && byType[type] != null;
    }

    /** The payload of {@code type}, positioned at 0, or empty. */
    public Optional<ByteBuffer> payload(int type) {
        return has(type) ? Optional.of(byType[type].duplicate().order(ByteOrder.nativeOrder())) : Optional.empty();
    }

    /** The payload of {@code type} copied out, or empty. */
    public Optional<byte[]> bytes(int type) {
        return payload(type).map(p -> {
            byte[] copy = new byte[p.remaining()];
            p.get(copy);
            return copy;
        });
    }

    /** A NUL-terminated (or unterminated) UTF-8 string attribute, or empty. */
    public Optional<String> string(int type) {
        return bytes(type).map(b -> {
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        });
    }

    /** A native-order u32 attribute, or empty. */
    public OptionalInt u32(int type) {
        return has(type) ? OptionalInt.of(requireLength(type, 4).getInt(0)) : OptionalInt.empty();
    }

    /** A native-order u16 attribute, unsigned, or empty. */
    public OptionalInt u16(int type) {
        return has(type)
                ? OptionalInt.of(Short.toUnsignedInt(requireLength(type, 2).getShort(0)))
                : OptionalInt.empty();
    }

    /** A network-order (big-endian) u16 attribute, unsigned, or empty. */
    public OptionalInt be16(int type) {
        if (!has(type)) {
            return OptionalInt.empty();
        }
        ByteBuffer p = requireLength(type, 2);
        return OptionalInt.of(((p.get(0) & 0xff) << 8) | (p.get(1) & 0xff));
    }

    /** A network-order (big-endian) u32 attribute, unsigned, or empty. */
    public OptionalLong be32(int type) {
        if (!has(type)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Integer.toUnsignedLong(
                requireLength(type, 4).duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0)));
    }

    /** A u8 attribute, unsigned, or empty. */
    public OptionalInt u8(int type) {
        return has(type) ? OptionalInt.of(requireLength(type, 1).get(0) & 0xff) : OptionalInt.empty();
    }

    /** The attributes nested in {@code type}; an empty set when absent. */
    public Attributes nested(int type) {
        return has(type) ? parse(byType[type]) : new Attributes(NONE);
    }

    private ByteBuffer requireLength(int type, int minimum) {
        ByteBuffer p = byType[type];
        if (p.remaining() < minimum) {
            throw new MalformedMessageException(
                    "attribute " + type + " has " + p.remaining() + " bytes, expected " + minimum);
        }
        return p;
    }
}
