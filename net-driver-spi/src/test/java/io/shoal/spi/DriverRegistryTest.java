package io.shoal.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {
    @Test
    void findsByTypeAndRefusesDuplicates() {
        DriverRegistry<String> registry = DriverRegistry.of(List.of("bridge", "macvlan"), s -> s);
        assertThat(registry.require("bridge")).isEqualTo("bridge");
        assertThat(registry.find("macvlan")).contains("macvlan");
        assertThat(registry.find("overlay")).isEmpty();
        assertThatThrownBy(() -> registry.require("overlay"))
                .hasMessageContaining("no driver of type 'overlay'")
                .hasMessageContaining("[bridge, macvlan]");
        assertThatThrownBy(() -> DriverRegistry.of(List.of("bridge", "bridge"), s -> s))
                .hasMessageContaining("two drivers claim the type 'bridge'");
    }
}
