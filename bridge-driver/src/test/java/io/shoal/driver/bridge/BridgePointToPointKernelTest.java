package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.Address;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.IpamData;
import io.shoal.spi.NetworkConfig;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Point-to-point subnets on a real bridge: an IPv4 /31 (RFC 3021) and an IPv6 /127 (RFC 6164) hold the gateway and one
 * endpoint. The addresses are the ones the default IPAM driver hands out for such a subnet (its first address the
 * gateway, the second the endpoint's; DefaultIpamDriverTest proves that half).
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class BridgePointToPointKernelTest {
    private static final String P2P = String.format("%012d", 31) + "b".repeat(52);

    private final MapDriverStore store = new MapDriverStore();
    private BridgeNetworkDriver driver;

    @BeforeEach
    void driverOnHost(@Netns("host") NetworkNamespace host) {
        driver = BridgeDrivers.create(host, store);
    }

    @Test
    void anIpv4Slash31EndpointGetsTheOtherAddressAndReachesTheGateway(
            @Netns("host") NetworkNamespace host, NetworkNamespace container) throws Exception {
        driver.createNetwork(network(List.of(pool("10.255.1.0/31", "10.255.1.0/31")), List.of()));
        join(driver, P2P, 1, container, "10.255.1.1/31", null);

        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            assertThat(addresses(inside, IpFamily.IPV4)).contains(IpPrefix.parse("10.255.1.1/31"));
        }
        InetAddress gateway = IpAddresses.parse("10.255.1.0");
        try (Traffic.WhoAmIServer onHost = new Traffic.WhoAmIServer(host, gateway, 7000)) {
            assertThat(Traffic.tcpAsk(container, gateway, 7000)).contains("10.255.1.1");
        }
        InetAddress peer = IpAddresses.parse("10.255.1.1");
        try (Traffic.WhoAmIServer inContainer = new Traffic.WhoAmIServer(container, peer, 7001)) {
            assertThat(Traffic.tcpAsk(host, peer, 7001)).contains("10.255.1.0");
        }
    }

    @Test
    void anIpv6Slash127EndpointGetsTheOtherAddressAndReachesTheGateway(
            @Netns("host") NetworkNamespace host, NetworkNamespace container) throws Exception {
        driver.createNetwork(
                network(List.of(pool("10.255.2.0/31", "10.255.2.0/31")), List.of(pool("fd31::/127", "fd31::/127"))));
        join(driver, P2P, 1, container, "10.255.2.1/31", "fd31::1/127");

        try (NetlinkHandle inside = NetlinkHandle.openIn(container)) {
            assertThat(addresses(inside, IpFamily.IPV6)).contains(IpPrefix.parse("fd31::1/127"));
        }
        InetAddress gateway = IpAddresses.parse("fd31::");
        try (Traffic.WhoAmIServer onHost = new Traffic.WhoAmIServer(host, gateway, 7000)) {
            assertThat(Traffic.tcpAsk(container, gateway, 7000)).contains("fd31:0:0:0:0:0:0:1");
        }
    }

    private static List<IpPrefix> addresses(NetlinkHandle handle, IpFamily family) throws Exception {
        return handle.addrList(family).stream().map(Address::address).toList();
    }

    private static NetworkConfig network(List<IpamData> v4, List<IpamData> v6) {
        return new NetworkConfig(P2P, "p2p", DriverOptions.empty(), Map.of(), v4, v6, false);
    }
}
