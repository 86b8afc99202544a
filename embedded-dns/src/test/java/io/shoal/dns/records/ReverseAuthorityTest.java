package io.shoal.dns.records;

import static io.shoal.dns.records.RecordRegistryTest.ip;
import static io.shoal.dns.records.RecordRegistryTest.name;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Issue 9, item 9: reverse names in the subnets of an engine-owned network are answered here, never forwarded; those of
 * a network whose subnets are a real LAN (macvlan) still go upstream.
 */
class ReverseAuthorityTest {
    private static final String CLIENT = "c".repeat(64);
    private static final String WEB = "e".repeat(64);
    private static final String LAN_CLIENT = "d".repeat(64);

    private final RecordRegistry registry = new RecordRegistry();

    @BeforeEach
    void networks() {
        registry.defineNetwork(NetworkDefinition.of(
                "front", List.of(IpPrefix.parse("172.30.0.0/16"), IpPrefix.parse("fd00:30::/64"))));
        registry.defineNetwork(NetworkDefinition.of("lan", List.of(IpPrefix.parse("192.168.1.0/24")))
                .with(ReverseLookups.FORWARD_UNKNOWN));
        registry.join("front", EndpointRecord.of(CLIENT, "client", ip("172.30.0.9"), ip("fd00:30::9")));
        registry.join("front", EndpointRecord.of(WEB, "web", ip("172.30.0.2"), ip("fd00:30::2")));
        registry.join("lan", EndpointRecord.of(LAN_CLIENT, "lan-client", ip("192.168.1.50")));
    }

    @Test
    void anAddressOfAnOwnedSubnetThatNoEndpointHoldsIsNxdomainHere() {
        for (String address : List.of("172.30.0.200", "172.30.255.255", "172.30.0.1", "fd00:30::200")) {
            assertThat(reverse(CLIENT, address, Type.PTR)).as(address).isInstanceOf(LookupResult.NameError.class);
            assertThat(reverse(CLIENT, address, Type.TXT)).as(address).isInstanceOf(LookupResult.NameError.class);
        }
    }

    @Test
    void anAddressAnEndpointHoldsStillPointsToItsName() {
        assertThat(reverse(CLIENT, "172.30.0.2", Type.PTR)).isEqualTo(new LookupResult.Pointers(List.of(name("web."))));
        assertThat(reverse(CLIENT, "fd00:30::2", Type.PTR)).isEqualTo(new LookupResult.Pointers(List.of(name("web."))));
        assertThat(reverse(CLIENT, "172.30.0.2", Type.TXT)).isInstanceOf(LookupResult.NoData.class);
    }

    @Test
    void aContainerNotOnTheOwnedNetworkGetsNxdomainTooNeverTheName() {
        assertThat(reverse(LAN_CLIENT, "172.30.0.2", Type.PTR)).isInstanceOf(LookupResult.NameError.class);
        assertThat(reverse("not-attached", "172.30.0.200", Type.PTR)).isInstanceOf(LookupResult.NameError.class);
    }

    @Test
    void aLanSubnetAndAddressesOutsideEveryOwnedSubnetGoUpstream() {
        assertThat(reverse(LAN_CLIENT, "192.168.1.1", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "192.168.1.1", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "172.31.0.1", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "8.8.8.8", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "fd00:31::1", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void theLanEndpointsOwnAddressStillResolvesOnItsNetwork() {
        assertThat(reverse(LAN_CLIENT, "192.168.1.50", Type.PTR))
                .isEqualTo(new LookupResult.Pointers(List.of(name("lan-client."))));
    }

    @Test
    void aForwardedSubnetInsideAnOwnedOneStaysForwarded() {
        registry.defineNetwork(NetworkDefinition.of("wide", List.of(IpPrefix.parse("10.0.0.0/8"))));
        registry.defineNetwork(NetworkDefinition.of("office", List.of(IpPrefix.parse("10.1.0.0/16")))
                .with(ReverseLookups.FORWARD_UNKNOWN));

        assertThat(reverse(CLIENT, "10.1.2.3", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "10.2.2.3", Type.PTR)).isInstanceOf(LookupResult.NameError.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"30.172.in-addr.arpa.", "0.30.172.in-addr.arpa.", "0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa."})
    void aPrefixInsideAnOwnedSubnetIsAnEmptyNonTerminal(String prefix) {
        assertThat(registry.lookup(CLIENT, name(prefix), Type.SOA)).isInstanceOf(LookupResult.NoData.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "www.2.0.30.172.in-addr.arpa.",
                "300.0.30.172.in-addr.arpa.",
                "02.0.30.172.in-addr.arpa.",
                "x.0.30.172.in-addr.arpa.",
                "xx.0.0.0.0.0.0.0.0.0.3.0.0.0.0.d.f.ip6.arpa."
            })
    void aNameBelowAnOwnedPrefixThatCannotBeAnAddressIsNxdomain(String name) {
        assertThat(registry.lookup(CLIENT, name(name), Type.PTR)).isInstanceOf(LookupResult.NameError.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"172.in-addr.arpa.", "in-addr.arpa.", "d.f.ip6.arpa.", "ip6.arpa."})
    void aPrefixWiderThanEveryOwnedSubnetGoesUpstream(String prefix) {
        assertThat(registry.lookup(CLIENT, name(prefix), Type.SOA)).isInstanceOf(LookupResult.NotFound.class);
    }

    @Test
    void aNetworkNeverDefinedOrRemovedForwardsItsUnknownAddresses() {
        registry.join("undefined", EndpointRecord.of("u".repeat(64), "u", ip("10.77.0.2")));
        registry.removeNetwork("front");

        assertThat(reverse(CLIENT, "172.30.0.200", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "10.77.0.3", Type.PTR)).isInstanceOf(LookupResult.NotFound.class);
        assertThat(reverse(CLIENT, "172.30.0.2", Type.PTR)).isEqualTo(new LookupResult.Pointers(List.of(name("web."))));
    }

    private LookupResult reverse(String requester, String address, int type) {
        return registry.lookup(requester, ReverseMap.fromAddress(ip(address)), type);
    }
}
