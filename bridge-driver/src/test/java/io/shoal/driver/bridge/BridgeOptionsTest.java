package io.shoal.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BridgeOptionsTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void defaultsAreDockers() {
        BridgeOptions options = BridgeOptions.parse(ID, DriverOptions.empty(), false);
        assertThat(options.bridgeName()).isEqualTo("br-0123456789ab");
        assertThat(options.masquerade()).isTrue();
        assertThat(options.interContainer()).isTrue();
        assertThat(options.mtu()).isEqualTo(1500);
        assertThat(options.hostBindingIpv4()).isEmpty();
    }

    @Test
    void readsDockersOptionNames() {
        BridgeOptions options = BridgeOptions.parse(
                ID,
                DriverOptions.of(Map.of(
                        BridgeOptions.NAME, "shoal0",
                        BridgeOptions.ICC, "false",
                        BridgeOptions.MASQUERADE, "false",
                        BridgeOptions.MTU, "1400",
                        BridgeOptions.HOST_BINDING_IPV4, "127.0.0.1")),
                false);
        assertThat(options.bridgeName()).isEqualTo("shoal0");
        assertThat(options.interContainer()).isFalse();
        assertThat(options.masquerade()).isFalse();
        assertThat(options.mtu()).isEqualTo(1400);
        assertThat(options.hostBindingIpv4()).isPresent();
    }

    @Test
    void badOptionsSayWhatToFix() {
        assertInvalid(Map.of("com.docker.network.bridge.enable_icx", "true"), "unknown driver option");
        assertInvalid(Map.of(BridgeOptions.MTU, "20"), "outside 68..65535");
        assertInvalid(Map.of(BridgeOptions.MTU, "big"), "not a whole number");
        assertInvalid(Map.of(BridgeOptions.NAME, "a-very-long-bridge-name"), "Linux interface names have at most 15");
        assertInvalid(Map.of(BridgeOptions.HOST_BINDING_IPV4, "::1"), "not an IPv4 address");
        // The engine names container interfaces; a driver that accepted the prefix would silently ignore it.
        assertInvalid(Map.of("com.docker.network.container_iface_prefix", "en"), "unknown driver option");
    }

    @Test
    void theMtuMustSuitEveryFamilyOfTheNetwork() {
        assertThat(parse(Map.of(BridgeOptions.MTU, "68"), false).mtu()).isEqualTo(68);
        assertThat(parse(Map.of(BridgeOptions.MTU, "1280"), true).mtu()).isEqualTo(1280);
        assertThat(parse(Map.of(BridgeOptions.MTU, "65535"), true).mtu()).isEqualTo(65535);
        assertInvalid(Map.of(BridgeOptions.MTU, "67"), "outside 68..65535");
        assertInvalid(Map.of(BridgeOptions.MTU, "65536"), "outside 68..65535");
        assertInvalid(
                Map.of(BridgeOptions.MTU, "1000"),
                true,
                "option com.docker.network.driver.mtu=1000 is below 1280, the smallest MTU of an IPv6 link (RFC 8200"
                        + " §5), and this network has IPv6: use 1280..65535, or create the network without IPv6");
        assertInvalid(Map.of(BridgeOptions.MTU, "1279"), true, "is below 1280");
    }

    @Test
    void theBridgeNameMeetsTheKernelsRules() {
        assertThat(parse(Map.of(BridgeOptions.NAME, "b" + "r".repeat(14)), false)
                        .bridgeName())
                .hasSize(15);
        assertInvalid(Map.of(BridgeOptions.NAME, "br" + "x".repeat(14)), "is 16 bytes long");
        assertInvalid(Map.of(BridgeOptions.NAME, ""), "is empty");
        for (String reserved : new String[] {".", "..", "all", "default"}) {
            assertInvalid(Map.of(BridgeOptions.NAME, reserved), "a name Linux refuses for an interface");
        }
        for (String bad : new String[] {"br/0", "br:0", "br 0", "br\t0", "br%d"}) {
            assertInvalid(Map.of(BridgeOptions.NAME, bad), "which Linux does not allow");
        }
        // Kernel-valid, but nftables would read these as a number or an option: Shoal's own rule.
        assertInvalid(Map.of(BridgeOptions.NAME, "0br"), "must begin with a letter");
        assertInvalid(Map.of(BridgeOptions.NAME, "-br"), "must begin with a letter");
        assertInvalid(Map.of(BridgeOptions.NAME, "br;0"), "must begin with a letter, then letters, digits");
    }

    @Test
    void theHostBindingIsAnIpv4Address() {
        assertThat(parse(Map.of(BridgeOptions.HOST_BINDING_IPV4, "192.0.2.7"), false)
                        .hostBindingIpv4())
                .isPresent();
        assertInvalid(Map.of(BridgeOptions.HOST_BINDING_IPV4, "::1"), "not an IPv4 address");
        assertInvalid(Map.of(BridgeOptions.HOST_BINDING_IPV4, "192.0.2"), BridgeOptions.HOST_BINDING_IPV4);
        assertInvalid(Map.of(BridgeOptions.HOST_BINDING_IPV4, "localhost"), BridgeOptions.HOST_BINDING_IPV4);
    }

    private static BridgeOptions parse(Map<String, String> values, boolean ipv6) {
        return BridgeOptions.parse(ID, DriverOptions.of(values), ipv6);
    }

    private static void assertInvalid(Map<String, String> values, String message) {
        assertInvalid(values, false, message);
    }

    private static void assertInvalid(Map<String, String> values, boolean ipv6, String message) {
        assertThatThrownBy(() -> BridgeOptions.parse(ID, DriverOptions.of(values), ipv6))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
