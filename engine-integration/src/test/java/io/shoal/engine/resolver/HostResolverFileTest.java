package io.shoal.engine.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.dns.placement.ResolvConf;
import io.shoal.engine.errors.EngineException;
import io.shoal.engine.errors.ErrorKind;
import io.shoal.engine.netns.NetlinkSandboxHost;
import io.shoal.engine.sandbox.NetworkFiles;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of the host's resolver file, on files in a temporary directory (never the machine's own). */
class HostResolverFileTest {
    private static final String STUB_ONLY =
            """
            # This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).
            nameserver 127.0.0.53
            options edns0 trust-ad
            search corp.example.test
            """;
    private static final String UPSTREAMS =
            """
            # This is /run/systemd/resolve/resolv.conf managed by man:systemd-resolved(8).
            nameserver 192.0.2.53
            nameserver 2001:db8::53
            search corp.example.test
            """;

    @TempDir
    Path dir;

    private Path etc;
    private Path systemd;

    @BeforeEach
    void paths() throws Exception {
        etc = dir.resolve("etc/resolv.conf");
        systemd = dir.resolve("run/systemd/resolve/resolv.conf");
        Files.createDirectories(etc.getParent());
        Files.createDirectories(systemd.getParent());
        Files.writeString(systemd, UPSTREAMS);
    }

    @Test
    void theStubAloneMeansSystemdResolvedsUpstreamFile() throws Exception {
        Files.writeString(etc, STUB_ONLY);

        HostResolverFile chosen = HostResolverFile.choose(etc, systemd);

        assertThat(chosen).isEqualTo(new HostResolverFile(systemd, true));
        assertThat(chosen.describe()).contains(systemd.toString(), "127.0.0.53");
    }

    @Test
    void anyOtherNameserverListKeepsTheHostsFile() throws Exception {
        for (String text : List.of(
                "nameserver 192.0.2.1\n",
                "nameserver 127.0.0.53\nnameserver 192.0.2.1\n",
                "nameserver 192.0.2.1\nnameserver 127.0.0.53\n",
                "nameserver 127.0.0.1\n",
                "nameserver ::1\n",
                "search example.test\n",
                "# nameserver 127.0.0.53\nnameserver 192.0.2.1\n")) {
            Files.writeString(etc, text);

            assertThat(HostResolverFile.choose(etc, systemd)).as(text).isEqualTo(new HostResolverFile(etc, false));
        }
    }

    @Test
    void anAbsentHostFileIsKept() throws Exception {
        HostResolverFile chosen = HostResolverFile.choose(etc, systemd);

        assertThat(chosen).isEqualTo(new HostResolverFile(etc, false));
        assertThat(chosen.describe()).endsWith(etc.toString());
    }

    @Test
    void aHostFileThatCannotBeReadIsAnError() {
        // A directory in the file's place: reading it fails with an I/O error other than "no such file".
        assertThatThrownBy(() -> HostResolverFile.choose(etc.getParent(), systemd))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining(etc.getParent().toString());
    }

    @Test
    void theChosenFileGivesTheUpstreamsAndTheDefaultBridgesNameservers() throws Exception {
        Files.writeString(etc, STUB_ONLY);
        NetlinkSandboxHost host = new NetlinkSandboxHost(
                NetlinkSandboxHost.PREFIX,
                dir.resolve("netns"),
                HostResolverFile.choose(etc, systemd).path());

        String text = host.hostResolvConf();
        List<InetSocketAddress> upstreams = ResolvConf.parse(text).upstreams();
        String bridge = NetworkFiles.bridgeResolvConf(
                text, upstreams.stream().map(InetSocketAddress::getAddress).toList(), List.of(), List.of(), List.of());

        assertThat(upstreams)
                .containsExactly(
                        new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53),
                        new InetSocketAddress(InetAddress.getByName("2001:db8::53"), 53));
        assertThat(bridge)
                .contains("nameserver 192.0.2.53\nnameserver 2001:db8::53\n", "search corp.example.test\n")
                .doesNotContain("127.0.0.53", "8.8.8.8");
    }

    @Test
    void aSystemdFileWithoutServersGivesTheDefaultBridgeDockersFallback() throws Exception {
        Files.writeString(etc, STUB_ONLY);
        Files.writeString(systemd, "# No DNS servers known.\nsearch corp.example.test\n");
        NetlinkSandboxHost host = new NetlinkSandboxHost(
                NetlinkSandboxHost.PREFIX,
                dir.resolve("netns"),
                HostResolverFile.choose(etc, systemd).path());

        String text = host.hostResolvConf();
        String bridge = NetworkFiles.bridgeResolvConf(text, List.of(), List.of(), List.of(), List.of());

        assertThat(ResolvConf.parse(text).upstreams()).isEmpty();
        assertThat(bridge).contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
    }
}
