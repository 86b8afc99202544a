package io.shoal.ipam;

import static io.shoal.ipam.Fixtures.assertFails;
import static io.shoal.ipam.Fixtures.cidr;
import static io.shoal.ipam.Fixtures.ip;
import static io.shoal.ipam.Fixtures.memoryDriver;
import static io.shoal.ipam.Fixtures.next;
import static org.assertj.core.api.Assertions.assertThat;

import io.shoal.net.IpPrefix;
import io.shoal.spi.ErrorKind;
import io.shoal.spi.ipam.AddressRequest;
import io.shoal.spi.ipam.PoolAddress;
import io.shoal.spi.ipam.PoolAllocation;
import io.shoal.spi.ipam.PoolRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultIpamDriverTest {
    private final DefaultIpamDriver driver = memoryDriver();

    private PoolAllocation pool(String subnet, String owner) {
        return driver.requestPool(
                PoolRequest.builder("local").subnet(subnet).owner(owner).build());
    }

    @Test
    void describesItself() {
        assertThat(driver.type()).isEqualTo("default");
        assertThat(driver.defaultAddressSpaces().local()).isEqualTo("local");
        assertThat(driver.defaultAddressSpaces().global()).isEqualTo("global");
        assertThat(driver.capabilities().requiresMacAddress()).isFalse();
    }

    @Test
    void explicitSubnetGetsItsFirstUsableAddressAsGateway() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        assertThat(pool.poolId()).isEqualTo("local/10.1.0.0/24");
        assertThat(pool.subnet()).isEqualTo(cidr("10.1.0.0/24"));
        assertThat(pool.data().gateway()).contains(cidr("10.1.0.1/24"));
        assertThat(pool.meta()).containsEntry("com.docker.network.gateway", "10.1.0.1/24");
        assertThat(driver.requestAddress(AddressRequest.next(pool.poolId())).address())
                .isEqualTo(cidr("10.1.0.2/24"));
    }

    @Test
    void gatewayAndAuxiliaryAddressesAreNeverHandedOut() {
        PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.1.0.0/29")
                .gateway("10.1.0.6")
                .auxAddress("router", "10.1.0.1")
                .owner("web")
                .build());
        assertThat(pool.data().auxAddresses()).containsEntry("router", ip("10.1.0.1"));
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(next(driver, pool.poolId()));
        }
        assertThat(got).containsExactly("10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5");
        assertFails(
                ErrorKind.UNAVAILABLE,
                "no free address in 10.1.0.0/29 (network web)",
                () -> next(driver, pool.poolId()));
        assertFails(
                ErrorKind.CONFLICT,
                "the gateway",
                () -> driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.1.0.6"))));
        assertFails(
                ErrorKind.CONFLICT,
                "auxiliary address 'router'",
                () -> driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.1.0.1"))));
    }

    @Test
    void defaultGatewaySkipsAuxiliaryAddresses() {
        PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.1.0.0/24")
                .auxAddress("router", "10.1.0.1")
                .build());
        assertThat(pool.data().gateway()).contains(cidr("10.1.0.2/24"));
    }

    @Test
    void ipv4NetworkAndBroadcastAddressesAreNeverHandedOut() {
        PoolAllocation pool = pool("10.1.0.0/30", "tiny");
        assertThat(pool.data().gateway()).contains(cidr("10.1.0.1/30"));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.0.2");
        assertFails(
                ErrorKind.UNAVAILABLE,
                "no free address in 10.1.0.0/30 (network tiny)",
                () -> next(driver, pool.poolId()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "network address of 10.1.0.0/30",
                () -> driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.1.0.0"))));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "broadcast address of 10.1.0.0/30",
                () -> driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.1.0.3"))));
    }

    @Test
    void anIpv4Slash31HoldsTheGatewayAndOneEndpoint() {
        PoolAllocation pool = pool("10.255.1.0/31", "p2p");
        assertThat(pool.data().gateway()).contains(cidr("10.255.1.0/31"));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.255.1.1");
        assertFails(
                ErrorKind.UNAVAILABLE,
                "no free address in 10.255.1.0/31 (network p2p)",
                () -> next(driver, pool.poolId()));
        driver.releaseAddress(pool.poolId(), ip("10.255.1.1"));
        assertThat(driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.255.1.1")))
                        .address())
                .isEqualTo(cidr("10.255.1.1/31"));
    }

    @Test
    void aSlash31GatewayMayBeEitherAddress() {
        PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.255.1.0/31")
                .gateway("10.255.1.1")
                .build());
        assertThat(pool.data().gateway()).contains(cidr("10.255.1.1/31"));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.255.1.0");
    }

    @Test
    void aSlash31WithAnAuxiliaryAddressHasNoRoomAndSaysSo() {
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "10.255.1.0/31 has no address left for endpoints after the gateway and auxiliary addresses; use a"
                        + " larger subnet or fewer auxiliary addresses",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.255.1.0/31")
                        .auxAddress("peer", "10.255.1.1")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range 10.1.0.9/32 of 10.1.0.0/24 has no address left for endpoints after the gateway and auxiliary"
                        + " addresses; use a larger ip-range, or a --gateway outside it",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .range("10.1.0.9/32")
                        .build()));
        PoolAllocation single = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.1.0.0/24")
                .range("10.1.0.9/32")
                .gateway("10.1.0.1")
                .build());
        assertThat(next(driver, single.poolId())).isEqualTo("10.1.0.9");
    }

    @Test
    void anIpv6Slash127HasNoSubnetRouterAnycastAddress() {
        PoolAllocation pool = driver.requestPool(
                PoolRequest.builder("local").subnet("fd00:1::/127").v6(true).build());
        assertThat(pool.data().gateway()).contains(cidr("fd00:1::/127"));
        assertThat(next(driver, pool.poolId())).isEqualTo("fd00:1::1");
        assertFails(ErrorKind.UNAVAILABLE, "no free address in fd00:1::/127", () -> next(driver, pool.poolId()));
    }

    @Test
    void ipv6SubnetRouterAnycastAddressIsNeverHandedOut() {
        PoolAllocation pool = driver.requestPool(
                PoolRequest.builder("local").subnet("fd00:1::/126").v6(true).build());
        assertThat(pool.data().gateway()).contains(cidr("fd00:1::1/126"));
        assertThat(next(driver, pool.poolId())).isEqualTo("fd00:1::2");
        assertThat(next(driver, pool.poolId())).isEqualTo("fd00:1::3");
        assertFails(ErrorKind.UNAVAILABLE, "no free address in fd00:1::/126", () -> next(driver, pool.poolId()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet-router anycast",
                () -> driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("fd00:1::"))));
    }

    @Test
    void nextFreeDoesNotHandBackAJustReleasedAddress() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        String first = next(driver, pool.poolId());
        driver.releaseAddress(pool.poolId(), ip(first));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.0.3");
        assertThat(first).isEqualTo("10.1.0.2");
    }

    @Test
    void cursorWrapsAroundToAddressesReleasedEarlier() {
        PoolAllocation pool = pool("10.1.0.0/29", "web");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            got.add(next(driver, pool.poolId()));
        }
        assertThat(got).containsExactly("10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6");
        driver.releaseAddress(pool.poolId(), ip("10.1.0.4"));
        driver.releaseAddress(pool.poolId(), ip("10.1.0.3"));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.0.3");
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.0.4");
    }

    @Test
    void specificAddressesAreCheckedAgainstThePool() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        String id = pool.poolId();
        assertThat(driver.requestAddress(AddressRequest.specific(id, ip("10.1.0.77")))
                        .address())
                .isEqualTo(cidr("10.1.0.77/24"));
        assertFails(
                ErrorKind.CONFLICT,
                "10.1.0.77 is already in use in 10.1.0.0/24 (network web)",
                () -> driver.requestAddress(AddressRequest.specific(id, ip("10.1.0.77"))));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "10.2.0.1 is outside 10.1.0.0/24",
                () -> driver.requestAddress(AddressRequest.specific(id, ip("10.2.0.1"))));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "is IPv6 but 10.1.0.0/24 (network web) is IPv4",
                () -> driver.requestAddress(AddressRequest.specific(id, ip("fd00::5"))));
    }

    @Test
    void releasingTwiceOrOutsideIsAnError() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        InetAddress address = driver.requestAddress(AddressRequest.next(pool.poolId()))
                .address()
                .address();
        driver.releaseAddress(pool.poolId(), address);
        assertFails(
                ErrorKind.NOT_FOUND,
                "10.1.0.2 is not allocated in 10.1.0.0/24 (network web); was it released" + " twice?",
                () -> driver.releaseAddress(pool.poolId(), address));
        assertFails(ErrorKind.INVALID_ARGUMENT, "outside", () -> driver.releaseAddress(pool.poolId(), ip("10.9.0.1")));
        assertFails(
                ErrorKind.NOT_FOUND,
                "no IPAM pool 'local/10.9.0.0/24'",
                () -> driver.releaseAddress("local/10.9.0.0/24", ip("10.9.0.1")));
        assertFails(ErrorKind.NOT_FOUND, "no IPAM pool", () -> driver.requestAddress(AddressRequest.next("nope")));
    }

    @Test
    void ipRangeLimitsNextFreeButNotSpecificAddresses() {
        PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.1.0.0/16")
                .range("10.1.5.0/30")
                .owner("web")
                .build());
        assertThat(pool.range()).contains(cidr("10.1.5.0/30"));
        assertThat(pool.data().gateway())
                .as("like Docker, the gateway comes from the range")
                .contains(cidr("10.1.5.0/16"));
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.5.1");
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.5.2");
        assertThat(next(driver, pool.poolId())).isEqualTo("10.1.5.3");
        assertFails(
                ErrorKind.UNAVAILABLE,
                "no free address in ip-range 10.1.5.0/30 of 10.1.0.0/16 (network web)",
                () -> next(driver, pool.poolId()));
        assertThat(driver.requestAddress(AddressRequest.specific(pool.poolId(), ip("10.1.9.9")))
                        .address())
                .isEqualTo(cidr("10.1.9.9/16"));
    }

    @Test
    void badPoolRequestsSayWhatToFix() {
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "10.1.0.1/24 has host bits set; did you mean 10.1.0.0/24?",
                () -> pool("10.1.0.1/24", "web"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet 10.1.0.7/32 holds a single address, which the network's gateway takes, leaving none for an"
                        + " endpoint; use a /31 (a point-to-point subnet, RFC 3021: the gateway and one endpoint)",
                () -> pool("10.1.0.7/32", "web"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet fd00::7/128 holds a single address, which the network's gateway takes, leaving none for an"
                        + " endpoint; use a /127 (a point-to-point subnet, RFC 6164",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("fd00::7/128")
                        .v6(true)
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range 10.0.0.0/16 is larger than subnet 10.0.5.0/24; an ip-range is a part of its subnet: use a"
                        + " /24 or longer prefix",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.0.5.0/24")
                        .range("10.0.0.0/16")
                        .build()));
        assertFails(ErrorKind.INVALID_ARGUMENT, "subnet", () -> PoolRequest.builder("local")
                .subnet("10.1.0.0/33"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet '10.1.0/24' is not valid CIDR: '10.1.0' is not an IPv4 or IPv6 address",
                () -> PoolRequest.builder("local").subnet("10.1.0/24"));
        assertFails(ErrorKind.INVALID_ARGUMENT, "IPv4-mapped", () -> PoolRequest.builder("local")
                .subnet("::ffff:10.1.0.0/120"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range 10.2.0.0/25 is outside subnet 10.1.0.0/24",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .range("10.2.0.0/25")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range 10.1.0.0/23 is larger than subnet 10.1.0.0/24",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .range("10.1.0.0/23")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range 10.1.0.1/25 has host bits set; did you mean 10.1.0.0/25?",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .range("10.1.0.1/25")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "gateway 10.2.0.1 is outside 10.1.0.0/24",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .gateway("10.2.0.1")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "gateway 10.1.0.255 is the broadcast address",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .gateway("10.1.0.255")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "aux-address db=10.1.0.1 is already the gateway",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .gateway("10.1.0.1")
                        .auxAddress("db", "10.1.0.1")
                        .build()));
        assertThat(driver.pools()).as("a refused request leaves nothing behind").isEmpty();
    }

    @Test
    void mixedFamiliesAreRefused() {
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range fd00::/120 is IPv6 but subnet 10.1.0.0/24 is IPv4",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .range("fd00::/120")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "gateway fd00::1 is IPv6 but 10.1.0.0/24 is IPv4",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .gateway("fd00::1")
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet fd00::/64 is IPv6 but it was given for the network's IPv4" + " pool",
                () -> driver.requestPool(
                        PoolRequest.builder("local").subnet("fd00::/64").build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "subnet 10.1.0.0/24 is IPv4 but it was given for the network's IPv6" + " pool",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("10.1.0.0/24")
                        .v6(true)
                        .build()));
    }

    @Test
    void ipv4MappedAddressesBuiltByHandAreRefused() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "is an IPv4-mapped IPv6 address; use the IPv4 address itself",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet(new IpPrefix(address, 120))
                        .v6(true)
                        .build()));
    }

    @Test
    void requestsNeedAKnownAddressSpaceAndNoUnknownOptions() {
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "unknown address space 'LocalDefault'; the default IPAM driver has" + " 'local' and 'global'",
                () -> driver.requestPool(PoolRequest.automatic("LocalDefault", false, "x")));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "unknown IPAM option(s) [color]",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .options(Map.of("color", "red"))
                        .build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "ip-range needs an explicit subnet",
                () -> driver.requestPool(
                        PoolRequest.builder("local").range("10.1.0.0/24").build()));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "gateway needs an explicit subnet",
                () -> driver.requestPool(
                        PoolRequest.builder("local").gateway("10.1.0.1").build()));
    }

    @Test
    void overlappingExplicitSubnetNamesTheNetworkHoldingIt() {
        pool("10.1.0.0/16", "web");
        assertFails(
                ErrorKind.CONFLICT,
                "subnet 10.1.5.0/24 overlaps 10.1.0.0/16 of network web (pool" + " local/10.1.0.0/16)",
                () -> pool("10.1.5.0/24", "db"));
        assertFails(ErrorKind.CONFLICT, "of network web", () -> pool("10.0.0.0/8", "db"));
        assertFails(ErrorKind.CONFLICT, "of network web", () -> pool("10.1.0.0/16", "db"));
        PoolAllocation global = driver.requestPool(PoolRequest.builder("global")
                .subnet("10.1.0.0/16")
                .owner("overlay")
                .build());
        assertThat(global.poolId()).as("address spaces are separate").isEqualTo("global/10.1.0.0/16");
    }

    @Test
    void automaticPoolsFollowDockersDefaultsAndSkipWhatIsTaken() {
        List<IpPrefix> routes = new ArrayList<>(List.of(cidr("0.0.0.0/0"), cidr("172.20.5.0/24")));
        DefaultIpamDriver auto = Fixtures.memoryDriver(IpamConfig.dockerDefaultPools(), () -> routes);
        assertThat(auto.requestPool(PoolRequest.automatic("local", false, "a")).subnet())
                .isEqualTo(cidr("172.17.0.0/16"));
        assertThat(auto.requestPool(PoolRequest.automatic("local", false, "b")).subnet())
                .isEqualTo(cidr("172.18.0.0/16"));
        auto.requestPool(PoolRequest.builder("global").subnet("172.19.128.0/24").build());
        assertThat(auto.requestPool(PoolRequest.automatic("local", false, "c")).subnet())
                .as("skips a pool of another address space, and a host route")
                .isEqualTo(cidr("172.21.0.0/16"));
        auto.releasePool("local/172.18.0.0/16");
        assertThat(auto.requestPool(PoolRequest.automatic("local", false, "d")).subnet())
                .as("a released pool is free again")
                .isEqualTo(cidr("172.18.0.0/16"));
        routes.add(cidr("172.22.0.0/15"));
        assertThat(auto.requestPool(PoolRequest.automatic("local", false, "e")).subnet())
                .as("routes are read on every request")
                .isEqualTo(cidr("172.24.0.0/16"));
    }

    @Test
    void exhaustedDefaultPoolsSuggestConfiguringMore() {
        DefaultIpamDriver small = Fixtures.memoryDriver(
                List.of(new DefaultPool(cidr("10.9.0.0/23"), 24)), () -> List.of(cidr("10.9.1.0/25")));
        assertThat(small.requestPool(PoolRequest.automatic("local", false, "a")).subnet())
                .isEqualTo(cidr("10.9.0.0/24"));
        assertFails(
                ErrorKind.UNAVAILABLE,
                "all default IPv4 address pools are in use: 10.9.0.0/23 (as /24s)",
                () -> small.requestPool(PoolRequest.automatic("local", false, "b")));
        assertFails(
                ErrorKind.UNAVAILABLE,
                "default-address-pools=base=10.200.0.0/16,size=24",
                () -> small.requestPool(PoolRequest.automatic("local", false, "b")));
    }

    @Test
    void automaticIpv6PoolsAreSlash64sOfTheUniqueLocalPrefix() {
        IpPrefix ula = driver.defaultPools().stream()
                .filter(p -> p.base().isIpv6())
                .findFirst()
                .orElseThrow()
                .base();
        assertThat(ula.length()).isEqualTo(48);
        assertThat(ula.address().getAddress()[0]).isEqualTo((byte) 0xfd);
        PoolAllocation first = driver.requestPool(PoolRequest.automatic("local", true, "v6a"));
        PoolAllocation second = driver.requestPool(PoolRequest.automatic("local", true, "v6b"));
        assertThat(first.subnet())
                .isEqualTo(
                        ula.network().toString().equals(first.subnet().toString())
                                ? first.subnet()
                                : new IpPrefix(ula.address(), 64));
        assertThat(second.subnet().length()).isEqualTo(64);
        assertThat(ula.contains(second.subnet().address())).isTrue();
        assertThat(second.subnet()).isNotEqualTo(first.subnet());
        assertThat(first.data().gateway().orElseThrow().address())
                .isEqualTo(Addresses.fromNumber(Addresses.first(first.subnet()).add(java.math.BigInteger.ONE), 128));
    }

    @Test
    void largePoolsWork() {
        PoolAllocation eight = pool("10.0.0.0/8", "big");
        assertThat(next(driver, eight.poolId())).isEqualTo("10.0.0.2");
        assertThat(driver.requestAddress(AddressRequest.specific(eight.poolId(), ip("10.255.255.254")))
                        .address())
                .isEqualTo(cidr("10.255.255.254/8"));
        PoolAllocation v6 = driver.requestPool(
                PoolRequest.builder("local").subnet("fd00:9::/64").v6(true).build());
        assertThat(next(driver, v6.poolId())).isEqualTo("fd00:9::2");
        assertThat(driver.requestAddress(AddressRequest.specific(v6.poolId(), ip("fd00:9::ffff:ffff:ffff:ffff")))
                        .address())
                .isEqualTo(cidr("fd00:9::ffff:ffff:ffff:ffff/64"));
        for (int i = 0; i < 10_000; i++) {
            next(driver, v6.poolId());
        }
        assertThat(next(driver, v6.poolId())).isEqualTo("fd00:9::2713");
        assertThat(driver.estimatedIndexBytes(v6.poolId())).isLessThan(64 * 1024);
    }

    @Test
    void ipv6SubnetsShorterThanSlash64AllocateInOneSlash64() {
        PoolAllocation wide = driver.requestPool(
                PoolRequest.builder("local").subnet("fd00:5::/48").v6(true).build());
        assertThat(next(driver, wide.poolId())).isEqualTo("fd00:5::2");
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "the /64 of fd00:5::/48 this pool allocates from",
                () -> driver.requestAddress(AddressRequest.specific(wide.poolId(), ip("fd00:5:0:7::1"))));
        PoolAllocation ranged = driver.requestPool(PoolRequest.builder("local")
                .subnet("fd00:6::/48")
                .range("fd00:6:0:7::/64")
                .v6(true)
                .build());
        assertThat(ranged.data().gateway()).contains(cidr("fd00:6:0:7::/48"));
        assertThat(next(driver, ranged.poolId())).isEqualTo("fd00:6:0:7::1");
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "use a /64 or longer ip-range",
                () -> driver.requestPool(PoolRequest.builder("local")
                        .subnet("fd00:8::/48")
                        .range("fd00:8::/60")
                        .v6(true)
                        .build()));
    }

    @Test
    void gatewayRequestsFollowTheRemoteProtocol() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        String id = pool.poolId();
        assertThat(driver.requestAddress(AddressRequest.gateway(id)).address()).isEqualTo(cidr("10.1.0.1/24"));
        // dockerd asks for the user's --gateway after RequestPool: a gateway the driver chose moves there.
        AddressRequest moved = new AddressRequest(
                id,
                Optional.of(ip("10.1.0.254")),
                Optional.empty(),
                AddressRequest.gateway(id).options());
        assertThat(driver.requestAddress(moved).address()).isEqualTo(cidr("10.1.0.254/24"));
        assertThat(driver.pools().get(0).gateway()).isEqualTo(cidr("10.1.0.254/24"));
        assertThat(next(driver, id)).as("the old gateway is free again").isEqualTo("10.1.0.1");
        AddressRequest again = new AddressRequest(
                id,
                Optional.of(ip("10.1.0.100")),
                Optional.empty(),
                AddressRequest.gateway(id).options());
        assertFails(ErrorKind.CONFLICT, "already has the gateway 10.1.0.254", () -> driver.requestAddress(again));
        // Network removal over the remote protocol releases the gateway, then the pool.
        driver.releaseAddress(id, ip("10.1.0.254"));
        assertThat(driver.pools().get(0).gatewayReserved()).isFalse();
        assertThat(driver.requestAddress(AddressRequest.gateway(id)).address()).isEqualTo(cidr("10.1.0.254/24"));
        driver.releasePool(id);
        assertFails(ErrorKind.NOT_FOUND, "no IPAM pool", () -> driver.releasePool(id));
    }

    @Test
    void addressOptionsAreChecked() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        AddressRequest withMac = new AddressRequest(
                pool.poolId(),
                Optional.empty(),
                Optional.empty(),
                Map.of(AddressRequest.MAC_ADDRESS_OPTION, "02:42:ac:11:00:02"));
        assertThat(driver.requestAddress(withMac).address()).isEqualTo(cidr("10.1.0.2/24"));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "unknown address request option(s) [color]",
                () -> driver.requestAddress(
                        new AddressRequest(pool.poolId(), Optional.empty(), Optional.empty(), Map.of("color", "red"))));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "not a known address type",
                () -> driver.requestAddress(new AddressRequest(
                        pool.poolId(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(AddressRequest.REQUEST_ADDRESS_TYPE, "other"))));
        assertFails(
                ErrorKind.INVALID_ARGUMENT,
                "not a MAC address",
                () -> driver.requestAddress(new AddressRequest(
                        pool.poolId(),
                        Optional.empty(),
                        Optional.empty(),
                        Map.of(AddressRequest.MAC_ADDRESS_OPTION, "zz"))));
    }

    @Test
    void reconcileFreesOnlyEndpointAddressesNobodyHolds() {
        PoolAllocation pool = driver.requestPool(PoolRequest.builder("local")
                .subnet("10.1.0.0/24")
                .auxAddress("router", "10.1.0.200")
                .build());
        String id = pool.poolId();
        InetAddress kept =
                driver.requestAddress(AddressRequest.next(id)).address().address();
        InetAddress orphan =
                driver.requestAddress(AddressRequest.next(id)).address().address();
        Set<PoolAddress> freed = driver.reconcile(
                Set.of(new PoolAddress(id, kept), new PoolAddress("local/192.0.2.0/24", ip("192.0.2.5"))));
        assertThat(freed).containsExactly(new PoolAddress(id, orphan));
        assertThat(driver.endpointAddresses(id)).containsExactly(kept);
        PoolInfo info = driver.pools().get(0);
        assertThat(info.gatewayReserved()).isTrue();
        assertThat(info.auxAddresses()).containsEntry("router", ip("10.1.0.200"));
        assertThat(info.endpointAddresses()).isEqualTo(1);
    }

    @Test
    void releasedPoolRefusesFurtherRequests() {
        PoolAllocation pool = pool("10.1.0.0/24", "web");
        next(driver, pool.poolId());
        driver.releasePool(pool.poolId());
        assertFails(ErrorKind.NOT_FOUND, "no IPAM pool 'local/10.1.0.0/24'", () -> next(driver, pool.poolId()));
        assertThat(pool("10.1.0.0/24", "again").poolId()).isEqualTo("local/10.1.0.0/24");
        assertThat(next(driver, pool.poolId())).as("a new pool starts afresh").isEqualTo("10.1.0.2");
    }
}
