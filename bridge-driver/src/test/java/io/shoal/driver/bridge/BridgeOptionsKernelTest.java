package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.pool;
import static io.shoal.driver.support.testing.NetworkDriverContract.HostSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.NetworkConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Options the kernel would refuse halfway through creating a network (EINVAL) are refused before anything changes,
 * as INVALID_ARGUMENT naming the option and the fix. Each case first shows the kernel's own refusal, so the test keeps
 * meaning something if a kernel ever relaxes the rule.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class BridgeOptionsKernelTest {
    private static final int EINVAL = 22; // errno-base.h
    private static final String WEB = String.format("%012d", 12) + "c".repeat(52);

    @Test
    void anMtuBelow1280OnAnIpv6NetworkIsRefusedBeforeAnythingChanges(
            @Netns("host") NetworkNamespace host, @Netns("scratch") NetworkNamespace scratch) throws Exception {
        // The kernel's rule: no IPv6 address on a link whose MTU is below 1280 (RFC 8200 §5).
        try (NetlinkHandle h = NetlinkHandle.openIn(scratch)) {
            h.linkAdd(new LinkSpec.Bridge(LinkOptions.named("br-probe").withMtu(1000)));
            assertThatThrownBy(() -> h.addrAdd("br-probe", IpPrefix.parse("fd12::1/64")))
                    .isInstanceOf(KernelException.class)
                    .extracting(e -> ((KernelException) e).errno())
                    .isEqualTo(EINVAL);
        }
        assertRefusedBeforeAnythingChanges(
                host,
                dualStack(Map.of(BridgeOptions.MTU, "1000")),
                "option com.docker.network.driver.mtu=1000 is below 1280, the smallest MTU of an IPv6 link (RFC 8200"
                        + " §5), and this network has IPv6: use 1280..65535, or create the network without IPv6");
    }

    @Test
    void aBridgeNameTheKernelRefusesIsRefusedBeforeAnythingChanges(
            @Netns("host") NetworkNamespace host, @Netns("scratch") NetworkNamespace scratch) throws Exception {
        // netlink's LinkOptions already refuses '.', '..', '/', ':' and white space; "all" and "default" reach the
        // kernel, which refuses them (they name /proc/sys/net/*/conf/{all,default}).
        try (NetlinkHandle h = NetlinkHandle.openIn(scratch)) {
            for (String name : List.of("all", "default")) {
                assertThatThrownBy(() -> h.linkAdd(LinkSpec.Bridge.named(name)))
                        .as(name)
                        .isInstanceOf(KernelException.class)
                        .extracting(e -> ((KernelException) e).errno())
                        .isEqualTo(EINVAL);
            }
        }
        assertRefusedBeforeAnythingChanges(
                host,
                dualStack(Map.of(BridgeOptions.NAME, "all")),
                "option com.docker.network.bridge.name=all is a name Linux refuses for an interface");
    }

    private static void assertRefusedBeforeAnythingChanges(NetworkNamespace host, NetworkConfig config, String message)
            throws Exception {
        MapDriverStore store = new MapDriverStore();
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        HostSnapshot before = HostSnapshot.of(host);
        String rulesBefore = ruleset(host);
        assertThatThrownBy(() -> driver.createNetwork(config))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(HostSnapshot.of(host)).isEqualTo(before);
        assertThat(ruleset(host)).isEqualTo(rulesBefore);
        assertThat(store.list("")).isEmpty();
    }

    private static String ruleset(NetworkNamespace host) throws Exception {
        try (Nftables nft = Nftables.in(host)) {
            return nft.list("list ruleset");
        }
    }

    private static NetworkConfig dualStack(Map<String, String> options) {
        return new NetworkConfig(
                WEB,
                "web",
                DriverOptions.of(options),
                Map.of(),
                List.of(pool("10.81.0.0/24", "10.81.0.1/24")),
                List.of(pool("fd81::/64", "fd81::1/64")),
                false);
    }
}
