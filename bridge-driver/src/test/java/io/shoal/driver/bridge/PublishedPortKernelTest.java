package io.shoal.driver.bridge;

import static io.shoal.driver.bridge.BridgeDrivers.dualStack;
import static io.shoal.driver.bridge.BridgeDrivers.endpointId;
import static io.shoal.driver.bridge.BridgeDrivers.ip;
import static io.shoal.driver.bridge.BridgeDrivers.join;
import static io.shoal.driver.bridge.BridgeDrivers.networkId;
import static io.shoal.driver.bridge.BridgeDrivers.shoalTable;
import static io.shoal.driver.bridge.BridgeDrivers.v4;
import static io.shoal.netlink.testing.Ports.canListen;
import static io.shoal.netlink.testing.Ports.listen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shoal.driver.support.testing.MapDriverStore;
import io.shoal.driver.support.testing.Traffic;
import io.shoal.driver.support.testing.Uplinks;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.netlink.Address;
import io.shoal.netlink.AddressFlag;
import io.shoal.netlink.IpFamily;
import io.shoal.netlink.KernelException;
import io.shoal.netlink.NetlinkHandle;
import io.shoal.netlink.NetworkNamespace;
import io.shoal.netlink.NoSuchObjectException;
import io.shoal.netlink.Route;
import io.shoal.netlink.Sysctl;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.spi.DriverException;
import io.shoal.spi.DriverOptions;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.PortBinding;
import io.shoal.spi.PortBinding.Protocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Published ports on the real kernel: who owns a host port, from where each kind of binding address is reached, a
 * container reaching its own published port, and IPv6 addresses usable the moment join returns. The "host" namespace
 * plays the machine; the "router" namespace is a neighbour on its uplink (192.0.2.1 and 192.0.2.10 there, 192.0.2.2
 * here; 2001:db8::1 and ::2; RFC 5737, RFC 3849).
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class PublishedPortKernelTest {
    private static final InetAddress UPLINK = ip("192.0.2.1");
    private static final InetAddress UPLINK_OTHER = ip("192.0.2.10");
    private static final InetAddress UPLINK6 = ip("2001:db8::1");
    private static final InetAddress NEIGHBOUR = ip("192.0.2.2");
    private static final InetAddress LOOPBACK = ip("127.0.0.1");
    private static final String WEB = networkId(1);
    private static final String OTHER = networkId(2);

    private final MapDriverStore store = new MapDriverStore();
    private BridgeNetworkDriver driver;

    @BeforeEach
    void wireHostToNeighbour(@Netns("host") NetworkNamespace host, @Netns("router") NetworkNamespace router)
            throws Exception {
        Uplinks.wire(
                host,
                "uplink",
                List.of("192.0.2.1/24", "192.0.2.10/24", "2001:db8::1/64"),
                router,
                List.of("192.0.2.2/24", "2001:db8::2/64"));
        try (NetlinkHandle h = NetlinkHandle.openIn(host)) {
            h.routeReplace(Route.defaultVia(NEIGHBOUR));
        }
        driver = BridgeDrivers.create(host, store);
    }

    @Test
    void aHostPortHasOneOwnerAcrossNetworksForEveryAddressOfItsFamily(
            @Netns("host") NetworkNamespace host,
            @Netns("router") NetworkNamespace router,
            NetworkNamespace a,
            NetworkNamespace b)
            throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        driver.createNetwork(v4(OTHER, "other", "10.79.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        join(driver, OTHER, 2, b, "10.79.0.2/24", null);
        driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(8082)));

        String owner = "port is already allocated to endpoint " + endpointId(2) + " on network web";
        assertConflict(OTHER, List.of(tcp(8082)), "Bind for 0.0.0.0:8082/tcp failed: " + owner);
        assertConflict(OTHER, List.of(tcp(UPLINK, 8082)), "Bind for 192.0.2.1:8082/tcp failed: " + owner);
        assertConflict(OTHER, List.of(tcp(8090), tcp(UPLINK, 8090)), "publishes it twice");

        // All the bindings of one request or none: 9001 is free, 8082 is not.
        String table = shoalTable(host);
        Map<String, String> stored = store.list("");
        assertConflict(OTHER, List.of(tcp(9001), tcp(8082)), owner);
        assertThat(shoalTable(host)).isEqualTo(table).doesNotContain("9001");
        assertThat(store.list("")).isEqualTo(stored);
        assertThat(canListen(host, "0.0.0.0", 9001)).as("9001 given back").isTrue();

        // Another protocol is another port.
        driver.programExternalConnectivity(
                OTHER, endpointId(2), List.of(new PortBinding(Protocol.UDP, Optional.empty(), 8082, 7000)));
        try (Traffic.WhoAmIServer inA = new Traffic.WhoAmIServer(a, ip("10.78.0.2"), 7000);
                Traffic.WhoAmIServer inB = new Traffic.WhoAmIServer(b, ip("10.79.0.2"), 7000)) {
            assertThat(Traffic.tcpAsk(router, UPLINK, 8082)).contains("192.0.2.2");
        }
        driver.revokeExternalConnectivity(WEB, endpointId(2));
        driver.programExternalConnectivity(OTHER, endpointId(2), List.of(tcp(UPLINK, 8082)));
        assertConflict(
                WEB,
                List.of(tcp(8082)),
                "Bind for 0.0.0.0:8082/tcp failed: port is already allocated to " + "endpoint " + endpointId(2)
                        + " on network other (as 192.0.2.1:8082/tcp)");
    }

    @Test
    void aPortAHostProcessHoldsIsRefusedAndAPublishedPortIsHeldUntilRevoked(
            @Netns("host") NetworkNamespace host, NetworkNamespace a) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        try (ServerSocket busy = host.callInside(() -> listen("0.0.0.0", 8083))) {
            assertConflict(WEB, List.of(tcp(8083)), "Bind for 0.0.0.0:8083/tcp failed: port is already in use");
        }
        assertThatThrownBy(() ->
                        driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(ip("198.51.100.7"), 8085))))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("198.51.100.7 is not an address of this host")
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);

        driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(8084), tcp(UPLINK, 8086)));
        assertThat(canListen(host, "0.0.0.0", 8084)).isFalse();
        assertThat(canListen(host, "192.0.2.10", 8084)).isFalse();
        assertThat(canListen(host, "192.0.2.1", 8086)).isFalse();
        assertThat(canListen(host, "192.0.2.10", 8086)).as("another address").isTrue();
        driver.revokeExternalConnectivity(WEB, endpointId(2));
        assertThat(canListen(host, "0.0.0.0", 8084)).isTrue();
        assertThat(canListen(host, "192.0.2.1", 8086)).isTrue();
    }

    @Test
    void aRestartRebuildsTheOwnersFromTheRecords(
            @Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b) throws Exception {
        driver.createNetwork(v4(WEB, "web", "10.78.0.0/24", Map.of()));
        driver.createNetwork(v4(OTHER, "other", "10.79.0.0/24", Map.of()));
        join(driver, WEB, 2, a, "10.78.0.2/24", null);
        driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(8082)));
        join(driver, OTHER, 3, b, "10.79.0.3/24", null);

        BridgeNetworkDriver restarted = BridgeDrivers.create(host, store);
        assertThatThrownBy(() -> restarted.programExternalConnectivity(OTHER, endpointId(3), List.of(tcp(8082))))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("already allocated to endpoint " + endpointId(2) + " on network web");
    }

    /**
     * Each binding address kind, reached from where it should be and not from elsewhere. The neighbour routes
     * 127.0.0.0/8 at the host (its own loopback address removed, route_localnet on), as a hostile machine on the LAN can.
     */
    @Test
    void eachBindingAddressIsReachedOnlyFromWhereItShouldBe(
            @Netns("host") NetworkNamespace host, @Netns("router") NetworkNamespace router, NetworkNamespace a)
            throws Exception {
        try (NetlinkHandle r = NetlinkHandle.openIn(router)) {
            // Without its loopback address the neighbour has no local route for 127.0.0.0/8 and sends it out.
            r.addrDelete("lo", IpPrefix.parse("127.0.0.1/8"));
            Sysctl.of(router).set("net.ipv4.conf.eth0.route_localnet", "1");
            r.routeReplace(Route.to(IpPrefix.parse("127.0.0.0/8")).via(UPLINK));
        }
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        Map<String, String> stored = store.list("");
        assertThatThrownBy(() -> driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(ip("::1"), 8087))))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining("on [::1]")
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(store.list("")).isEqualTo(stored);
        driver.programExternalConnectivity(
                WEB, endpointId(2), List.of(tcp(LOOPBACK, 8081), tcp(UPLINK, 8082), tcp(8083)));

        try (Traffic.WhoAmIServer v4 = new Traffic.WhoAmIServer(a, ip("10.78.0.2"), 7000);
                Traffic.WhoAmIServer v6 = new Traffic.WhoAmIServer(a, ip("fd78::2"), 7000)) {
            assertThat(Traffic.tcpAsk(host, LOOPBACK, 8081))
                    .as("loopback from the host")
                    .isPresent();
            assertThat(Traffic.tcpAsk(router, LOOPBACK, 8081))
                    .as("loopback from the LAN")
                    .isEmpty();
            assertThat(Traffic.tcpAsk(router, UPLINK, 8081))
                    .as("loopback via the uplink")
                    .isEmpty();

            assertThat(Traffic.tcpAsk(router, UPLINK, 8082))
                    .as("specific from the LAN")
                    .contains("192.0.2.2");
            assertThat(Traffic.tcpAsk(host, UPLINK, 8082))
                    .as("specific from the host")
                    .isPresent();
            assertThat(Traffic.tcpAsk(router, UPLINK_OTHER, 8082))
                    .as("specific via another address")
                    .isEmpty();
            assertThat(Traffic.tcpAsk(host, LOOPBACK, 8082))
                    .as("specific via loopback")
                    .isEmpty();

            assertThat(Traffic.tcpAsk(router, UPLINK, 8083))
                    .as("any from the LAN")
                    .contains("192.0.2.2");
            assertThat(Traffic.tcpAsk(router, UPLINK_OTHER, 8083))
                    .as("any via another address")
                    .isPresent();
            assertThat(Traffic.tcpAsk(router, UPLINK6, 8083))
                    .as("any over IPv6")
                    .isPresent();
            assertThat(Traffic.tcpAsk(host, LOOPBACK, 8083))
                    .as("any via loopback from the host")
                    .isPresent();
            assertThat(Traffic.tcpAsk(router, LOOPBACK, 8083))
                    .as("any via loopback from the LAN")
                    .isEmpty();
        }
    }

    @Test
    void aContainerReachesItsOwnPublishedPortWithAndWithoutBrNetfilter(
            @Netns("host") NetworkNamespace host,
            @Netns("router") NetworkNamespace router,
            NetworkNamespace a,
            NetworkNamespace b)
            throws Exception {
        Sysctl sysctl = Sysctl.of(host);
        assumeBridgeNetfilter(sysctl);
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        join(driver, WEB, 3, b, "10.78.0.3/24", "fd78::3/64");
        driver.programExternalConnectivity(WEB, endpointId(2), List.of(tcp(8080)));
        try (Traffic.WhoAmIServer v4 = new Traffic.WhoAmIServer(a, ip("10.78.0.2"), 7000);
                Traffic.WhoAmIServer v6 = new Traffic.WhoAmIServer(a, ip("fd78::2"), 7000)) {
            for (String mode : List.of("1", "0")) {
                sysctl.set("net.bridge.bridge-nf-call-iptables", mode);
                sysctl.set("net.bridge.bridge-nf-call-ip6tables", mode);
                String with = "bridge-nf-call-ip(6)tables=" + mode + ": ";
                // Only the container's own flow is masqueraded (to the gateway); without it the answer would come
                // from its own address.
                assertThat(asked(a, UPLINK, 8080)).as(with + "itself").contains(ip("10.78.0.1"));
                assertThat(asked(a, UPLINK6, 8080))
                        .as(with + "itself over IPv6")
                        .contains(ip("fd78::1"));
                assertThat(asked(router, UPLINK, 8080)).as(with + "outside").contains(NEIGHBOUR);
            }
            sysctl.set("net.bridge.bridge-nf-call-iptables", "1");
            // Bridged straight through, conntrack undoes the DNAT on the way back: no masquerade needed or done.
            assertThat(asked(b, UPLINK, 8080)).as("a sibling").contains(ip("10.78.0.3"));
        }
    }

    /**
     * IPv6 usable the moment join returns: no address Shoal put on the container's interface or the bridge is
     * tentative, duplicate address detection is off on both (so the link-local address the kernel adds when the link
     * gets carrier skips it too), and the first connection succeeds within a short connect timeout (a functional
     * check, not a measurement).
     */
    @Test
    void ipv6IsUsableTheMomentJoinReturns(@Netns("host") NetworkNamespace host, NetworkNamespace a, NetworkNamespace b)
            throws Exception {
        driver.createNetwork(dualStack(WEB, "web", DriverOptions.empty()));
        join(driver, WEB, 2, a, "10.78.0.2/24", "fd78::2/64");
        join(driver, WEB, 3, b, "10.78.0.3/24", "fd78::3/64");
        String bridge = "br-" + WEB.substring(0, 12);
        assertUsable(a, "eth0", "fd78::2/64");
        assertUsable(b, "eth0", "fd78::3/64");
        assertUsable(host, bridge, "fd78::1/64");
        assertThat(Sysctl.of(a).get("net.ipv6.conf.eth0.accept_dad")).isEqualTo("0");
        assertThat(Sysctl.of(host).get("net/ipv6/conf/" + bridge + "/accept_dad"))
                .isEqualTo("0");
        try (Traffic.WhoAmIServer server = new Traffic.WhoAmIServer(a, ip("fd78::2"), 7000)) {
            assertThat(connectsAtOnce(b, ip("fd78::2"), 7000))
                    .as("from a sibling")
                    .isTrue();
            assertThat(connectsAtOnce(host, ip("fd78::2"), 7000))
                    .as("from the host")
                    .isTrue();
        }
    }

    private static void assertUsable(NetworkNamespace namespace, String link, String address) throws KernelException {
        assertThat(ipv6Addresses(namespace, link))
                .filteredOn(a -> a.address().equals(IpPrefix.parse(address)))
                .singleElement()
                .satisfies(a -> assertThat(a.flags())
                        .as("flags of %s on %s", address, link)
                        .doesNotContain(AddressFlag.TENTATIVE, AddressFlag.DADFAILED));
    }

    private static List<Address> ipv6Addresses(NetworkNamespace namespace, String link) throws KernelException {
        try (NetlinkHandle handle = NetlinkHandle.openIn(namespace)) {
            return handle.addrList(link, IpFamily.IPV6);
        }
    }

    private static boolean connectsAtOnce(NetworkNamespace from, InetAddress address, int port) throws Exception {
        try (Socket socket = from.callInside(() -> {
            Socket s = new Socket();
            s.bind(null);
            return s;
        })) {
            socket.connect(new InetSocketAddress(address, port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void assumeBridgeNetfilter(Sysctl host) throws KernelException {
        try {
            host.get("net.bridge.bridge-nf-call-iptables");
        } catch (NoSuchObjectException e) {
            Assumptions.abort(
                    "this kernel has no br_netfilter in the test namespace (modprobe br_netfilter): " + e.getMessage());
        }
    }

    private static Optional<InetAddress> asked(NetworkNamespace from, InetAddress address, int port) throws Exception {
        return Traffic.tcpAsk(from, address, port).map(IpAddresses::parse);
    }

    private void assertConflict(String network, List<PortBinding> ports, String message) {
        assertThatThrownBy(() -> driver.programExternalConnectivity(network, endpointId(2), ports))
                .isInstanceOf(DriverException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((DriverException) e).kind())
                .isEqualTo(ErrorKind.CONFLICT);
    }

    private static PortBinding tcp(int hostPort) {
        return new PortBinding(Protocol.TCP, Optional.empty(), hostPort, 7000);
    }

    private static PortBinding tcp(InetAddress host, int hostPort) {
        return new PortBinding(Protocol.TCP, Optional.of(host), hostPort, 7000);
    }
}
