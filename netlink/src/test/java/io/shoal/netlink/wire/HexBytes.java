package io.shoal.netlink.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;

/**
 * Expected netlink bytes written by hand: hex pairs, whitespace ignored, {@code #} starts a comment to the end of the
 * line. The hand-written values are little-endian, so tests using them abort on a big-endian host.
 */
public final class HexBytes {
    private HexBytes() {}

    /** The bytes of {@code text}. */
    public static byte[] parse(String text) {
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int comment = line.indexOf('#');
            hex.append((comment >= 0 ? line.substring(0, comment) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(hex.toString());
    }

    /** A native-order buffer holding {@code text}'s bytes. */
    public static ByteBuffer buffer(String text) {
        byte[] bytes = parse(text);
        return ByteBuffer.allocateDirect(bytes.length)
                .order(ByteOrder.nativeOrder())
                .put(bytes)
                .flip();
    }

    /** The remaining bytes of {@code buffer}, without moving it. */
    public static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Asserts {@code actual} holds exactly {@code expected}, showing both as hex on failure. */
    public static void assertBytes(ByteBuffer actual, String expected) {
        assertThat(HexFormat.ofDelimiter(" ").formatHex(toArray(actual)))
                .isEqualTo(HexFormat.ofDelimiter(" ").formatHex(parse(expected)));
    }

    /** Aborts the test on a big-endian host, where the hand-written little-endian bytes do not apply. */
    public static void assumeLittleEndian() {
        Assumptions.assumeTrue(
                ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN,
                "expected bytes are written for a little-endian host");
    }
}
