package io.shoal.driver.vlan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacvlanOptionsTest {
    @Test
    void taggedAndUntaggedParents() {
        ParentLink tagged = ParentLink.parse("eth0.20");
        assertThat(tagged.link()).isEqualTo("eth0");
        assertThat(tagged.vlan()).contains(20);
        ParentLink plain = ParentLink.parse("eth0");
        assertThat(plain.tagged()).isFalse();
        assertThat(plain.link()).isEqualTo("eth0");
        assertThat(ParentLink.parse("bond0.4094").vlan()).contains(4094);
    }

    @Test
    void vlanIdMustLieInRange() {
        assertThatThrownBy(() -> ParentLink.parse("eth0.0")).hasMessageContaining("1..4094");
        assertThatThrownBy(() -> ParentLink.parse("eth0.4095")).hasMessageContaining("1..4094");
    }

    @Test
    void nameMustFitTheKernel() {
        assertThatThrownBy(() -> ParentLink.parse("enp0s31f6long.20"))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("16 characters long; Linux interface names have at most 15");
        assertThatThrownBy(() -> ParentLink.parse("eth0;x")).hasMessageContaining("not an interface name");
    }

    @Test
    void modesAndDefaults() {
        assertThat(MacvlanOptions.parse(DriverOptions.empty()).mode()).isEqualTo(MacvlanMode.BRIDGE);
        assertThat(MacvlanOptions.parse(DriverOptions.empty()).parent()).isEmpty();
        MacvlanOptions options =
                MacvlanOptions.parse(DriverOptions.of(Map.of("parent", "eth1", "macvlan_mode", "VEPA")));
        assertThat(options.mode()).isEqualTo(MacvlanMode.VEPA);
        assertThatThrownBy(() -> MacvlanOptions.parse(DriverOptions.of(Map.of("macvlan_mode", "l2"))))
                .hasMessageContaining("[bridge, private, vepa, passthru]");
        assertThatThrownBy(() -> MacvlanOptions.parse(DriverOptions.of(Map.of("ipvlan_mode", "l2"))))
                .hasMessageContaining("unknown driver option");
    }
}
