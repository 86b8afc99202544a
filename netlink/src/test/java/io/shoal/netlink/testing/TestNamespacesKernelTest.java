package io.shoal.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Sysctl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emulation scripts/test-on-docker-like-host relies on: with {@link TestNamespaces#INHERITED_SYSCTLS} set, every
 * namespace the fixture makes starts with those values, as it would have inherited them from a host that has them.
 */
@Tag("netns")
class TestNamespacesKernelTest {
    @Test
    void aNewTestNamespaceStartsWithTheEmulatedInheritedSysctls() throws Exception {
        String before = System.getProperty(TestNamespaces.INHERITED_SYSCTLS);
        // Values no kernel default has, so only the emulation can have put them there.
        System.setProperty(
                TestNamespaces.INHERITED_SYSCTLS,
                "net.ipv4.conf.default.rp_filter=2, net.ipv4.ip_local_port_range=41000 41999");
        NetworkNamespace namespace = null;
        try {
            namespace = TestNamespaces.create();
            Sysctl sysctl = Sysctl.of(namespace);
            assertThat(sysctl.get("net.ipv4.conf.default.rp_filter")).isEqualTo("2");
            assertThat(sysctl.get("net.ipv4.ip_local_port_range")).isEqualTo("41000\t41999");
        } finally {
            if (before == null) {
                System.clearProperty(TestNamespaces.INHERITED_SYSCTLS);
            } else {
                System.setProperty(TestNamespaces.INHERITED_SYSCTLS, before);
            }
            if (namespace != null) {
                TestNamespaces.destroy(namespace, null);
            }
        }
    }
}
