package io.shoal.netlink.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds one netlink message in a reusable direct buffer: the {@code nlmsghdr}, a fixed family header written with
 * the {@code put} methods, then attributes ({@code struct rtattr}/{@code nlattr}), possibly nested. Fields are in
 * native byte order except where an attribute says otherwise; attributes are padded to 4 bytes ({@code NLA_ALIGNTO}).
 *
 * <p>Not thread-safe; one writer per socket is meant to be reused for every request.
 */
public final class MessageWriter {
    private ByteBuffer buffer;
    private int start = -1;

    /** A writer whose buffer starts at {@code initialCapacity} bytes and grows as needed. */
    public MessageWriter(int initialCapacity) {
        this.buffer = ByteBuffer.allocateDirect(initialCapacity).order(ByteOrder.nativeOrder());
    }

    /** Discards anything written and starts a message with the given header; the port id is 0 (the kernel fills it). */
    public MessageWriter begin(int type, int flags, int sequence) {
        buffer.clear();
        start = 0;
        buffer.putInt(0); // nlmsg_len, set by finish()
        buffer.putShort((short) type);
        buffer.putShort((short) flags);
        buffer.putInt(sequence);
        buffer.putInt(0);
        return this;
    }

    /** Writes one unsigned byte of a fixed header. */
    public MessageWriter putU8(int value) {
        ensure(1);
        buffer.put((byte) value);
        return this;
    }

    /** Writes a native-order 16-bit field of a fixed header. */
    public MessageWriter putU16(int value) {
        ensure(2);
        buffer.putShort((short) value);
        return this;
    }

    /** Writes a native-order 32-bit field of a fixed header. */
    public MessageWriter putU32(int value) {
        ensure(4);
        buffer.putInt(value);
        return this;
    }

    /** An attribute carrying {@code value} as is. */
    public MessageWriter attribute(int type, byte[] value) {
        writeAttributeHeader(type, value.length);
        buffer.put(value);
        pad();
        return this;
    }

    /** An attribute with no payload (a flag). */
    public MessageWriter flagAttribute(int type) {
        writeAttributeHeader(type, 0);
        return this;
    }

    /** An attribute carrying one byte. */
    public MessageWriter u8Attribute(int type, int value) {
        writeAttributeHeader(type, 1);
        buffer.put((byte) value);
        pad();
        return this;
    }

    /** An attribute carrying a native-order 16-bit value. */
    public MessageWriter u16Attribute(int type, int value) {
        writeAttributeHeader(type, 2);
        buffer.putShort((short) value);
        pad();
        return this;
    }

    /** An attribute carrying a 16-bit value in network byte order ({@code __be16}, e.g. ports, ethertypes). */
    public MessageWriter be16Attribute(int type, int value) {
        writeAttributeHeader(type, 2);
        buffer.put((byte) (value >>> 8)).put((byte) value);
        pad();
        return this;
    }

    /** An attribute carrying a 32-bit value in network byte order ({@code __be32}, e.g. ctnetlink's CTA_ID). */
    public MessageWriter be32Attribute(int type, int value) {
        writeAttributeHeader(type, 4);
        buffer.put((byte) (value >>> 24))
                .put((byte) (value >>> 16))
                .put((byte) (value >>> 8))
                .put((byte) value);
        return this;
    }

    /** An attribute carrying a native-order 32-bit value. */
    public MessageWriter u32Attribute(int type, int value) {
        writeAttributeHeader(type, 4);
        buffer.putInt(value);
        return this;
    }

    /** An attribute carrying {@code value} in UTF-8 followed by a NUL, as the kernel's NLA_STRING/NLA_NUL_STRING want. */
    public MessageWriter stringAttribute(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeAttributeHeader(type, bytes.length + 1);
        buffer.put(bytes).put((byte) 0);
        pad();
        return this;
    }

    /**
     * Opens a nested attribute; everything written until {@link #endNested} is its payload. Returns the mark to pass
     * to {@code endNested}. The type is written as given (rtnetlink does not want NLA_F_NESTED in IFLA_LINKINFO).
     */
    public int beginNested(int type) {
        int mark = buffer.position();
        writeAttributeHeader(type, 0);
        return mark;
    }

    /** Closes the nested attribute opened at {@code mark}, fixing its length. */
    public MessageWriter endNested(int mark) {
        buffer.putShort(mark, (short) (buffer.position() - mark));
        return this;
    }

    /** Sets {@code nlmsg_len} and returns the message, from position 0 to its end; valid until the next begin. */
    public ByteBuffer finish() {
        if (start < 0) {
            throw new IllegalStateException("finish() without begin()");
        }
        buffer.putInt(start, buffer.position() - start);
        ByteBuffer message = buffer.duplicate().order(ByteOrder.nativeOrder());
        message.flip();
        return message;
    }

    /** The number of bytes written so far in the current message. */
    public int length() {
        return buffer.position() - start;
    }

    private void writeAttributeHeader(int type, int payloadLength) {
        int length = Attributes.HEADER_LENGTH + payloadLength;
        if (length > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + " too long: " + payloadLength + " bytes");
        }
        ensure(Attributes.align(length));
        buffer.putShort((short) length);
        buffer.putShort((short) type);
    }

    private void pad() {
        int padding = Attributes.align(buffer.position()) - buffer.position();
        for (int i = 0; i < padding; i++) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int bytes) {
        if (buffer.remaining() >= bytes) {
            return;
        }
        int capacity = Math.max(buffer.capacity() * 2, buffer.position() + bytes);
        ByteBuffer larger = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
        buffer.flip();
        larger.put(buffer);
        buffer = larger;
    }
}
