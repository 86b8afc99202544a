package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.netlink.testing.Commands;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.testing.TestNamespaces;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("netns")
@ExtendWith(NetnsExtension.class)
class SysctlTest {
    private static final Path OWN_IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    /**
     * A new namespace starts with the initial namespace's IPv4 settings (net.core.devconf_inherit_init_net=0): 1 on a
     * host where dockerd runs, 0 on a plain one. So the test sets both values itself, in two namespaces at once.
     */
    @Test
    void ipv4ForwardingIsPerNamespaceAndReadsBack(NetworkNamespace namespace, NetworkNamespace other) throws Exception {
        String ownBefore = Files.readString(OWN_IP_FORWARD);
        Sysctl sysctl = Sysctl.of(namespace);
        Sysctl otherSysctl = Sysctl.of(other);
        sysctl.setIpv4Forwarding(false);
        otherSysctl.setIpv4Forwarding(true);
        assertThat(sysctl.ipv4Forwarding()).isFalse();
        assertThat(oracle(namespace, "net.ipv4.ip_forward")).isEqualTo("0");

        sysctl.setIpv4Forwarding(true);
        otherSysctl.setIpv4Forwarding(false);

        assertThat(sysctl.ipv4Forwarding()).isTrue();
        assertThat(sysctl.get("net.ipv4.ip_forward")).isEqualTo("1");
        assertThat(oracle(namespace, "net.ipv4.ip_forward")).isEqualTo("1");
        assertThat(oracle(other, "net.ipv4.ip_forward")).isEqualTo("0");
        assertThat(Files.readString(OWN_IP_FORWARD)).isEqualTo(ownBefore);
        sysctl.setIpv4Forwarding(false);
        assertThat(oracle(namespace, "net.ipv4.ip_forward")).isEqualTo("0");
    }

    @Test
    void ipv6ForwardingForAllDefaultAndOneInterface(NetworkNamespace namespace) throws Exception {
        Sysctl sysctl = Sysctl.of(namespace);
        // What a new namespace starts with depends on net.core.devconf_inherit_init_net (1 and 3 inherit IPv6 too).
        sysctl.setIpv6Forwarding("all", false);
        sysctl.setIpv6Forwarding("default", false);
        String link = addLink(namespace);

        sysctl.setIpv6Forwarding("default", true);
        assertThat(sysctl.ipv6Forwarding("default")).isTrue();
        assertThat(sysctl.ipv6Forwarding("all")).isFalse();

        sysctl.setIpv6Forwarding(link, true);
        assertThat(sysctl.ipv6Forwarding(link)).isTrue();
        assertThat(oracle(namespace, "net.ipv6.conf." + link + ".forwarding")).isEqualTo("1");

        sysctl.setIpv6Forwarding("all", true);
        assertThat(oracle(namespace, "net.ipv6.conf.all.forwarding")).isEqualTo("1");
        assertThat(oracle(namespace, "net.ipv6.conf.lo.forwarding")).isEqualTo("1");
    }

    @Test
    void acceptRaAndDisableIpv6PerInterface(NetworkNamespace namespace) throws Exception {
        String link = addLink(namespace);
        Sysctl sysctl = Sysctl.of(namespace);

        sysctl.setAcceptRouterAdvertisements(link, 0);
        assertThat(sysctl.acceptRouterAdvertisements(link)).isZero();
        sysctl.setAcceptRouterAdvertisements(link, 2);
        assertThat(oracle(namespace, "net.ipv6.conf." + link + ".accept_ra")).isEqualTo("2");

        sysctl.setIpv6Disabled(link, true);
        assertThat(sysctl.ipv6Disabled(link)).isTrue();
        assertThat(oracle(namespace, "net.ipv6.conf." + link + ".disable_ipv6")).isEqualTo("1");
        assertThatThrownBy(() -> sysctl.setAcceptRouterAdvertisements(link, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interfaceNamesWithDotsUseTheSlashForm(NetworkNamespace namespace) throws Exception {
        String link = "sht.100";
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            handle.linkAdd(LinkSpec.Veth.named(link, TestNamespaces.linkName()));
        }
        Sysctl sysctl = Sysctl.of(namespace);
        sysctl.setIpv6Disabled(link, true);
        assertThat(sysctl.get("net/ipv6/conf/sht.100/disable_ipv6")).isEqualTo("1");
    }

    @Test
    void genericKeysAreCheckedAndKernelRefusalsAreTyped(NetworkNamespace namespace) {
        Sysctl sysctl = Sysctl.of(namespace);
        for (String bad :
                new String[] {"kernel.hostname", "net", "net..ipv4", "net.ipv4/../../kernel/x", "vm.swappiness"}) {
            assertThatThrownBy(() -> sysctl.get(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> sysctl.get("net.ipv4.no_such_key"))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageContaining("/proc/sys/net/ipv4/no_such_key");
        assertThatThrownBy(() -> sysctl.set("net.ipv4.ip_forward", "not-a-number"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("EINVAL");
        assertThatThrownBy(() -> sysctl.set("net.ipv4.ip_forward", "1\n0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void multiValueKeysRoundTrip(NetworkNamespace namespace) throws Exception {
        Sysctl sysctl = Sysctl.of(namespace);
        sysctl.set("net.ipv4.ip_local_port_range", "40000 50000");
        assertThat(sysctl.get("net.ipv4.ip_local_port_range")).isEqualTo("40000\t50000");
    }

    private static String addLink(NetworkNamespace namespace) throws KernelException {
        String link = TestNamespaces.linkName();
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            // A veth pair: this kernel has no dummy driver, and veth is in every container host's kernel.
            handle.linkAdd(LinkSpec.Veth.named(link, TestNamespaces.linkName()));
        }
        return link;
    }

    private static String oracle(NetworkNamespace namespace, String key) throws Exception {
        return Commands.run("ip", "netns", "exec", namespace.name().orElseThrow(), "sysctl", "-n", key)
                .strip();
    }
}
