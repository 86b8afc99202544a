package io.shoal.driver.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpAddresses;
import io.shoal.net.MacAddress;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

class MacAddressesTest {
    @Test
    void derivesFromIpv4LikeDocker() {
        Inet4Address ip = (Inet4Address) IpAddresses.parse("172.18.0.2");
        assertThat(MacAddresses.fromIpv4(ip)).hasToString("02:42:ac:12:00:02");
    }

    @Test
    void randomIsLocalUnicast() {
        for (int i = 0; i < 100; i++) {
            MacAddress mac = MacAddresses.random();
            assertThat(mac.isLocallyAdministered()).isTrue();
            assertThat(mac.isMulticast()).isFalse();
        }
    }
}
