package io.shoal.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.shoal.net.IpAddresses;
import io.shoal.net.IpPrefix;
import io.shoal.net.MacAddress;
import io.shoal.netlink.testing.Netns;
import io.shoal.netlink.testing.NetnsExtension;
import io.shoal.netlink.wire.Rtnetlink;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Addresses, routes and neighbours against the real kernel, on a veth pair (both ends up) in a fresh namespace, read
 * back through Shoal and cross-checked with {@code ip -j}.
 */
@Tag("netns")
@ExtendWith(NetnsExtension.class)
class AddressRouteKernelTest {
    private static final InetAddress GATEWAY4 = IpAddresses.parse("10.0.0.1");
    private static final InetAddress GATEWAY6 = IpAddresses.parse("fd00::1");

    private NetworkNamespace namespace;
    private NetlinkHandle handle;
    private int index;

    @BeforeEach
    void vethPairUp(@Netns("main") NetworkNamespace main) throws KernelException {
        namespace = main;
        handle = NetlinkHandle.openIn(main);
        handle.linkAdd(new LinkSpec.Veth(
                LinkOptions.named("shoal0a").withUp(true),
                LinkOptions.named("shoal0b"),
                java.util.OptionalInt.empty()));
        handle.linkSetUp("shoal0b");
        index = handle.linkIndex("shoal0a");
    }

    @AfterEach
    void closeHandle() throws KernelException {
        handle.close();
    }

    @Test
    void addressesReadBackAsSetAndAsIpSeesThem() throws Exception {
        handle.addrAdd("shoal0a", IpPrefix.parse("10.0.0.2/24"));
        handle.addrAdd(index, IpPrefix.parse("fd00::2/64"), AddressFlag.NODAD);

        List<Address> addresses = handle.addrList("shoal0a", IpFamily.ANY);

        assertThat(addresses)
                .filteredOn(a -> a.scope().equals(RouteScope.UNIVERSE))
                .extracting(Address::address)
                .containsExactlyInAnyOrder(IpPrefix.parse("10.0.0.2/24"), IpPrefix.parse("fd00::2/64"));
        Address ipv6 = addresses.stream()
                .filter(a -> a.address().equals(IpPrefix.parse("fd00::2/64")))
                .findFirst()
                .orElseThrow();
        assertThat(ipv6.flags()).contains(AddressFlag.NODAD).doesNotContain(AddressFlag.TENTATIVE);
        assertThat(ipv6.linkIndex()).isEqualTo(index);
        assertThat(asText(addresses)).isEqualTo(oracleAddresses("shoal0a"));
        assertThat(handle.addrList(IpFamily.IPV4))
                .extracting(Address::address)
                .containsExactlyInAnyOrder(IpPrefix.parse("127.0.0.1/8"), IpPrefix.parse("10.0.0.2/24"));

        assertThatThrownBy(() -> handle.addrAdd("shoal0a", IpPrefix.parse("10.0.0.2/24")))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageStartingWith("RTM_NEWADDR 10.0.0.2/24 dev #" + index + ": EEXIST");

        handle.addrDelete("shoal0a", IpPrefix.parse("10.0.0.2/24"));
        handle.addrDelete(index, IpPrefix.parse("fd00::2/64"));
        assertThat(handle.addrList("shoal0a", IpFamily.ANY))
                .noneMatch(a -> a.scope().equals(RouteScope.UNIVERSE));
        assertThatThrownBy(() -> handle.addrDelete(index, IpPrefix.parse("10.0.0.2/24")))
                .isInstanceOf(NoSuchObjectException.class);
    }

    @Test
    void routesAreAddedReplacedListedAndDeletedAsIpSeesThem() throws Exception {
        handle.addrAdd(index, IpPrefix.parse("10.0.0.2/24"));
        handle.addrAdd(index, IpPrefix.parse("fd00::2/64"), AddressFlag.NODAD);
        handle.routeAdd(Route.defaultVia(GATEWAY4));
        handle.routeAdd(Route.defaultVia(GATEWAY6).dev(index));
        handle.routeAdd(Route.to(IpPrefix.parse("10.9.0.0/16"))
                .via(IpAddresses.parse("10.0.0.254"))
                .withMetric(50));
        handle.routeAdd(Route.to(IpPrefix.parse("10.8.0.0/16")).dev(index));

        List<Route> ipv4 = handle.routeList(IpFamily.IPV4);

        assertThat(ipv4)
                .contains(new Route(
                        IpPrefix.parse("0.0.0.0/0"),
                        java.util.Optional.of(GATEWAY4),
                        java.util.OptionalInt.of(index),
                        RouteScope.UNIVERSE,
                        0,
                        Rtnetlink.RT_TABLE_MAIN,
                        Rtnetlink.RTPROT_BOOT));
        Route connected = ipv4.stream()
                .filter(r -> r.destination().equals(IpPrefix.parse("10.0.0.0/24")))
                .findFirst()
                .orElseThrow();
        assertThat(connected.protocol()).isEqualTo(Rtnetlink.RTPROT_KERNEL);
        assertThat(connected.scope()).isEqualTo(RouteScope.LINK);
        assertThat(ipv4)
                .filteredOn(r -> r.destination().equals(IpPrefix.parse("10.8.0.0/16")))
                .singleElement()
                .satisfies(r -> assertThat(r.scope()).isEqualTo(RouteScope.LINK));
        assertThat(asRouteText(ipv4)).isEqualTo(oracleRoutes("-4"));
        List<Route> ipv6 = handle.routeList(IpFamily.IPV6);
        assertThat(ipv6).anySatisfy(r -> {
            assertThat(r.isDefault()).isTrue();
            assertThat(r.gateway()).hasValue(GATEWAY6);
            assertThat(r.metric()).isEqualTo(1024);
        });
        assertThat(asRouteText(ipv6)).isEqualTo(oracleRoutes("-6"));
        assertThat(handle.routeList(IpFamily.ANY)).hasSize(ipv4.size() + ipv6.size());

        handle.routeReplace(Route.to(IpPrefix.parse("10.9.0.0/16"))
                .via(IpAddresses.parse("10.0.0.253"))
                .withMetric(50));
        assertThat(handle.routeList(IpFamily.IPV4))
                .filteredOn(r -> r.destination().equals(IpPrefix.parse("10.9.0.0/16")))
                .singleElement()
                .satisfies(r -> assertThat(r.gateway()).hasValue(IpAddresses.parse("10.0.0.253")));

        handle.routeDelete(Route.to(IpPrefix.parse("10.9.0.0/16")).withMetric(50));
        handle.routeDelete(Route.defaultVia(GATEWAY6));
        assertThat(handle.routeList(IpFamily.ANY))
                .noneMatch(r -> r.destination().equals(IpPrefix.parse("10.9.0.0/16")))
                .noneMatch(r -> r.isDefault() && r.destination().isIpv6());
        assertThatThrownBy(() -> handle.routeDelete(Route.to(IpPrefix.parse("10.9.0.0/16"))))
                .isInstanceOf(NoSuchObjectException.class)
                .hasMessageStartingWith("RTM_DELROUTE route 10.9.0.0/16: ESRCH");
    }

    @Test
    void routeErrorsNameTheRoute() throws Exception {
        handle.addrAdd(index, IpPrefix.parse("10.0.0.2/24"));
        handle.routeAdd(Route.defaultVia(GATEWAY4));

        assertThatThrownBy(() -> handle.routeAdd(Route.defaultVia(GATEWAY4)))
                .isInstanceOf(ObjectExistsException.class)
                .hasMessageStartingWith("RTM_NEWROUTE route 0.0.0.0/0 via 10.0.0.1: EEXIST");
        assertThatThrownBy(() ->
                        handle.routeAdd(Route.to(IpPrefix.parse("10.5.0.0/16")).via(IpAddresses.parse("192.168.99.1"))))
                .isInstanceOf(KernelException.class)
                .hasMessageStartingWith("RTM_NEWROUTE route 10.5.0.0/16 via 192.168.99.1: ENETUNREACH");
    }

    @Test
    void permanentNeighboursAreAddedListedAndDeleted() throws Exception {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:09");
        InetAddress neighbour = IpAddresses.parse("10.0.0.9");
        handle.addrAdd(index, IpPrefix.parse("10.0.0.2/24"));

        handle.neighAdd("shoal0a", neighbour, mac);

        NeighbourEntry entry = handle.neighList(IpFamily.IPV4).stream()
                .filter(n -> n.address().equals(neighbour))
                .findFirst()
                .orElseThrow();
        assertThat(entry.linkIndex()).isEqualTo(index);
        assertThat(entry.mac()).hasValue(mac);
        assertThat(entry.isPermanent()).isTrue();
        JsonNode oracle = IpOracle.json(namespace, "neigh", "show", "dev", "shoal0a", "to", "10.0.0.9")
                .get(0);
        assertThat(oracle.get("lladdr").asText()).isEqualTo(mac.toString());
        assertThat(oracle.get("state").toString()).contains("PERMANENT");
        assertThatThrownBy(() -> handle.neighAdd(index, neighbour, mac)).isInstanceOf(ObjectExistsException.class);

        handle.neighDelete("shoal0a", neighbour);
        assertThat(handle.neighList(IpFamily.IPV4)).noneMatch(n -> n.address().equals(neighbour));
    }

    /** {@code "ADDRESS/PREFIX"} for every address, as a set, from Shoal. */
    private static Set<String> asText(List<Address> addresses) {
        return addresses.stream().map(a -> a.address().toString()).collect(Collectors.toSet());
    }

    /** The same from {@code ip -j addr show dev LINK}. */
    private Set<String> oracleAddresses(String link) throws Exception {
        Set<String> text = new HashSet<>();
        for (JsonNode info :
                IpOracle.json(namespace, "addr", "show", "dev", link).get(0).get("addr_info")) {
            text.add(info.get("local").asText() + "/" + info.get("prefixlen").asInt());
        }
        return text;
    }

    /** {@code "DST via GW dev NAME metric M"} per route, as a set, from Shoal. */
    private Set<String> asRouteText(List<Route> routes) throws KernelException {
        Map<Integer, String> names = new HashMap<>();
        for (Link link : handle.linkList()) {
            names.put(link.index(), link.name());
        }
        return routes.stream()
                .map(r -> routeText(
                        r.isDefault() ? "default" : r.destination().toString(),
                        r.gateway().map(IpAddresses::format).orElse(""),
                        r.outputIndex().isPresent() ? names.get(r.outputIndex().getAsInt()) : "",
                        r.metric()))
                .collect(Collectors.toSet());
    }

    /** The same from {@code ip -j -4|-6 route show}; ip omits the prefix length of host routes, so add it back. */
    private Set<String> oracleRoutes(String family) throws Exception {
        Set<String> text = new HashSet<>();
        for (JsonNode route : IpOracle.json(namespace, family, "route", "show")) {
            String destination = route.get("dst").asText();
            if (!destination.equals("default") && !destination.contains("/")) {
                destination += family.equals("-4") ? "/32" : "/128";
            }
            text.add(routeText(
                    destination,
                    route.path("gateway").asText(""),
                    route.path("dev").asText(""),
                    route.path("metric").asInt(0)));
        }
        return text;
    }

    private static String routeText(String destination, String gateway, String dev, int metric) {
        return destination + " via " + gateway + " dev " + dev + " metric " + metric;
    }
}
