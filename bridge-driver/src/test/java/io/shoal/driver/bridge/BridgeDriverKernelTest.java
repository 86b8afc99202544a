package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.dualStack;
import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.ip;
import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static io.shoal.driver.bridge.BridgeDrivers.pool;
import static io.shoal.driver.bridge.BridgeDrivers.shoalTable;
import static io.shoal.driver.bridge.BridgeDrivers.v4;
import static io.shoal.driver.support.testing.NetworkDriverContract.HostSnapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.NetworkPhase;
import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.driver.support.testing.Uplinks;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.LinkOptions;
import io.shoal.netlink.LinkSpec;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.Route;
import io.shoal.netlink.Sysctl;
import io.shoal.netlink.testing.KernelFeatures;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.EndpointConfig;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.JoinRequest;
import io.shoal.spi.NetworkConfig;
import io.shoal.spi.PortBinding;
import io.shoal.spi.SandboxRef;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge driver's own behaviour on the real kernel. The "host" namespace plays the machine: it has an uplink to
 * a "router" namespace (192.0.2.1 here, 192.0.2.2 there, TEST-NET-1 of RFC 5737), which stands in for the outside.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class BridgeDriverKernelTest {
    private static final InetAddress HOST_UPLINK = IpAddresses.parse("192.0.2.1");
    private static final InetAddress ROUTER = IpAddresses.parse("192.0.2.2");
    private static final String WEB = networkId(1);
    private static final String OTHER = networkId(2);

    private final MapDriverStore store = new MapDriverStore();
    private BridgeNetworkDriver driver;

    @BeforeEach
    void wireHostToRouter(@Netns("host") NetworkNamespace host, @Netns("router") NetworkNamespace router)
            throws Exception {
        Uplinks.wire(host, "uplink", List.of("192.0.2.1/24"), router, List.of("192.0.2.2/24"));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.routeReplace(Route.defaultVia(ROUTER));
        }
        driver = BridgeDrivers.create(host, store);
    }

    @Test
    void dualStackSandboxesTalkTcpAndUdpOverBothFamilies(NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        join(driver, WEB, 3, b, "10.78.0.3/24", "fd78::3/64");
        for (String target : List.of("10.78.0.3", "fd78::3")) {
            InetAddress address = IpAddresses.parse(target);
            try (Traffic.WhoAmIServer tcp = new Traffic.WhoAmIServer(b, address, 7000);
                    Traffic.UdpEcho udp = new Traffic.UdpEcho(b, address, 7001)) {
                assertThat(Traffic.tcpAsk(a, address, 7000))
                        .as("TCP to %s", target)
                        .isPresent();
                assertThat(Traffic.udpEchoes(a, address, 7001))
                        .as("UDP to %s", target)
                        .isTrue();
            }
        }
    }

    @Test
    void withoutIccSandboxesOnOneBridgeCannotTalk(NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of(BridgeOptions.ICC, "false")));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        try (Traffic.WhoAmIServer tcp = new Traffic.WhoAmIServer(b, ip("10.78.0.3"), 7000)) {
            assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).isEmpty();
        }
    }

    @Test
    void twoBridgeNetworksAreIsolatedButBothReachTheOutside(
            @Netns("router") NetworkNamespace router, NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        driver.createNetwork(v4(OTHER, "other", "10.79.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, OTHER, 2, b, "10.79.0.2/24", null);
        try (Traffic.WhoAmIServer inB = new Traffic.WhoAmIServer(b, ip("10.79.0.2"), 7000);
                Traffic.WhoAmIServer outside = new Traffic.WhoAmIServer(router, ROUTER, 7000)) {
            assertThat(Traffic.tcpAsk(a, ip("10.79.0.2"), 7000)).isEmpty();
            assertThat(Traffic.tcpAsk(a, ROUTER, 7000)).contains("192.0.2.1");
            assertThat(Traffic.tcpAsk(b, ROUTER, 7000)).contains("192.0.2.1");
        }
    }

    @Test
    void masqueradeMakesEgressComeFromTheHost(@Netns("router") NetworkNamespace router, NetworkNamespace a)
            throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        try (Traffic.WhoAmIServer outside = new Traffic.WhoAmIServer(router, ROUTER, 7000)) {
            assertThat(Traffic.tcpAsk(a, ROUTER, 7000)).contains("192.0.2.1");
        }
    }

    @Test
    void anInternalNetworkHasNoWayOut(@Netns("router") NetworkNamespace router, NetworkNamespace a, NetworkNamespace b)
            throws Exception {
        NetworkConfig internal = new NetworkConfig(
                WEB, "backend", DriverOptions.empty(), Map.of(), List.of(pool("10.78.0.0/24")), List.of(), true);
        driver.createNetwork(internal);
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        try (NetlinkHandle inside = NetlinkHandle.openIn(a)) {
            assertThat(inside.routeList(IpFamily.IPV4)).noneMatch(Route::isDefault);
        }
        try (Traffic.WhoAmIServer outside = new Traffic.WhoAmIServer(router, ROUTER, 7000);
                Traffic.WhoAmIServer sibling = new Traffic.WhoAmIServer(b, ip("10.78.0.3"), 7000)) {
            assertThat(Traffic.tcpAsk(a, ROUTER, 7000)).isEmpty();
            assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).isPresent();
        }
        assertThatThrownBy(() -> driver.programExternalConnectivity(
                        WEB,
                        endpointId(2),
                        List.of(new PortBinding(PortBinding.Protocol.TCP, Optional.empty(), 8080, 7000))))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("internal");
    }

    @Test
    void aPublishedPortReachesTheContainerFromOutsideFromTheHostAndFromASibling(
            @Netns("host") NetworkNamespace host,
            @Netns("router") NetworkNamespace router,
            NetworkNamespace a,
            NetworkNamespace b)
            throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(new PortBinding(PortBinding.Protocol.TCP, Optional.empty(), 8080, 7000)));
        try (Traffic.WhoAmIServer server = new Traffic.WhoAmIServer(a, ip("10.78.0.2"), 7000)) {
            assertThat(Traffic.tcpAsk(router, HOST_UPLINK, 8080))
                    .as("from outside")
                    .contains("192.0.2.2");
            assertThat(Traffic.tcpAsk(host, HOST_UPLINK, 8080))
                    .as("from the host")
                    .isPresent();
            // Set, not inherited: whether a new namespace has it depends on the host (br_netfilter loaded or not).
            KernelFeatures.assumeSysctl(host, "net.bridge.bridge-nf-call-iptables", "1");
            // With br_netfilter (bridge-nf-call-iptables=1) the DNATed request is bridged straight to the sibling and
            // conntrack undoes the DNAT on the way back, so the container sees its sibling's own address.
            assertThat(Traffic.tcpAsk(b, HOST_UPLINK, 8080))
                    .as("hairpin from a sibling")
                    .contains("10.78.0.3");
            // Without it the request is routed, and the masquerade rule makes the answer come back through the host.
            Sysctl.of(host).set("net.bridge.bridge-nf-call-iptables", "0");
            assertThat(Traffic.tcpAsk(b, HOST_UPLINK, 8080))
                    .as("hairpin from a sibling without br_netfilter")
                    .contains("10.78.0.1");
            driver.revokeExternalConnectivity(WEB, endpointId(2));
            assertThat(Traffic.tcpAsk(router, HOST_UPLINK, 8080))
                    .as("after revoke")
                    .isEmpty();
        }
    }

    @Test
    void deletingEveryNetworkLeavesNoLinkAddressOrRule(@Netns("host") NetworkNamespace host, NetworkNamespace a)
            throws Exception {
        HostSnapshot before = HostSnapshot.of(host);
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(new PortBinding(PortBinding.Protocol.UDP, Optional.empty(), 5353, 53)));
        assertThat(shoalTable(host)).contains("br-" + WEB.substring(0, 12)).contains("dnat");
        driver.leave(WEB, endpointId(2));
        driver.deleteEndpoint(WEB, endpointId(2));
        driver.deleteNetwork(WEB);
        driver.awaitTeardown(Duration.ofSeconds(10));
        assertThat(HostSnapshot.of(host)).isEqualTo(before);
        assertThat(shoalTable(host))
                .doesNotContain("br-" + WEB.substring(0, 12))
                .doesNotContain("dnat ip to")
                .doesNotContain("dnat ip6 to")
                .doesNotContain("10.78.0.2");
        assertThat(store.isEmpty()).isTrue();
    }

    @Test
    void badRequestsGetClearErrorsAndChangeNothing(@Netns("host") NetworkNamespace host) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(LinkSpec.Veth.named("taken0", "taken1"));
        }
        HostSnapshot before = HostSnapshot.of(host);
        String table = shoalTable(host);
        Map<String, String> stored = store.list("");

        assertRefused(
                v4(OTHER, "x", "10.79.0.0/24", Map.of("com.docker.network.bridge.enable_icx", "true")),
                ErrorKind.INVALID_ARGUMENT,
                "enable_icx");
        assertRefused(
                v4(OTHER, "x", "10.79.0.0/24", Map.of(BridgeOptions.MTU, "20")),
                ErrorKind.INVALID_ARGUMENT,
                "outside 68..65535");
        assertRefused(
                v4(OTHER, "x", "10.79.0.0/24", Map.of(BridgeOptions.NAME, "taken0")),
                ErrorKind.CONFLICT,
                "taken0 already exists and is a veth, not a bridge");
        assertRefused(
                v4(OTHER, "x", "10.78.0.128/25", Map.of()), ErrorKind.CONFLICT, "overlaps 10.78.0.0/24 of network web");

        assertThat(HostSnapshot.of(host)).isEqualTo(before);
        assertThat(shoalTable(host)).isEqualTo(table);
        assertThat(store.list("")).isEqualTo(stored);
    }

    @Test
    void aRestartAdoptsWhatExistsAndRemovesWhatWasHalfMade(
            @Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, WEB, 3, b, "10.78.0.3/24", null);
        // A crash half-way through creating another network: the record says CREATING, the bridge exists.
        BridgeNetwork halfMade = new BridgeNetwork(
                OTHER,
                "other",
                BridgeOptions.parse(OTHER, DriverOptions.empty(), false),
                List.of(pool("10.79.0.0/24")),
                List.of(),
                false,
                true,
                NetworkPhase.CREATING);
        BridgeState.records(store).save(halfMade);
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(LinkSpec.Bridge.named(halfMade.bridge()));
        }

        try (Traffic.WhoAmIServer server = new Traffic.WhoAmIServer(b, ip("10.78.0.3"), 7000)) {
            BridgeNetworkDriver restarted = BridgeDrivers.create(host, store);
            assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).contains("10.78.0.2");
            try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
                assertThat(h.linkFind(halfMade.bridge())).isEmpty();
                assertThat(h.linkFind("br-" + WEB.substring(0, 12))).isPresent();
            }
            assertThat(BridgeState.records(store).networks())
                    .extracting(BridgeNetwork::id)
                    .containsExactly(WEB);
            restarted.leave(WEB, endpointId(2));
            assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).isEmpty();
        }
    }

    /**
     * Issue 9's reboot: networks N1 and N2, a join and a published port on N1; then a fresh host namespace with the
     * same store, as after a reboot (the kernel objects are gone, the records remain, ip_forward is back to 0).
     */
    @Test
    void afterARebootTheNetworksWorkAndCanBeDeletedAndMadeAgain(
            @Netns("rebooted") NetworkNamespace rebooted, NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        driver.createNetwork(v4(OTHER, "other", "10.79.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(new PortBinding(PortBinding.Protocol.TCP, Optional.empty(), 8080, 7000)));
        Sysctl.of(rebooted).set("net.ipv4.ip_forward", "0");

        BridgeNetworkDriver restarted = BridgeDrivers.create(rebooted, store);

        assertThat(Sysctl.of(rebooted).get("net/ipv4/ip_forward")).isEqualTo("1");
        try (NetlinkHandle h = NetlinkHandle.openIn(rebooted)) {
            assertThat(h.linkGet("br-" + WEB.substring(0, 12)).isUp()).isTrue();
            assertThat(addresses(h, "br-" + OTHER.substring(0, 12))).contains("10.79.0.1/24");
        }
        assertThat(shoalTable(rebooted)).contains("br-" + WEB.substring(0, 12));
        restarted.join(new JoinRequest(WEB, endpointId(2), new SandboxRef("c2", b.path()), "eth0", true));
        try (NetlinkHandle inside = NetlinkHandle.openIn(b)) {
            assertThat(addresses(inside, "eth0")).contains("10.78.0.2/24");
        }
        restarted.deleteNetwork(OTHER);
        restarted.awaitTeardown(Duration.ofSeconds(10));
        restarted.createNetwork(v4(OTHER, "other", "10.79.0.0/24", Map.of()));
        try (NetlinkHandle h = NetlinkHandle.openIn(rebooted)) {
            assertThat(h.linkFind("br-" + OTHER.substring(0, 12))).isPresent();
        }
    }

    /**
     * Issue 9's crash mid-join: the process died after making the veth pair and before recording the join (as the
     * first version could). The next join of that endpoint replaces the leftover pair instead of failing with EEXIST.
     */
    @Test
    void aVethPairLeftByACrashedJoinDoesNotBlockTheEndpoint(@Netns("host") NetworkNamespace host, NetworkNamespace a)
            throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        driver.createEndpoint(new EndpointConfig(
                WEB,
                endpointId(2),
                Optional.of(IpPrefix.parse("10.78.0.2/24")),
                Optional.empty(),
                Optional.empty(),
                DriverOptions.empty()));
        String hostVeth = BridgeEndpoint.hostVethName(WEB, endpointId(2));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named(hostVeth).withMaster("br-" + WEB.substring(0, 12)),
                    LinkOptions.named("eth0"),
                    java.util.OptionalInt.of(a.fd())));
        }

        BridgeNetworkDriver restarted = BridgeDrivers.create(host, store);
        restarted.join(new JoinRequest(WEB, endpointId(2), new SandboxRef("c2", a.path()), "eth0", true));

        try (NetlinkHandle inside = NetlinkHandle.openIn(a)) {
            assertThat(inside.linkGet("eth0").isUp()).isTrue();
            assertThat(addresses(inside, "eth0")).contains("10.78.0.2/24");
        }
    }

    /**
     * Leave returns before the kernel has deleted the pair, yet the sandbox already has no interface, address or route
     * of that network, traffic no longer flows, and the same endpoint can join again at once (under the same host-side
     * name, which the deferred deletion holds until it is done).
     */
    @Test
    void afterLeaveTheSandboxHasLostTheInterfaceAndTheEndpointCanJoinAgainAtOnce(
            @Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        join(driver, WEB, 3, b, "10.78.0.3/24", "fd78::3/64");
        for (int round = 0; round < 3; round++) {
            driver.leave(WEB, endpointId(2));
            try (NetlinkHandle inside = NetlinkHandle.openIn(a)) {
                // The retired end may still be there (down, renamed) or already deleted by the reaper.
                assertThat(inside.linkList().stream().map(l -> l.name()))
                        .as("interfaces in the sandbox right after leave")
                        .isSubsetOf("lo", BridgeEndpoint.tombstone(BridgeEndpoint.hostVethName(WEB, endpointId(2))));
                assertThat(inside.linkList().stream().filter(l -> !l.name().equals("lo")))
                        .allSatisfy(l -> assertThat(l.isUp()).isFalse());
                assertThat(inside.addrList(IpFamily.ANY).stream()
                                .map(x -> x.address().toString()))
                        .as("addresses in the sandbox right after leave")
                        .allSatisfy(
                                x -> assertThat(x).doesNotStartWith("10.78.").doesNotStartWith("fd78:"));
                assertThat(inside.routeList(IpFamily.ANY).stream().map(Route::toString))
                        .as("routes in the sandbox right after leave")
                        .allSatisfy(r -> assertThat(r).doesNotContain("10.78.").doesNotContain("fd78:"));
            }
            try (Traffic.WhoAmIServer tcp = new Traffic.WhoAmIServer(b, ip("10.78.0.3"), 7000)) {
                assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).isEmpty();
            }
            driver.join(new JoinRequest(WEB, endpointId(2), new SandboxRef("c2", a.path()), "eth0", true));
            try (Traffic.WhoAmIServer tcp = new Traffic.WhoAmIServer(b, ip("10.78.0.3"), 7000)) {
                assertThat(Traffic.tcpAsk(a, ip("10.78.0.3"), 7000)).contains("10.78.0.2");
            }
        }
        driver.awaitTeardown(Duration.ofSeconds(10));
        try (NetlinkHandle inside = NetlinkHandle.openIn(a);
                NetlinkHandle onHost = NetlinkHandle.openIn(host)) {
            assertThat(inside.linkList().stream().map(l -> l.name())).containsOnly("lo", "eth0");
            assertThat(onHost.linkFind(BridgeEndpoint.hostVethName(WEB, endpointId(2))))
                    .isPresent();
        }
        assertThat(store.list("retired/")).isEmpty();
    }

    /** A pair a leave retired is deleted by a restart that finds its record (the process died before its reaper ran). */
    @Test
    void aRestartDeletesAPairThatLeaveRetired(@Netns("host") NetworkNamespace host, NetworkNamespace a)
            throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        driver.leave(WEB, endpointId(2));
        driver.awaitTeardown(Duration.ofSeconds(10));
        String hostVeth = BridgeEndpoint.hostVethName(WEB, endpointId(2));
        // What a crash between leave's return and the reaper's work leaves: the record, and the retired pair.
        store.put("retired/" + hostVeth, hostVeth);
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.linkAdd(new LinkSpec.Veth(
                    LinkOptions.named(hostVeth).withMaster("br-" + WEB.substring(0, 12)),
                    LinkOptions.named(BridgeEndpoint.tombstone(hostVeth)),
                    java.util.OptionalInt.of(a.fd())));
        }

        BridgeNetworkDriver restarted = BridgeDrivers.create(host, store);
        try (NetlinkHandle h = NetlinkHandle.openIn(host);
                NetlinkHandle inside = NetlinkHandle.openIn(a)) {
            assertThat(h.linkFind(hostVeth)).isEmpty();
            assertThat(inside.linkList().stream().map(l -> l.name())).containsOnly("lo");
        }
        assertThat(store.list("retired/")).isEmpty();
        restarted.join(new JoinRequest(WEB, endpointId(2), new SandboxRef("c2", a.path()), "eth0", true));
    }

    private static List<String> addresses(NetlinkHandle handle, String link) throws Exception {
        return handle.addrList(link, IpFamily.ANY).stream()
                .map(address -> address.address().toString())
                .toList();
    }

    private void assertRefused(NetworkConfig config, ErrorKind kind, String message) {
        assertThatThrownBy(() -> driver.createNetwork(config))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(kind);
    }
}
