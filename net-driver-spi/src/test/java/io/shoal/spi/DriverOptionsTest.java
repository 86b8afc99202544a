package io.shoal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriverOptionsTest {
    private final DriverOptions options = DriverOptions.of(Map.of("mtu", "1400", "icc", "false", "odd", "x"));

    @Test
    void namesUnknownKeys() {
        assertThatThrownBy(() -> options.requireKnown(Set.of("mtu", "icc")))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("[odd]")
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void typedGettersNameTheKey() {
        assertThat(options.integer("mtu", 68, 65535)).contains(1400);
        assertThat(options.bool("icc", true)).isFalse();
        assertThat(options.bool("absent", true)).isTrue();
        assertThatThrownBy(() -> options.integer("mtu", 68, 1000)).hasMessageContaining("mtu=1400 is outside 68..1000");
        assertThatThrownBy(() -> options.bool("odd", true)).hasMessageContaining("odd=x is not a boolean");
        assertThatThrownBy(() -> options.integer("odd", 0, 1)).hasMessageContaining("not a whole number");
    }
}
