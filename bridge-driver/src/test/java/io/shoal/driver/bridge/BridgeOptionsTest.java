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
        BridgeOptions options = BridgeOptions.parse(ID, DriverOptions.empty());
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
                        BridgeOptions.HOST_BINDING_IPV4, "127.0.0.1")));
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
        assertInvalid(Map.of(BridgeOptions.NAME, "a-very-long-bridge-name"), "not a valid interface name");
        assertInvalid(Map.of(BridgeOptions.NAME, "br;0"), "not a valid interface name");
        assertInvalid(Map.of(BridgeOptions.HOST_BINDING_IPV4, "::1"), "not an IPv4 address");
        // The engine names container interfaces; a driver that accepted the prefix would silently ignore it.
        assertInvalid(Map.of("com.docker.network.container_iface_prefix", "en"), "unknown driver option");
    }

    private static void assertInvalid(Map<String, String> values, String message) {
        assertThatThrownBy(() -> BridgeOptions.parse(ID, DriverOptions.of(values)))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
