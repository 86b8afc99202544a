package io.shoal.netlink.wire;

import static io.shoal.netlink.wire.HexBytes.assertBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessageWriterTest {
    @BeforeEach
    void littleEndian() {
        HexBytes.assumeLittleEndian();
    }

    @Test
    void headerCarriesLengthTypeFlagsSequenceAndZeroPort() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(Rtnetlink.RTM_GETLINK, Netlink.NLM_F_DUMP, 0x01020304);
        IfInfoMsg.forIndex(0).writeTo(writer);

        assertBytes(
                writer.finish(),
                """
                20 00 00 00  12 00  00 03  04 03 02 01  00 00 00 00   # len 32, RTM_GETLINK, NLM_F_DUMP, seq
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00   # ifinfomsg, all zero
                """);
    }

    @Test
    void attributesArePaddedToFourBytesWithLengthExcludingPadding() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(1, 0, 0)
                .stringAttribute(3, "ab") // 4 + 3 = 7, padded to 8
                .u8Attribute(16, 6) // 4 + 1 = 5, padded to 8
                .u16Attribute(1, 0x0102) // 4 + 2 = 6, padded to 8
                .be16Attribute(15, 4789) // network order 12 b5
                .flagAttribute(9);

        assertBytes(
                writer.finish(),
                """
                34 00 00 00  01 00  00 00  00 00 00 00  00 00 00 00
                07 00 03 00  61 62 00 00
                05 00 10 00  06 00 00 00
                06 00 01 00  02 01 00 00
                06 00 0f 00  12 b5 00 00
                04 00 09 00
                """);
    }

    @Test
    void nestedAttributeLengthCoversItsChildrenAndTheirPadding() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(1, 0, 0);
        int outer = writer.beginNested(18);
        writer.stringAttribute(1, "veth");
        int inner = writer.beginNested(2);
        writer.u32Attribute(1, 7);
        writer.endNested(inner);
        writer.endNested(outer);

        assertBytes(
                writer.finish(),
                """
                2c 00 00 00  01 00  00 00  00 00 00 00  00 00 00 00
                1c 00 12 00                      # outer: 4 + 12 + 12
                09 00 01 00  76 65 74 68 00 00 00 00
                0c 00 02 00                      # inner: 4 + 8
                08 00 01 00  07 00 00 00
                """);
    }

    @Test
    void growsBeyondItsInitialCapacityKeepingWhatWasWritten() {
        MessageWriter writer = new MessageWriter(20);
        writer.begin(1, 0, 9);
        for (int i = 0; i < 100; i++) {
            writer.u32Attribute(1, i);
        }
        ByteBuffer message = writer.finish();

        assertThat(message.remaining()).isEqualTo(16 + 100 * 8);
        assertThat(message.getInt(0)).isEqualTo(16 + 100 * 8);
        assertThat(message.getInt(8)).isEqualTo(9);
        assertThat(message.getInt(16 + 99 * 8 + 4)).isEqualTo(99);
    }

    @Test
    void beginDiscardsThePreviousMessage() {
        MessageWriter writer = new MessageWriter(64);
        writer.begin(1, 0, 1).u32Attribute(1, 1).u32Attribute(2, 2);
        writer.begin(2, 0, 2).u32Attribute(3, 3);

        assertBytes(
                writer.finish(),
                """
                18 00 00 00  02 00  00 00  02 00 00 00  00 00 00 00
                08 00 03 00  03 00 00 00
                """);
    }

    @Test
    void finishWithoutBeginIsAnError() {
        assertThatThrownBy(() -> new MessageWriter(16).finish()).isInstanceOf(IllegalStateException.class);
    }
}
