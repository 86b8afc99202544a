package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.dualStack;
import static io.shoal.driver.bridge.BridgeDrivers.endpoint;
import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.Link;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointInfo;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.JoinResult;
import io.shoal.spi.SandboxRef;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hand-over join ({@link io.shoal.spi.InterfaceHandOver}) on the real kernel, with the test playing dockerd: it
 * moves the container end into its sandbox, renames it {@code eth0}, sets the addresses and default routes from the
 * join's answer, as libnetwork's {@code osl} does for a remote driver's interface.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class BridgeHandOverKernelTest {
    private static final String WEB = networkId(1);

    private final MapDriverStore store = new MapDriverStore();

    @Test
    void theContainerEndWaitsInTheHostUntilTheEngineMovesItAndThenCarriesTraffic(
            @Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b) throws Exception {
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        EndpointInfo first = driver.createEndpoint(endpoint(WEB, 2, "10.78.0.2/24", "fd78::2/64"));
        driver.createEndpoint(endpoint(WEB, 3, "10.78.0.3/24", "fd78::3/64"));
        // As the plugin does at CreateEndpoint: endpoint 3's pair is made ahead, in the background; 2's by its join.
        driver.prepareHandOver(WEB, endpointId(3), "shxtest3");

        JoinResult joined = driver.joinForHandOver(request(2, a, "shxtest2"));

        assertThat(joined.interfaceName()).isEqualTo("shxtest2");
        assertThat(joined.gatewayV4()).contains(IpAddresses.parse("10.78.0.1"));
        assertThat(joined.gatewayV6()).contains(IpAddresses.parse("fd78::1"));
        try (NetlinkHandle h = NetlinkHandle.openIn(host);
                NetlinkHandle inA = NetlinkHandle.openIn(a)) {
            Link waiting = h.linkGet("shxtest2");
            assertThat(waiting.mac()).contains(first.mac());
            assertThat(waiting.isUp()).isFalse();
            Link hostEnd = h.linkGet(BridgeEndpoint.hostVethName(WEB, endpointId(2)));
            assertThat(hostEnd.masterIndex()).hasValue(h.linkIndex("br-" + WEB.substring(0, 12)));
            assertThat(inA.linkFind("eth0"))
                    .as("the sandbox is the engine's: untouched")
                    .isEmpty();
        }
        actAsDockerd(host, a, "shxtest2", "10.78.0.2/24", "fd78::2/64", joined);
        actAsDockerd(
                host, b, "shxtest3", "10.78.0.3/24", "fd78::3/64", driver.joinForHandOver(request(3, b, "shxtest3")));

        for (String target : List.of("10.78.0.3", "fd78::3")) {
            InetAddress address = IpAddresses.parse(target);
            try (Traffic.WhoAmIServer tcp = new Traffic.WhoAmIServer(b, address, 7000)) {
                assertThat(Traffic.tcpAsk(a, address, 7000))
                        .as("TCP to %s", target)
                        .isPresent();
            }
        }

        driver.leave(WEB, endpointId(2));
        driver.deleteEndpoint(WEB, endpointId(2));
        driver.awaitTeardown(Duration.ofSeconds(10));
        try (NetlinkHandle h = NetlinkHandle.openIn(host);
                NetlinkHandle inA = NetlinkHandle.openIn(a)) {
            assertThat(h.linkFind(BridgeEndpoint.hostVethName(WEB, endpointId(2))))
                    .isEmpty();
            assertThat(inA.linkFind("eth0"))
                    .as("the pair is gone wherever its container end was")
                    .isEmpty();
        }
    }

    @Test
    void aTakenTemporaryNameIsAConflictAndLeavesNothing(@Netns("host") NetworkNamespace host, NetworkNamespace a)
            throws Exception {
        BridgeNetworkDriver driver = BridgeDrivers.create(host, store);
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        driver.createEndpoint(endpoint(WEB, 2, "10.78.0.2/24", null));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(new io.shoal.netlink.LinkSpec.Veth(
                    io.shoal.netlink.LinkOptions.named("shxtaken"),
                    io.shoal.netlink.LinkOptions.named("shxtaken2"),
                    java.util.OptionalInt.empty()));
        }

        assertThatThrownBy(() -> driver.joinForHandOver(request(2, a, "shxtaken")))
                .isInstanceOfSatisfying(
                        DriverException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));

        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            assertThat(h.linkFind(BridgeEndpoint.hostVethName(WEB, endpointId(2))))
                    .isEmpty();
        }
        assertThat(driver.endpointInfo(WEB, endpointId(2)).details()).isEmpty();
    }

    private static JoinRequest request(int n, NetworkNamespace sandbox, String temporaryName) {
        return new JoinRequest(WEB, endpointId(n), new SandboxRef("c" + n, sandbox.path()), temporaryName, true, true);
    }

    /** What dockerd does with a remote driver's interface (libnetwork osl: move, rename, address, up, routes). */
    private static void actAsDockerd(
            NetworkNamespace host, NetworkNamespace sandbox, String name, String v4, String v6, JoinResult joined)
            throws Exception {
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkSetNamespace(name, sandbox);
        }
        try (NetlinkHandle inside = NetlinkHandle.openIn(sandbox)) {
            inside.linkSetName(name, "eth0");
            inside.addrAdd("eth0", IpPrefix.parse(v4));
            inside.addrAdd("eth0", IpPrefix.parse(v6), AddressFlag.NODAD);
            inside.linkSetUp("eth0");
            inside.routeReplace(Route.defaultVia(joined.gatewayV4().orElseThrow()));
            inside.routeReplace(Route.defaultVia(joined.gatewayV6().orElseThrow()));
        }
    }
}
