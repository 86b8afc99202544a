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
                .hasMessageContaining("16 bytes long; Linux interface names have at most 15");
        assertThatThrownBy(() -> ParentLink.parse("eth0;x")).hasMessageContaining("not an interface name");
        assertThat(ParentLink.parse("e".repeat(15)).name()).hasSize(15);
    }

    @Test
    void namesTheKernelRefusesAreRefusedFirst() {
        for (String reserved : new String[] {".", "..", "all", "default"}) {
            assertThatThrownBy(() -> ParentLink.parse(reserved))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining("option parent=" + reserved + " is a name Linux refuses");
        }
        for (String bad : new String[] {"eth/0", "eth:0", "eth 0", "eth%d", ""}) {
            assertThatThrownBy(() -> ParentLink.parse(bad))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining("option parent=" + bad);
        }
        // the sub-interface's name is fine, the link under it is not
        assertThatThrownBy(() -> ParentLink.parse("all.20"))
                .hasMessageContaining("puts VLAN 20 on link 'all', which is a name Linux refuses");
        assertThatThrownBy(() -> ParentLink.parse("...7")).hasMessageContaining("on link '..'");
    }

    @Test
    void everyVlanIdOfTheRangeIsTaken() {
        assertThat(ParentLink.parse("eth0.1").vlan()).contains(1);
        assertThat(ParentLink.parse("eth0.0020").vlan()).contains(20);
        assertThatThrownBy(() -> ParentLink.parse("eth0.99999")).hasMessageContaining("1..4094");
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

    @Test
    void everyModeTheKernelKnowsForDockerAndNoOther() {
        for (MacvlanMode mode : MacvlanMode.values()) {
            assertThat(MacvlanOptions.parse(DriverOptions.of(Map.of("macvlan_mode", mode.lowerCase())))
                            .mode())
                    .isEqualTo(mode);
        }
        // "source" is a kernel mode Docker does not offer; a trailing space is not a mode
        for (String bad : new String[] {"source", "bridge ", ""}) {
            assertThatThrownBy(() -> MacvlanOptions.parse(DriverOptions.of(Map.of("macvlan_mode", bad))))
                    .isInstanceOf(DriverException.class)
                    .hasMessageContaining(
                            "option macvlan_mode=" + bad + " is not one of [bridge, private, vepa," + " passthru]");
        }
    }
}
