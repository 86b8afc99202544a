package io.shoal.engine.containerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ContainerdConfigTest {
    @Test
    void everythingLivesUnderTheDataRoot() {
        String toml = ContainerdConfig.render(new DataRoot(Path.of("/var/lib/shoal/containerd")));
        assertThat(toml)
                .contains("version = 2\n")
                .contains("root = \"/var/lib/shoal/containerd/root\"\n")
                .contains("state = \"/var/lib/shoal/containerd/state\"\n")
                .contains("[grpc]\n  address = \"/var/lib/shoal/containerd/containerd.sock\"\n  tcp_address = \"\"\n")
                .contains("[ttrpc]\n  address = \"/var/lib/shoal/containerd/containerd.sock.ttrpc\"\n")
                .contains("[debug]\n  address = \"\"\n")
                .contains("[metrics]\n  address = \"\"\n")
                .contains("\"io.containerd.grpc.v1.cri\"")
                .contains("\"io.containerd.internal.v1.opt\"");
    }

    @Test
    void quotesAreEscapedAndControlCharactersRefused() {
        assertThat(ContainerdConfig.quote("/a\"b\\c")).isEqualTo("\"/a\\\"b\\\\c\"");
        assertThatThrownBy(() -> ContainerdConfig.quote("/a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRelativeDataRootIsRefused() {
        assertThatThrownBy(() -> new DataRoot(Path.of("data"))).isInstanceOf(IllegalArgumentException.class);
    }
}
