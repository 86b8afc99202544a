package io.shoal.engine.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.net.IpAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShoaldConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreDockerdsWithShoalsPaths() throws Exception {
        ShoaldConfig config = ShoaldConfig.parse(List.of());

        assertThat(config.dataRoot()).isEqualTo(Path.of("/var/lib/shoal"));
        assertThat(config.hosts()).containsExactly(Path.of("/run/shoal/shoal.sock"));
        assertThat(config.containerd()).isEmpty();
        assertThat(config.group()).isEqualTo("root");
        assertThat(config.defaultAddressPools()).isEmpty();
        assertThat(config.dns()).isEmpty();
        assertThat(config.logLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void readsEveryFlagInBothForms() throws Exception {
        ShoaldConfig config = ShoaldConfig.parse(List.of(
                "--data-root=/tmp/shoal-root",
                "-H",
                "unix:///tmp/a.sock",
                "--host",
                "/tmp/b.sock",
                "--containerd",
                "unix:///run/containerd/containerd.sock",
                "--group",
                "docker",
                "--default-address-pool",
                "base=10.200.0.0/16,size=24",
                "--default-address-pool=base=fd00:200::/56,size=64",
                "--dns",
                "192.0.2.53",
                "--dns=2001:db8::53",
                "--log-level",
                "debug"));

        assertThat(config.dataRoot()).isEqualTo(Path.of("/tmp/shoal-root"));
        assertThat(config.hosts()).containsExactly(Path.of("/tmp/a.sock"), Path.of("/tmp/b.sock"));
        assertThat(config.containerd()).contains(Path.of("/run/containerd/containerd.sock"));
        assertThat(config.group()).isEqualTo("docker");
        assertThat(config.defaultAddressPools())
                .containsExactly("base=10.200.0.0/16,size=24", "base=fd00:200::/56,size=64");
        assertThat(config.dns()).containsExactly(IpAddresses.parse("192.0.2.53"), IpAddresses.parse("2001:db8::53"));
        assertThat(config.logLevel()).isEqualTo(Level.FINE);
    }

    @Test
    void aConfigFileGivesSettingsThatFlagsOverride() throws Exception {
        Path file = dir.resolve("shoald.properties");
        Files.writeString(
                file,
                """
                # shoald settings
                data-root=/srv/shoal
                host=unix:///srv/one.sock, /srv/two.sock
                default-address-pool=base=10.1.0.0/16,size=24; base=10.2.0.0/16,size=24
                dns=192.0.2.1
                log-level=warn
                """);

        ShoaldConfig fromFile = ShoaldConfig.parse(List.of("--config", file.toString()));
        ShoaldConfig overridden =
                ShoaldConfig.parse(List.of("--config", file.toString(), "--dns", "192.0.2.2", "--data-root", "/x"));

        assertThat(fromFile.dataRoot()).isEqualTo(Path.of("/srv/shoal"));
        assertThat(fromFile.hosts()).containsExactly(Path.of("/srv/one.sock"), Path.of("/srv/two.sock"));
        assertThat(fromFile.defaultAddressPools()).hasSize(2);
        assertThat(fromFile.logLevel()).isEqualTo(Level.WARNING);
        assertThat(overridden.dns()).containsExactly(IpAddresses.parse("192.0.2.2"));
        assertThat(overridden.dataRoot()).isEqualTo(Path.of("/x"));
        assertThat(overridden.hosts()).isEqualTo(fromFile.hosts());
        assertThat(overridden.containerd()).isEqualTo(Optional.empty());
    }

    @Test
    void errorsNameTheFlag() throws Exception {
        assertRefused(List.of("--data-root", "relative/dir"), "--data-root relative/dir: must be an absolute path");
        assertRefused(List.of("--bogus"), "--bogus: unknown option");
        assertRefused(List.of("--dns"), "--dns: needs a value");
        assertRefused(List.of("--dns", "resolver.example"), "--dns resolver.example: not an IP address");
        assertRefused(
                List.of("-H", "tcp://0.0.0.0:2375"), "--host tcp://0.0.0.0:2375: TCP listeners are not implemented");
        assertRefused(List.of("--host", "fd://"), "--host fd://: unsupported scheme");
        assertRefused(List.of("--default-address-pool", "base=10.0.0.0/8"), "--default-address-pool base=10.0.0.0/8:");
        assertRefused(List.of("--default-address-pool", "base=10.0.0.0/8,size=4"), "size");
        assertRefused(List.of("--log-level", "loud"), "--log-level loud: unknown level");
        assertRefused(List.of("--data-root", "/a", "--data-root", "/b"), "--data-root: given 2 times");
        assertRefused(List.of("--config", dir.resolve("missing").toString()), "--config " + dir.resolve("missing"));
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "data-rot=/x\n");
        assertRefused(List.of("--config", file.toString()), "data-rot: unknown setting");
    }

    @Test
    void helpIsItsOwnOutcome() {
        assertThatThrownBy(() -> ShoaldConfig.parse(List.of("--log-level", "info", "--help")))
                .isInstanceOf(ShoaldConfig.HelpRequested.class);
        assertThatThrownBy(() -> ShoaldConfig.parse(List.of("-h"))).isInstanceOf(ShoaldConfig.HelpRequested.class);
        assertThat(ShoaldConfig.usage())
                .contains(
                        "--data-root",
                        "--host",
                        "--containerd",
                        "--group",
                        "--default-address-pool",
                        "--dns",
                        "--log-level",
                        "--config",
                        "--help");
    }

    private static void assertRefused(List<String> args, String message) {
        assertThatThrownBy(() -> ShoaldConfig.parse(args))
                .as(String.join(" ", args))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
