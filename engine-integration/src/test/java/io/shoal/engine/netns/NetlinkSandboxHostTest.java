package io.shoal.engine.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetlinkSandboxHostTest {
    @TempDir
    Path dir;

    @Test
    void readsTheHostsResolvConfAndGivesEmptyTextWhenItIsAbsent() throws Exception {
        Path file = dir.resolve("resolv.conf");
        NetlinkSandboxHost host = new NetlinkSandboxHost(NetlinkSandboxHost.PREFIX, dir.resolve("netns"), file);
        assertThat(host.hostResolvConf()).isEmpty();

        Files.writeString(file, "nameserver 192.0.2.53\nsearch example.test\n");
        assertThat(host.hostResolvConf()).isEqualTo("nameserver 192.0.2.53\nsearch example.test\n");
        assertThat(host.namespaceName("0123456789ab")).isEqualTo("shoal-0123456789ab");
    }
}
