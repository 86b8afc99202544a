package io.shoal.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {
    @Test
    void roundTripsText() {
        MacAddress mac = MacAddress.parse("02:42:AC:11:00:02");
        assertThat(mac).hasToString("02:42:ac:11:00:02");
        assertThat(mac.isLocallyAdministered()).isTrue();
        assertThat(mac.isMulticast()).isFalse();
        assertThat(MacAddress.of(mac.octets())).isEqualTo(mac).hasSameHashCodeAs(mac);
        assertThat(MacAddress.parse("01:00:5e:00:00:fb").isMulticast()).isTrue();
        assertThat(MacAddress.parse("00:1b:21:0a:0b:0c").isLocallyAdministered())
                .isFalse();
    }

    @Test
    void readsDashesAsColons() {
        // The SPI took dashes before the types were shared (netlink's parser refused them); options still may.
        assertThat(MacAddress.parse("02-42-ac-11-00-02")).isEqualTo(MacAddress.parse("02:42:ac:11:00:02"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "02:42:ac:11:00",
                "02:42:ac:11:00:zz",
                "02:42:ac:11:00:02:03",
                "02:42:ac:11:00:2",
                "02:42:ac:11:00:\u0663\u0663"
            })
    void refusesMalformedText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).hasMessageContaining("not a MAC");
    }

    @Test
    void refusesAnythingButSixOctets() {
        assertThatThrownBy(() -> MacAddress.of(new byte[5])).hasMessageContaining("6 octets");
    }
}
