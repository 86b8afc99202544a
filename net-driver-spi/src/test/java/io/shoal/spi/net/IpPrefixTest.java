package io.shoal.spi.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesIpv4AndIpv6() {
        assertThat(IpPrefix.parse("10.1.0.0/24").toString()).isEqualTo("10.1.0.0/24");
        assertThat(IpPrefix.parse("fd00:0:0:1::/64").toString()).isEqualTo("fd00:0:0:1::/64");
        assertThat(IpPrefix.parse("fd00:1:0:0:0:0:0:0/48").toString()).isEqualTo("fd00:1::/48");
        assertThat(IpPrefix.parse("::/0").toString()).isEqualTo("::/0");
        assertThat(IpPrefix.parse("2001:db8::1/128").toString()).isEqualTo("2001:db8::1/128");
    }

    @Test
    void networkClearsHostBits() {
        IpPrefix address = IpPrefix.parse("10.1.2.3/16");
        assertThat(address.isNetwork()).isFalse();
        assertThat(address.network()).isEqualTo(IpPrefix.parse("10.1.0.0/16"));
        assertThat(IpPrefix.parse("fd00::1:2/112").network()).isEqualTo(IpPrefix.parse("fd00::1:0/112"));
    }

    @Test
    void containsAndOverlaps() {
        IpPrefix net = IpPrefix.parse("172.18.0.0/16");
        assertThat(net.contains(IpPrefix.parseAddress("172.18.255.255"))).isTrue();
        assertThat(net.contains(IpPrefix.parseAddress("172.19.0.0"))).isFalse();
        assertThat(net.contains(IpPrefix.parseAddress("fd00::1"))).isFalse();
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
    }
}
