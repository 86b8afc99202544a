package io.shoal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
    @Test
    void ipv6IsFormattedCanonically() {
        assertThat(IpAddresses.format(IpAddresses.parse("2001:db8:0:0:1:0:0:1")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.format(IpAddresses.parse("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddresses.format(IpAddresses.parse("::"))).isEqualTo("::");
        assertThat(IpAddresses.format(IpAddresses.parse("fe80::1"))).isEqualTo("fe80::1");
        assertThat(IpAddresses.format(IpAddresses.parse("1::"))).isEqualTo("1::");
        assertThat(IpAddresses.format(IpAddresses.parse("2001:DB8:0000:0:0:0:0:0001")))
                .isEqualTo("2001:db8::1");
        assertThat(IpAddresses.format(IpAddresses.parse("0:0:1:0:0:0:1:0"))).isEqualTo("0:0:1::1:0");
        assertThat(IpAddresses.format(IpAddresses.parse("1:0:0:2:0:0:3:4"))).isEqualTo("1::2:0:0:3:4");
    }

    @Test
    void readsEveryNumericForm() {
        assertThat(IpAddresses.parse("10.1.0.1")).isInstanceOf(Inet4Address.class);
        assertThat(IpAddresses.parse("64:ff9b::10.0.0.1")).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.format(IpAddresses.parse("64:ff9b::10.0.0.1"))).isEqualTo("64:ff9b::a00:1");
        assertThat(IpAddresses.format(IpAddresses.parse("1:2:3:4:5:6:7::"))).isEqualTo("1:2:3:4:5:6:7:0");
        assertThat(IpAddresses.format(IpAddresses.parse("::1:2:3:4:5:6:7"))).isEqualTo("0:1:2:3:4:5:6:7");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "localhost",
                "example.com",
                "10.0.0.256",
                "10.0.0",
                "10.0.0.1.2",
                "010.0.0.1",
                "10.0.0.-1",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1::2:3:4:5:6:7:8",
                "00000::1",
                ":1::",
                "1:::2",
                "fe80::1%eth0",
                "[::1]",
                "::ffff:10.1.0.1",
                "\u0661.1.1.1",
                "::g"
            })
    void refusesAnythingElse(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void octetsAreCanonicalDecimal() {
        assertThat(IpAddresses.decimalOctet("0")).isZero();
        assertThat(IpAddresses.decimalOctet("255")).isEqualTo(255);
        assertThat(IpAddresses.decimalOctet("256")).isEqualTo(-1);
        assertThat(IpAddresses.decimalOctet("01")).isEqualTo(-1);
        assertThat(IpAddresses.decimalOctet("")).isEqualTo(-1);
        assertThat(IpAddresses.decimalOctet("1a")).isEqualTo(-1);
        assertThat(IpAddresses.decimalOctet("\u0661")).isEqualTo(-1);
    }

    @Test
    void bytesBecomeAddresses() {
        assertThat(IpAddresses.fromBytes(new byte[] {10, 0, 0, 1})).isEqualTo(IpAddresses.parse("10.0.0.1"));
        assertThat(IpAddresses.fromBytes(new byte[16])).isEqualTo(IpAddresses.parse("::"));
        assertThatThrownBy(() -> IpAddresses.fromBytes(new byte[5])).hasMessageContaining("4 or 16 bytes");
    }
}
