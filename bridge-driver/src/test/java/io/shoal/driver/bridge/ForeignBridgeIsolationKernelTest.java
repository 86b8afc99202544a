package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.ip;
import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static io.shoal.driver.bridge.BridgeDrivers.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.driver.support.testing.Uplinks;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.PortBinding;
import io.shoal.spi.PortBinding.Protocol;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A dockerd's bridge (br-…, as its user networks name theirs) beside a Shoal network in one host namespace, no other
 * firewall: new connections between the two bridges are refused both ways, as Docker refuses them between two of its
 * own bridge networks, while both reach the outside and the foreign bridge reaches Shoal's published port at a host
 * address; a host bridge of another name (an uplink br0) keeps Shoal's egress.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class ForeignBridgeIsolationKernelTest {
    private static final String WEB = networkId(1);
    private static final String FOREIGN = "br-dddddddddddd";
    private static final InetAddress SHOAL_CONTAINER = ip("10.77.0.2");
    private static final InetAddress FOREIGN_CONTAINER = ip("10.88.0.2");
    private static final InetAddress FOREIGN_GATEWAY = ip("10.88.0.1");
    private static final InetAddress OUTSIDE = ip("192.0.2.2");

    private final MapDriverStore store = new MapDriverStore();

    @Test
    void newConnectionsBetweenAShoalBridgeAndAnotherBridgeAreRefusedBothWays(
            @Netns("host") NetworkNamespace host,
            @Netns("outside") NetworkNamespace outside,
            NetworkNamespace a,
            NetworkNamespace c)
            throws Exception {
        Uplinks.wire(host, "uplink", List.of("192.0.2.1/24"), outside, List.of("192.0.2.2/24"));
        Uplinks.wire(host, "vethforeign", List.of(), c, List.of("10.88.0.2/24"));
        try (NetlinkHandle h = NetlinkHandle.openIn(host);
                NetlinkHandle n = NetlinkHandle.openIn(c);
                NetlinkHandle o = NetlinkHandle.openIn(outside)) {
            h.linkAdd(new LinkSpec.Bridge(LinkOptions.named(FOREIGN).withUp(true)));
            h.addrAdd(FOREIGN, IpPrefix.parse("10.88.0.1/24"));
            h.linkSetMaster("vethforeign", FOREIGN);
            n.routeReplace(Route.defaultVia(FOREIGN_GATEWAY));
            // The foreign bridge is not masqueraded (nothing of Shoal's does that): the outside routes it back.
            o.routeReplace(Route.to(IpPrefix.parse("10.88.0.0/24")).via(ip("192.0.2.1")));
        }
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        driver.createNetwork(v4(WEB, "web", "10.77.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.77.0.2/24", null);
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(new PortBinding(Protocol.TCP, Optional.empty(), 8080, 7000)));

        try (Traffic.WhoAmIServer inA = new Traffic.WhoAmIServer(a, SHOAL_CONTAINER, 7000);
                Traffic.WhoAmIServer inC = new Traffic.WhoAmIServer(c, FOREIGN_CONTAINER, 7000);
                Traffic.WhoAmIServer out = new Traffic.WhoAmIServer(outside, OUTSIDE, 7000)) {
            assertThat(Traffic.tcpAsk(a, FOREIGN_CONTAINER, 7000))
                    .as("Shoal's container -> the other bridge's")
                    .isEmpty();
            assertThat(Traffic.tcpAsk(c, SHOAL_CONTAINER, 7000))
                    .as("the other bridge's container -> Shoal's")
                    .isEmpty();
            assertThat(Traffic.tcpAsk(a, OUTSIDE, 7000))
                    .as("Shoal's container -> the outside (masqueraded)")
                    .contains("192.0.2.1");
            assertThat(Traffic.tcpAsk(c, OUTSIDE, 7000))
                    .as("the other bridge's container -> the outside (untouched)")
                    .contains("10.88.0.2");
            assertThat(Traffic.tcpAsk(c, FOREIGN_GATEWAY, 8080))
                    .as("the other bridge's container -> Shoal's published port at a host address")
                    .isPresent();
        }
    }

    @Test
    void aHostWhoseUplinkIsABridgeKeepsItsEgress(
            @Netns("host") NetworkNamespace host, @Netns("outside") NetworkNamespace outside, NetworkNamespace a)
            throws Exception {
        // As on a VM host: the NIC is a port of bridge br0, which holds the host's address. Not a dockerd's name.
        Uplinks.wire(host, "uplink", List.of(), outside, List.of("192.0.2.2/24"));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(new LinkSpec.Bridge(LinkOptions.named("br0").withUp(true)));
            h.addrAdd("br0", IpPrefix.parse("192.0.2.1/24"));
            h.linkSetMaster("uplink", "br0");
        }
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        driver.createNetwork(v4(WEB, "web", "10.77.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.77.0.2/24", null);

        try (Traffic.WhoAmIServer out = new Traffic.WhoAmIServer(outside, OUTSIDE, 7000)) {
            assertThat(Traffic.tcpAsk(a, OUTSIDE, 7000))
                    .as("Shoal's container -> the outside through the uplink bridge br0 (masqueraded)")
                    .contains("192.0.2.1");
        }
    }
}
