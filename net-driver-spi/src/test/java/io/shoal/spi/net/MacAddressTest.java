package io.shoal.spi.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {
    @Test
    void roundTripsText() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
        assertThat(mac).hasToString("02:42:ac:11:00:02");
        assertThat(mac.isLocallyAdministered()).isTrue();
        assertThat(mac.isMulticast()).isFalse();
        assertThat(MacAddress.of(mac.octets())).isEqualTo(mac);
    }

    @Test
    void refusesMalformedText() {
        assertThatThrownBy(() -> MacAddress.parse("02:42:ac:11:00")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> MacAddress.parse("02:42:ac:11:00:zz")).hasMessageContaining("not a MAC");
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).hasMessageContaining("6 octets");
    }
}
