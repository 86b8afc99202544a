package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class PluginConfigTest {
    @Test
    void defaultsAreThePluginsOwnDataRootAndDockerdsPluginDirectory() throws Exception {
        PluginConfig config = PluginConfig.parse(List.of());
        assertThat(config.dataRoot()).isEqualTo(Path.of("/var/lib/shoal-plugin"));
        assertThat(config.socket()).isEqualTo(Path.of("/run/docker/plugins/shoal.sock"));
        assertThat(config.defaultAddressPools()).isEmpty();
        assertThat(config.logLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void everyFlagInBothForms() throws Exception {
        PluginConfig config = PluginConfig.parse(List.of(
                "--data-root=/srv/p",
                "--socket",
                "unix:///run/x/shoal.sock",
                "--default-address-pool",
                "base=10.50.0.0/16,size=24",
                "--log-level=debug"));
        assertThat(config.dataRoot()).isEqualTo(Path.of("/srv/p"));
        assertThat(config.socket()).isEqualTo(Path.of("/run/x/shoal.sock"));
        assertThat(config.defaultAddressPools()).containsExactly("base=10.50.0.0/16,size=24");
        assertThat(config.logLevel()).isEqualTo(Level.FINE);
    }

    @Test
    void errorsNameTheFlag() {
        assertThatThrownBy(() -> PluginConfig.parse(List.of("--data-root", "rel")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--data-root rel")
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> PluginConfig.parse(List.of("--host", "/x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--host");
        assertThatThrownBy(() -> PluginConfig.parse(List.of("--default-address-pool", "base=10.0.0.0/8,size=40")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--default-address-pool");
        assertThatThrownBy(() -> PluginConfig.parse(List.of("--socket")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> PluginConfig.parse(List.of("--help"))).isInstanceOf(ShoaldConfig.HelpRequested.class);
    }
}
