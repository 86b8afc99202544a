package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.ip;
import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static io.shoal.driver.bridge.BridgeDrivers.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Nftables;
import io.shoal.netlink.testing.KernelFeatures;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dockerd's firewall in the host namespace (iptables-nft's {@code ip filter}: FORWARD policy drop, its jump to
 * DOCKER-USER, DOCKER-USER's RETURN, as dockerd 20.10 leaves them) and br_netfilter on: two sandboxes of one Shoal
 * bridge talk only because of the hand-over ({@code io.shoal.driver.bridge.firewall.ForwardHandover}), which a
 * restart puts back, and deleting the network leaves no rule naming its bridge while dockerd's rules stay.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ForwardHandoverKernelTest {
    private static final String WEB = networkId(1);
    private static final String BRIDGE = "br-" + WEB.substring(0, 12);
    /** What iptables-nft writes for dockerd's -P FORWARD DROP, -N DOCKER-USER, -A DOCKER-USER -j RETURN. */
    private static final String DOCKERD_FILTER =
            """
            table ip filter {
              chain DOCKER-USER {
                counter return
              }
              chain FORWARD {
                type filter hook forward priority filter; policy drop;
                counter jump DOCKER-USER
              }
            }
            """;

    private final MapDriverStore store = new MapDriverStore();

    @Test
    void sandboxesOfOneBridgeTalkPastADockerdsForwardDropOnlyThroughTheHandover(
            @Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b) throws Exception {
        KernelFeatures.assumeSysctl(host, "net.bridge.bridge-nf-call-iptables", "1");
        apply(host, DOCKERD_FILTER);
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        driver.createNetwork(v4(WEB, "web", "10.77.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.77.0.2/24", null);
        join(driver, WEB, 3, b, "10.77.0.3/24", null);
        try (Traffic.WhoAmIServer server = new Traffic.WhoAmIServer(b, ip("10.77.0.3"), 7000)) {
            assertThat(Traffic.tcpAsk(a, ip("10.77.0.3"), 7000))
                    .as("with the hand-over")
                    .isPresent();
            assertThat(list(host, "list chain ip filter DOCKER-USER"))
                    .as("dockerd's RETURN kept, after Shoal's jump")
                    .containsSubsequence("jump SHOAL-FORWARD", "return");
            assertThat(list(host, "list chain ip filter SHOAL-FORWARD"))
                    .contains("iifname \"" + BRIDGE + "\" accept", "oifname \"" + BRIDGE + "\" accept");

            // Without Shoal's jump (DOCKER-USER as dockerd alone makes it) dockerd's policy drops the bridged frames.
            apply(host, "flush chain ip filter DOCKER-USER\nadd rule ip filter DOCKER-USER counter return\n");
            assertThat(Traffic.tcpAsk(a, ip("10.77.0.3"), 7000))
                    .as("without the hand-over")
                    .isEmpty();

            // A restart of the driver (shoald's restore) puts the jump back, once.
            driver = BridgeDrivers.create(host, store);
            assertThat(Traffic.tcpAsk(a, ip("10.77.0.3"), 7000))
                    .as("after a restore")
                    .isPresent();
            assertThat(list(host, "list chain ip filter DOCKER-USER").split("jump SHOAL-FORWARD", -1))
                    .hasSize(2);
        }

        driver.leave(WEB, endpointId(2));
        driver.deleteEndpoint(WEB, endpointId(2));
        driver.leave(WEB, endpointId(3));
        driver.deleteEndpoint(WEB, endpointId(3));
        driver.deleteNetwork(WEB);
        driver.awaitTeardown(Duration.ofSeconds(10));
        assertThat(list(host, "list table ip filter"))
                .doesNotContain(BRIDGE)
                .contains("policy drop;", "jump DOCKER-USER", "return");
        assertThat(list(host, "list table ip6 filter")).doesNotContain(BRIDGE);
    }

    private static void apply(NetworkNamespace host, String script) throws Exception {
        try (Nftables nft = Nftables.in(host)) {
            nft.apply(script);
        }
    }

    private static String list(NetworkNamespace host, String command) throws Exception {
        try (Nftables nft = Nftables.in(host)) {
            return nft.list(command);
        }
    }
}
