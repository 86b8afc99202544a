package io.shoal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrefixTest {
    @Test
    void parsesIpv4AndIpv6() {
        assertThat(IpPrefix.parse("10.1.0.0/24").toString()).isEqualTo("10.1.0.0/24");
        assertThat(IpPrefix.parse("fd00:0:0:1::/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(IpPrefix.parse("fd00:1:0:0:0:0:0:0/48").toString()).isEqualTo("fd00:1::/48");
        assertThat(IpPrefix.parse("::/0").toString()).isEqualTo("::/0");
        assertThat(IpPrefix.parse("2001:db8::1/128").toString()).isEqualTo("2001:db8::1/128");
        assertThat(IpPrefix.parse("10.0.0.2/24")).hasToString("10.0.0.2/24");
        assertThat(IpPrefix.parse("fd00:0:0::2/64")).hasToString("fd00::2/64");
        assertThat(IpPrefix.parse("64:ff9b::10.0.0.1/96").isIpv6()).isTrue();
    }

    @Test
    void defaultRouteCoversTheWholeFamily() {
        assertThat(IpPrefix.defaultRoute(IpAddresses.parse("192.0.2.1"))).hasToString("0.0.0.0/0");
        assertThat(IpPrefix.defaultRoute(IpAddresses.parse("fd00::1"))).hasToString("::/0");
        assertThat(IpPrefix.defaultRoute(IpAddresses.parse("192.0.2.1")).contains(IpAddresses.parse("203.0.113.9")))
                .isTrue();
    }

    @Test
    void networkClearsHostBits() {
        IpPrefix address = IpPrefix.parse("10.1.2.3/16");
        assertThat(address.isNetwork()).isFalse();
        assertThat(address.network()).isEqualTo(IpPrefix.parse("10.1.0.0/16"));
        assertThat(IpPrefix.parse("fd00::1:2/112").network()).isEqualTo(IpPrefix.parse("fd00::1:0/112"));
        assertThat(IpPrefix.parse("10.1.2.3/8").network()).hasToString("10.0.0.0/8");
        assertThat(IpPrefix.parse("10.1.0.0/16").isNetwork()).isTrue();
    }

    @Test
    void containsAndOverlaps() {
        IpPrefix net = IpPrefix.parse("172.18.0.0/16");
        assertThat(net.contains(IpAddresses.parse("172.18.255.255"))).isTrue();
        assertThat(net.contains(IpAddresses.parse("172.19.0.0"))).isFalse();
        assertThat(net.contains(IpAddresses.parse("fd00::1"))).isFalse();
        assertThat(net.overlaps(IpPrefix.parse("172.18.4.0/24"))).isTrue();
        assertThat(IpPrefix.parse("172.18.4.0/24").overlaps(net)).isTrue();
        assertThat(net.overlaps(IpPrefix.parse("172.19.0.0/16"))).isFalse();
    }

    @Test
    void refusesWhatIsNotNumericCidr() {
        assertThatThrownBy(() -> IpPrefix.parse("10.1.0.0")).hasMessageContaining("CIDR");
        assertThatThrownBy(() -> IpPrefix.parse("10.1.0.0/33")).hasMessageContaining("outside 0..32");
        assertThatThrownBy(() -> IpPrefix.parse("10.1.0.0/")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> IpPrefix.parse("example.com/24")).hasMessageContaining("not an IPv4 or IPv6");
        assertThatThrownBy(() -> IpPrefix.parse("10.1.0.256/24")).hasMessageContaining("not an IPv4 or IPv6");
        assertThatThrownBy(() -> IpPrefix.parse("::ffff:10.1.0.0/120")).hasMessageContaining("IPv4-mapped");
        assertThatThrownBy(() -> IpPrefix.parse("::ffff:a01:0/120")).hasMessageContaining("IPv4-mapped");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost/8", "1::2::3/64", "10.0.0.1/-1", "10.0.0.1/\u0663"})
    void refusesOtherMalformedText(String cidr) {
        assertThatThrownBy(() -> IpPrefix.parse(cidr)).isInstanceOf(IllegalArgumentException.class);
    }
}
