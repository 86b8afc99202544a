package io.shoal.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer (hardware) address as the kernel stores it in IFLA_ADDRESS or NDA_LLADDR: six bytes for Ethernet,
 * other lengths for other link types. Immutable; written {@code 02:42:ac:11:00:02}.
 */
public final class LinkLayerAddress {
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private LinkLayerAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The address with these bytes (copied); at least one byte. */
    public static LinkLayerAddress of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a link-layer address has at least one byte");
        }
        return new LinkLayerAddress(bytes.clone());
    }

    /** Parses colon-separated hex bytes, e.g. {@code 02:42:ac:11:00:02}. */
    public static LinkLayerAddress parse(String text) {
        if (!text.matches("\\p{XDigit}{2}(:\\p{XDigit}{2})*")) {
            throw new IllegalArgumentException(
                    "not a link-layer address (expected hex bytes like 02:42:ac:11:00:02): " + text);
        }
        return new LinkLayerAddress(COLON_HEX.parseHex(text));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LinkLayerAddress that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return COLON_HEX.formatHex(bytes);
    }
}
